#include "zkc/lending/collateral_range.hpp"

#include <sodium.h>

#include <array>
#include <charconv>
#include <vector>

#include "zkc/base/random.hpp"
#include "zkc/hash/transcript.hpp"

namespace zkc::lending {

using commit::Commitment;
using commit::RistrettoPoint;
using commit::Scalar;
using json = nlohmann::json;

namespace {

constexpr const char* kOpeningFormat = "zkcredit-collateral-opening";
constexpr const char* kCommitmentsFormat = "zkcredit-collateral-commitments";
constexpr const char* kProofFormat = "zkcredit-collateral-proof";
constexpr const char* kScheme = "bulletproofs-ristretto255";
constexpr std::uint64_t kVersion = 1;

using u128 = unsigned __int128;

// 2^bits as a scalar (bits <= 64).
Scalar pow2(unsigned bits) {
  return Scalar::from_canonical_unchecked(bits == 64 ? ff::U256{{0, 1, 0, 0}}
                                                     : ff::U256::from_u64(std::uint64_t{1} << bits));
}
bool fits(std::uint64_t v, unsigned bits) { return bits == 64 || (v >> bits) == 0; }

// The application's statement, absorbed before the range proof's own.
hash::Transcript statement_transcript(const CollateralCommitments& c, const CollateralRatio& ratio,
                                      unsigned bits, const Commitment& gap_high) {
  hash::Transcript t("zkcredit/collateral/v1");
  t.append_u64("n", bits);
  t.append_u64("num", ratio.num);
  t.append_u64("den", ratio.den);
  t.append("C", c.collateral.encode());
  t.append("L", c.loan.encode());
  t.append("V_hi", gap_high.encode());
  return t;
}

// The four commitments of the range proof, as the verifier derives them:
// [Com(C), Com(L) - G, den*Com(C) - num*Com(L) - 2^n*Com(V_hi), Com(V_hi)].
std::array<Commitment, kCollateralRangeValues> derived_commitments(const CollateralCommitments& c,
                                                                   const CollateralRatio& ratio,
                                                                   unsigned bits,
                                                                   const Commitment& gap_high) {
  const Commitment gap = commit::derive_ratio_vartime(c.collateral, c.loan, ratio.num, ratio.den);
  const RistrettoPoint gap_low = gap.point() - gap_high.point().mul_vartime(pow2(bits));
  return {c.collateral, Commitment(c.loan.point() - commit::pedersen_g()), Commitment(gap_low), gap_high};
}

Status check_parameters(const CollateralRatio& ratio, unsigned bits) {
  if (!valid_collateral_bits(bits))
    return make_error(Errc::kInvalidArgument,
                      "bits = " + std::to_string(bits) + ": the collateral proof takes n in {8, 16, 32, 64}");
  if (ratio.den == 0)
    return make_error(Errc::kInvalidArgument, "ratio " + ratio.to_string() + ": zero denominator");
  if (!fits(ratio.num, bits) || !fits(ratio.den, bits))
    return make_error(Errc::kInvalidArgument,
                      "ratio " + ratio.to_string() + ": with n = " + std::to_string(bits) +
                          " bits, num and den must be below 2^" + std::to_string(bits));
  return {};
}

Error bad(const std::string& source, const std::string& pointer, const std::string& what,
          Errc code = Errc::kBadFormat) {
  return make_error(code, source + ": " + pointer + ": " + what);
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string s(2 * bytes.size() + 1, '\0');
  sodium_bin2hex(s.data(), s.size(), bytes.data(), bytes.size());
  s.pop_back();
  return s;
}

// Lower-case or upper-case hex of exactly `size` bytes.
Result<std::vector<std::uint8_t>> from_hex(const json& j, std::size_t size, const std::string& source,
                                           const std::string& pointer) {
  if (!j.is_string()) return bad(source, pointer, "expected a hex string");
  const std::string& s = j.get_ref<const std::string&>();
  if (s.size() != 2 * size)
    return bad(source, pointer,
               "expected " + std::to_string(2 * size) + " hex digits, got " + std::to_string(s.size()),
               Errc::kBadLength);
  std::vector<std::uint8_t> out(size);
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(out.data(), out.size(), s.data(), s.size(), nullptr, &len, &end) != 0 || len != size ||
      end != s.data() + s.size())
    return bad(source, pointer, "not a hex string");
  return out;
}

const json* member(const json& j, const char* key) {
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

Result<const json*> need(const json& j, const char* key, const std::string& source) {
  const json* f = member(j, key);
  if (f == nullptr) return bad(source, std::string("/") + key, "missing");
  return f;
}

Status check_header(const json& j, const char* format, const std::string& source) {
  if (!j.is_object()) return bad(source, "/", "expected a JSON object");
  ZKC_TRY(const json* f, need(j, "format", source));
  if (!f->is_string() || f->get_ref<const std::string&>() != format)
    return bad(source, "/format", std::string("expected \"") + format + "\"");
  ZKC_TRY(const json* v, need(j, "version", source));
  if (!v->is_number_integer() || v->get<std::int64_t>() != static_cast<std::int64_t>(kVersion))
    return bad(source, "/version", "unsupported version " + v->dump() + " (this build reads 1)");
  return {};
}

// A decimal string of an integer below 2^64 (JSON numbers lose precision above 2^53).
Result<std::uint64_t> u64_field(const json& j, const char* key, const std::string& source) {
  ZKC_TRY(const json* f, need(j, key, source));
  if (!f->is_string()) return bad(source, std::string("/") + key, "expected a decimal string");
  const std::string& s = f->get_ref<const std::string&>();
  std::uint64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size() || (s.size() > 1 && s[0] == '0'))
    return bad(source, std::string("/") + key, "expected a decimal integer below 2^64, got \"" + s + "\"");
  return v;
}

Result<Commitment> commitment_field(const json& j, const char* key, const std::string& source) {
  ZKC_TRY(const json* f, need(j, key, source));
  ZKC_TRY(const std::vector<std::uint8_t> bytes, from_hex(*f, 32, source, std::string("/") + key));
  auto c = Commitment::decode(std::span<const std::uint8_t, 32>(bytes.data(), 32));
  if (!c) return bad(source, std::string("/") + key, c.error().message, Errc::kNotCanonical);
  return c.value();
}

Result<Scalar> scalar_field(const json& j, const char* key, const std::string& source) {
  ZKC_TRY(const json* f, need(j, key, source));
  ZKC_TRY(std::vector<std::uint8_t> bytes, from_hex(*f, 32, source, std::string("/") + key));
  auto s = ff::curve25519::scalar_from_bytes_le(std::span<const std::uint8_t, 32>(bytes.data(), 32));
  secure_wipe(bytes.data(), bytes.size());
  if (!s) return bad(source, std::string("/") + key, "not a canonical scalar (>= l)", Errc::kNotCanonical);
  return s.value();
}

}  // namespace

