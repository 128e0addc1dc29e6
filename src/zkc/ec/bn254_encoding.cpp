#include "zkc/ec/bn254_encoding.hpp"

#include <string>

namespace zkc::ec::bn254 {
namespace {

using Bytes32 = std::span<const std::uint8_t, 32>;

constexpr std::uint8_t kFlagMask = 0xc0;
constexpr std::uint8_t kFlagSmaller = 0x80;
constexpr std::uint8_t kFlagLarger = 0xc0;
constexpr std::uint8_t kFlagInfinity = 0x40;

Error err(Errc code, const std::string& what) { return make_error(code, what); }

void put(std::uint8_t* out, const Fq& v) { v.to_bytes_be(std::span<std::uint8_t, 32>(out, 32)); }

Result<Fq> get(const std::uint8_t* in, const char* name) {
  auto r = Fq::from_bytes_be(Bytes32(in, 32));
  if (!r) return err(Errc::kNotCanonical, std::string(name) + " coordinate is not below the field modulus");
  return r;
}

bool all_zero(std::span<const std::uint8_t> in) {
  std::uint8_t acc = 0;
  for (auto b : in) acc |= b;
  return acc == 0;
}

// y is the larger root when y > -y as integers, i.e. y > (p - 1) / 2.
bool is_larger(const Fq& y) { return (-y).to_u256() < y.to_u256(); }
bool is_larger(const Fq2& y) {
  if (!y.c1.is_zero()) return is_larger(y.c1);
  return is_larger(y.c0);
}

// For encodings of a finite point: (0, 0) is not on the curve (it is the in-memory sentinel for
// infinity, so is_on_curve() alone would accept it).
Result<G1Affine> check_g1(const G1Affine& p, const char* what) {
  if (p.is_infinity() || !p.is_on_curve()) return err(Errc::kNotOnCurve, std::string(what) + ": G1 point is not on the curve y^2 = x^3 + 3");
  return p;
}
Result<G2Affine> check_g2(const G2Affine& p, const char* what) {
  if (p.is_infinity() || !p.is_on_curve()) return err(Errc::kNotOnCurve, std::string(what) + ": G2 point is not on the twist curve");
  if (!is_in_subgroup_vartime(p))
    return err(Errc::kNotInSubgroup, std::string(what) + ": G2 point is not in the order-r subgroup");
  return p;
}

}  // namespace

std::array<std::uint8_t, kG1EvmBytes> g1_to_evm(const G1Affine& p) {
  std::array<std::uint8_t, kG1EvmBytes> out{};
  if (p.is_infinity()) return out;
  put(out.data(), p.x);
  put(out.data() + 32, p.y);
  return out;
}

Result<G1Affine> g1_from_evm(std::span<const std::uint8_t> in) {
  if (in.size() != kG1EvmBytes)
    return err(Errc::kBadLength, "EVM G1 point must be 64 bytes, got " + std::to_string(in.size()));
  ZKC_TRY(const Fq x, get(in.data(), "EVM G1 x"));
  ZKC_TRY(const Fq y, get(in.data() + 32, "EVM G1 y"));
  if (x.is_zero() && y.is_zero()) return G1Affine::identity();
  return check_g1(G1Affine::from_xy_unchecked(x, y), "EVM G1");
}

std::array<std::uint8_t, kG2EvmBytes> g2_to_evm(const G2Affine& p) {
  std::array<std::uint8_t, kG2EvmBytes> out{};
  if (p.is_infinity()) return out;
  put(out.data(), p.x.c1);
  put(out.data() + 32, p.x.c0);
  put(out.data() + 64, p.y.c1);
  put(out.data() + 96, p.y.c0);
  return out;
}

Result<G2Affine> g2_from_evm(std::span<const std::uint8_t> in) {
  if (in.size() != kG2EvmBytes)
    return err(Errc::kBadLength, "EVM G2 point must be 128 bytes, got " + std::to_string(in.size()));
  ZKC_TRY(const Fq x_im, get(in.data(), "EVM G2 x_im"));
  ZKC_TRY(const Fq x_re, get(in.data() + 32, "EVM G2 x_re"));
  ZKC_TRY(const Fq y_im, get(in.data() + 64, "EVM G2 y_im"));
  ZKC_TRY(const Fq y_re, get(in.data() + 96, "EVM G2 y_re"));
  const Fq2 x{x_re, x_im}, y{y_re, y_im};
  if (x.is_zero() && y.is_zero()) return G2Affine::identity();
  return check_g2(G2Affine::from_xy_unchecked(x, y), "EVM G2");
}

// --- compressed --------------------------------------------------------------------------------
namespace {

// x in the compressed layout: Fq as is, Fq2 as x_im || x_re.
void put_x(std::uint8_t* out, const Fq& x) { put(out, x); }
void put_x(std::uint8_t* out, const Fq2& x) {
  put(out, x.c1);
  put(out + 32, x.c0);
}
Result<Fq> get_x(const std::uint8_t* in, const Fq*, const std::string& what) {
  return get(in, (what + " x").c_str());
}
Result<Fq2> get_x(const std::uint8_t* in, const Fq2*, const std::string& what) {
  ZKC_TRY(const Fq x_im, get(in, (what + " x_im").c_str()));
  ZKC_TRY(const Fq x_re, get(in + 32, (what + " x_re").c_str()));
  return Fq2{x_re, x_im};
}

template <class Cfg, std::size_t N>
std::array<std::uint8_t, N> compress(const Affine<Cfg>& p) {
  std::array<std::uint8_t, N> out{};
  if (p.is_infinity()) {
    out[0] = kFlagInfinity;
    return out;
  }
  put_x(out.data(), p.x);
  out[0] |= is_larger(p.y) ? kFlagLarger : kFlagSmaller;
  return out;
}

// Decodes the flags and x, and recovers y; on-curve by construction, subgroup not checked.
template <class Cfg, std::size_t N>
Result<Affine<Cfg>> decompress(std::span<const std::uint8_t> in, const std::string& what) {
  using Field = typename Cfg::Field;
  if (in.size() != N)
    return err(Errc::kBadLength, what + " point must be " + std::to_string(N) + " bytes, got " +
                                     std::to_string(in.size()));
  const std::uint8_t flags = in[0] & kFlagMask;
  std::array<std::uint8_t, N> xb;
  std::copy(in.begin(), in.end(), xb.begin());
  xb[0] &= static_cast<std::uint8_t>(~kFlagMask);
  if (flags == kFlagInfinity) {
    if (!all_zero(xb)) return err(Errc::kNotCanonical, what + " infinity has nonzero bits");
    return Affine<Cfg>::identity();
  }
  if (flags != kFlagSmaller && flags != kFlagLarger)
    return err(Errc::kNotCanonical, what + " point has no compression flag (top bits 00)");
  ZKC_TRY(const Field x, get_x(xb.data(), static_cast<const Field*>(nullptr), what));
  const auto y = (x.square() * x + Cfg::b()).sqrt();
  if (!y) return err(Errc::kNotOnCurve, what + " x has no point on the curve (x^3 + b is not a square)");
  Field yy = *y;
  if (is_larger(yy) != (flags == kFlagLarger)) yy = -yy;
  return Affine<Cfg>::from_xy_unchecked(x, yy);
}

}  // namespace

std::array<std::uint8_t, kG1CompressedBytes> g1_compress(const G1Affine& p) {
  return compress<G1Config, kG1CompressedBytes>(p);
}

Result<G1Affine> g1_decompress(std::span<const std::uint8_t> in) {
  return decompress<G1Config, kG1CompressedBytes>(in, "compressed G1");  // cofactor 1: on-curve suffices
}

std::array<std::uint8_t, kG2CompressedBytes> g2_compress(const G2Affine& p) {
  return compress<G2Config, kG2CompressedBytes>(p);
}

Result<G2Affine> g2_decompress(std::span<const std::uint8_t> in) {
  ZKC_TRY(const G2Affine p, (decompress<G2Config, kG2CompressedBytes>(in, "compressed G2")));
  if (p.is_infinity()) return p;
  return check_g2(p, "compressed G2");
}

// --- snarkjs JSON ------------------------------------------------------------------------------
namespace {

Result<Fq> json_fq(const nlohmann::json& j, const std::string& where) {
  if (!j.is_string()) return err(Errc::kBadFormat, where + " must be a decimal string");
  auto r = Fq::from_decimal(j.get<std::string>());
  if (!r) return err(r.error().code, where + ": " + r.error().message);
  return r;
}

Result<Fq2> json_fq2(const nlohmann::json& j, const std::string& where) {
  if (!j.is_array() || j.size() != 2) return err(Errc::kBadFormat, where + " must be an array of 2 decimal strings");
  ZKC_TRY(const Fq re, json_fq(j[0], where + "[0]"));
  ZKC_TRY(const Fq im, json_fq(j[1], where + "[1]"));
  return Fq2{re, im};
}

}  // namespace

nlohmann::json g1_to_snarkjs(const G1Affine& p) {
  if (p.is_infinity()) return nlohmann::json::array({"0", "1", "0"});
  return nlohmann::json::array({p.x.to_decimal(), p.y.to_decimal(), "1"});
}

Result<G1Affine> g1_from_snarkjs(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 3) return err(Errc::kBadFormat, "snarkjs G1 point must be an array of 3 decimal strings");
  ZKC_TRY(const Fq x, json_fq(j[0], "snarkjs G1 x"));
  ZKC_TRY(const Fq y, json_fq(j[1], "snarkjs G1 y"));
  ZKC_TRY(const Fq z, json_fq(j[2], "snarkjs G1 z"));
  if (z.is_zero()) {
    if (!x.is_zero() || !y.is_one()) return err(Errc::kNotCanonical, "snarkjs G1 infinity must be [\"0\",\"1\",\"0\"]");
    return G1Affine::identity();
  }
  if (!z.is_one()) return err(Errc::kNotCanonical, "snarkjs G1 z must be \"1\" (affine) or \"0\" (infinity)");
  return check_g1(G1Affine::from_xy_unchecked(x, y), "snarkjs G1");
}