CollateralOpening::~CollateralOpening() {
  secure_wipe(collateral);
  secure_wipe(loan);
  secure_wipe(collateral_blinding);
  secure_wipe(loan_blinding);
}

bool valid_collateral_bits(unsigned bits) { return bits == 8 || bits == 16 || bits == 32 || bits == 64; }

Result<CollateralOpening> open_collateral(std::uint64_t collateral, std::uint64_t loan, unsigned bits) {
  if (!valid_collateral_bits(bits))
    return make_error(Errc::kInvalidArgument,
                      "bits = " + std::to_string(bits) + ": the collateral proof takes n in {8, 16, 32, 64}");
  if (loan == 0) return make_error(Errc::kInvalidArgument, "the loan must be at least 1");
  if (!fits(collateral, bits))
    return make_error(Errc::kInvalidArgument, "the collateral must be below 2^" + std::to_string(bits));
  if (!fits(loan - 1, bits))
    return make_error(Errc::kInvalidArgument, "the loan must be at most 2^" + std::to_string(bits));
  CollateralOpening o;
  o.collateral = collateral;
  o.loan = loan;
  o.collateral_blinding = Scalar::random();
  o.loan_blinding = Scalar::random();
  return o;
}

CollateralCommitments commit_collateral(const CollateralOpening& o) {
  return {commit::commit(o.collateral, o.collateral_blinding), commit::commit(o.loan, o.loan_blinding)};
}

Result<CollateralRangeProof> prove_collateral_range(const CollateralOpening& o, const CollateralRatio& ratio,
                                                    unsigned bits) {
  if (auto s = check_parameters(ratio, bits); !s) return s.error();
  if (o.loan == 0 || !fits(o.collateral, bits) || !fits(o.loan - 1, bits))
    return make_error(Errc::kInvalidArgument, "the opening's amounts do not fit n = " + std::to_string(bits) +
                                                  " bits (C < 2^n and 1 <= L <= 2^n)");
  const u128 covered = static_cast<u128>(ratio.den) * o.collateral;
  const u128 owed = static_cast<u128>(ratio.num) * o.loan;
  if (covered < owed)
    return make_error(Errc::kInvalidArgument,
                      "the collateral does not cover " + ratio.to_string() + " x the loan: no proof exists");
  u128 gap = covered - owed;  // < 2^(2n): den, C < 2^n
  const std::uint64_t mask = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  std::array<std::uint64_t, kCollateralRangeValues> values{o.collateral, o.loan - 1,
                                                           static_cast<std::uint64_t>(gap) & mask,
                                                           static_cast<std::uint64_t>(gap >> bits)};
  const Scalar gamma_high = Scalar::random();
  const commit::Opening gap_opening =
      commit::derive_ratio_opening({Scalar::from_u64(o.collateral), o.collateral_blinding},
                                   {Scalar::from_u64(o.loan), o.loan_blinding}, ratio.num, ratio.den);
  std::array<Scalar, kCollateralRangeValues> blindings{
      o.collateral_blinding, o.loan_blinding, gap_opening.blinding - pow2(bits) * gamma_high, gamma_high};

  CollateralRangeProof p;
  p.bits = bits;
  p.ratio = ratio;
  p.gap_high = commit::commit(values[3], gamma_high);
  const CollateralCommitments c = commit_collateral(o);
  hash::Transcript t = statement_transcript(c, ratio, bits, p.gap_high);
  auto proved = commit::prove_range(t, values, blindings, bits);
  secure_wipe(gap);
  secure_wipe(values);
  secure_wipe(blindings);
  if (!proved) return proved.error();
  // The range proof commits to the values itself; they must be the ones the verifier derives.
  const auto expected = derived_commitments(c, ratio, bits, p.gap_high);
  for (std::size_t i = 0; i < kCollateralRangeValues; ++i)
    ZKC_ASSERT(proved.value().commitments[i] == expected[i]);
  p.proof = std::move(proved.value().proof);
  return p;
}

Status verify_collateral_range(const CollateralCommitments& c, const CollateralRangeProof& p) {
  if (auto s = check_parameters(p.ratio, p.bits); !s) return s;
  hash::Transcript t = statement_transcript(c, p.ratio, p.bits, p.gap_high);
  const auto derived = derived_commitments(c, p.ratio, p.bits, p.gap_high);
  return commit::verify_range(t, p.proof, derived, p.bits);
}

Status verify_collateral_range_batch(std::span<const CollateralCommitments> commitments,
                                     std::span<const CollateralRangeProof> proofs) {
  if (commitments.size() != proofs.size())
    return make_error(Errc::kInvalidArgument, std::to_string(commitments.size()) + " commitment pairs for " +
                                                  std::to_string(proofs.size()) + " proofs");
  std::vector<hash::Transcript> transcripts;
  std::vector<std::array<Commitment, kCollateralRangeValues>> derived;
  transcripts.reserve(proofs.size());
  derived.reserve(proofs.size());
  for (std::size_t i = 0; i < proofs.size(); ++i) {
    if (auto s = check_parameters(proofs[i].ratio, proofs[i].bits); !s)
      return make_error(s.error().code, "proof " + std::to_string(i) + ": " + s.error().message);
    transcripts.push_back(
        statement_transcript(commitments[i], proofs[i].ratio, proofs[i].bits, proofs[i].gap_high));
    derived.push_back(
        derived_commitments(commitments[i], proofs[i].ratio, proofs[i].bits, proofs[i].gap_high));
  }
  std::vector<commit::RangeStatement> statements;
  statements.reserve(proofs.size());
  for (std::size_t i = 0; i < proofs.size(); ++i)
    statements.push_back({&transcripts[i], &proofs[i].proof, derived[i], proofs[i].bits});
  return commit::verify_range_batch(statements);
}

// --- files -------------------------------------------------------------------------------------------

json opening_to_json(const CollateralOpening& o) {
  return json{{"format", kOpeningFormat},
              {"version", kVersion},
              {"collateral", std::to_string(o.collateral)},
              {"loan", std::to_string(o.loan)},
              {"collateral_blinding", to_hex(ff::curve25519::scalar_to_bytes_le(o.collateral_blinding))},
              {"loan_blinding", to_hex(ff::curve25519::scalar_to_bytes_le(o.loan_blinding))}};
}