nlohmann::json g2_to_snarkjs(const G2Affine& p) {
  using J = nlohmann::json;
  if (p.is_infinity()) return J::array({J::array({"0", "0"}), J::array({"1", "0"}), J::array({"0", "0"})});
  return J::array({J::array({p.x.c0.to_decimal(), p.x.c1.to_decimal()}),
                   J::array({p.y.c0.to_decimal(), p.y.c1.to_decimal()}), J::array({"1", "0"})});
}

Result<G2Affine> g2_from_snarkjs(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 3) return err(Errc::kBadFormat, "snarkjs G2 point must be an array of 3 pairs");
  ZKC_TRY(const Fq2 x, json_fq2(j[0], "snarkjs G2 x"));
  ZKC_TRY(const Fq2 y, json_fq2(j[1], "snarkjs G2 y"));
  ZKC_TRY(const Fq2 z, json_fq2(j[2], "snarkjs G2 z"));
  if (z.is_zero()) {
    if (!x.is_zero() || !y.is_one())
      return err(Errc::kNotCanonical, "snarkjs G2 infinity must be [[\"0\",\"0\"],[\"1\",\"0\"],[\"0\",\"0\"]]");
    return G2Affine::identity();
  }
  if (!z.is_one()) return err(Errc::kNotCanonical, "snarkjs G2 z must be [\"1\",\"0\"] (affine) or zero (infinity)");
  return check_g2(G2Affine::from_xy_unchecked(x, y), "snarkjs G2");
}

}  // namespace zkc::ec::bn254