Result<CollateralOpening> opening_from_json(const json& j, const std::string& source) {
  if (auto s = check_header(j, kOpeningFormat, source); !s) return s.error();
  CollateralOpening o;
  ZKC_TRY(o.collateral, u64_field(j, "collateral", source));
  ZKC_TRY(o.loan, u64_field(j, "loan", source));
  if (o.loan == 0) return bad(source, "/loan", "the loan must be at least 1", Errc::kInvalidArgument);
  ZKC_TRY(o.collateral_blinding, scalar_field(j, "collateral_blinding", source));
  ZKC_TRY(o.loan_blinding, scalar_field(j, "loan_blinding", source));
  return o;
}

json commitments_to_json(const CollateralCommitments& c) {
  return json{{"format", kCommitmentsFormat},
              {"version", kVersion},
              {"collateral", to_hex(c.collateral.encode())},
              {"loan", to_hex(c.loan.encode())}};
}

Result<CollateralCommitments> commitments_from_json(const json& j, const std::string& source) {
  if (auto s = check_header(j, kCommitmentsFormat, source); !s) return s.error();
  CollateralCommitments c;
  ZKC_TRY(c.collateral, commitment_field(j, "collateral", source));
  ZKC_TRY(c.loan, commitment_field(j, "loan", source));
  return c;
}

json collateral_proof_to_json(const CollateralCommitments& c, const CollateralRangeProof& p) {
  return json{{"format", kProofFormat},
              {"version", kVersion},
              {"scheme", kScheme},
              {"bits", p.bits},
              {"values", kCollateralRangeValues},
              {"ratio", p.ratio.to_string()},
              {"collateral", to_hex(c.collateral.encode())},
              {"loan", to_hex(c.loan.encode())},
              {"gap_high", to_hex(p.gap_high.encode())},
              {"proof", to_hex(p.proof.to_bytes())}};
}

Result<CollateralProofFile> collateral_proof_from_json(const json& j, const std::string& source) {
  if (auto s = check_header(j, kProofFormat, source); !s) return s.error();
  ZKC_TRY(const json* scheme, need(j, "scheme", source));
  if (*scheme != kScheme) return bad(source, "/scheme", std::string("expected \"") + kScheme + "\"");
  CollateralProofFile f;
  ZKC_TRY(const json* bits, need(j, "bits", source));
  if (!bits->is_number_integer() ||
      !valid_collateral_bits(static_cast<unsigned>(bits->get<std::int64_t>())) ||
      bits->get<std::int64_t>() < 0)
    return bad(source, "/bits", "expected 8, 16, 32 or 64, got " + bits->dump(), Errc::kInvalidArgument);
  f.proof.bits = static_cast<unsigned>(bits->get<std::int64_t>());
  ZKC_TRY(const json* values, need(j, "values", source));
  if (!values->is_number_integer() ||
      values->get<std::int64_t>() != static_cast<std::int64_t>(kCollateralRangeValues))
    return bad(source, "/values", "expected 4 (C, L - 1, V_lo, V_hi), got " + values->dump(),
               Errc::kInvalidArgument);
  ZKC_TRY(const json* ratio, need(j, "ratio", source));
  if (!ratio->is_string()) return bad(source, "/ratio", "expected a string num/den");
  auto r = parse_ratio(ratio->get_ref<const std::string&>());
  if (!r) return bad(source, "/ratio", r.error().message, Errc::kInvalidArgument);
  f.proof.ratio = r.value();
  ZKC_TRY(f.commitments.collateral, commitment_field(j, "collateral", source));
  ZKC_TRY(f.commitments.loan, commitment_field(j, "loan", source));
  ZKC_TRY(f.proof.gap_high, commitment_field(j, "gap_high", source));
  ZKC_TRY(const json* proof, need(j, "proof", source));
  const std::size_t size = commit::RangeProof::serialized_size(f.proof.bits, kCollateralRangeValues);
  ZKC_TRY(const std::vector<std::uint8_t> bytes, from_hex(*proof, size, source, "/proof"));
  auto decoded = commit::RangeProof::from_bytes(bytes, f.proof.bits, kCollateralRangeValues);
  if (!decoded) return bad(source, "/proof", decoded.error().message, decoded.error().code);
  f.proof.proof = std::move(decoded.value());
  return f;
}

}  // namespace zkc::lending
