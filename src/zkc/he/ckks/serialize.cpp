#include "zkc/he/ckks/serialize.hpp"

#include <cmath>
#include <cstring>
#include <limits>

#include "zkc/base/io.hpp"
#include "zkc/base/random.hpp"

namespace zkc::he::ckks {

using nlohmann::json;

// ===================================================================================================
// Parameters as JSON
// ===================================================================================================

json parameters_to_json(const Parameters& params) {
  json j;
  j["format"] = kParamsFormat;
  j["version"] = kParamsVersion;
  j["ring_degree"] = params.ring_degree;
  j["prime_bits"] = params.prime_bits;
  int e = 0;
  const double mantissa = std::frexp(params.scale, &e);  // scale = mantissa * 2^e, mantissa in [0.5, 1)
  if (mantissa == 0.5) {
    j["scale_log2"] = e - 1;
  } else {
    j["scale"] = params.scale;
  }
  j["insecure_testing"] = params.insecure_testing;
  if (params.manual_scales) j["manual_scales"] = true;
  return j;
}

namespace {

Error json_error(const std::string& source, const std::string& field, const std::string& what) {
  return make_error(Errc::kBadFormat, source + ": " + (field.empty() ? "" : field + ": ") + what);
}

// An integer JSON value in [lo, hi] (JSON floats such as 40.0 are refused: the file is hand-edited and
// an integer field should read as one).
bool integer_in(const json& v, std::int64_t lo, std::int64_t hi, std::int64_t& out) {
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(hi)) return false;
    out = static_cast<std::int64_t>(u);
  } else if (v.is_number_integer()) {
    out = v.get<std::int64_t>();
  } else {
    return false;
  }
  return out >= lo && out <= hi;
}

}  // namespace

Result<Parameters> parameters_from_json(const json& j, const std::string& source) {
  if (!j.is_object()) return json_error(source, "", "expected a JSON object");
  static constexpr const char* kKnown[] = {"format",     "version", "ring_degree",      "prime_bits",
                                           "scale_log2", "scale",   "insecure_testing", "manual_scales"};
  for (const auto& item : j.items()) {
    bool known = false;
    for (const char* k : kKnown) known = known || item.key() == k;
    if (!known) return json_error(source, item.key(), "unknown field");
  }
  const auto format = j.find("format");
  if (format == j.end() || !format->is_string() || format->get<std::string>() != kParamsFormat) {
    return json_error(source, "format", "expected \"" + std::string(kParamsFormat) + "\"");
  }
  const auto version = j.find("version");
  std::int64_t v = 0;
  if (version == j.end() || !integer_in(*version, 0, std::numeric_limits<std::int32_t>::max(), v)) {
    return json_error(source, "version", "expected an integer");
  }
  if (v != kParamsVersion) {
    return json_error(source, "version",
                      "unsupported version " + std::to_string(v) + " (this build reads " +
                          std::to_string(kParamsVersion) + ")");
  }
  Parameters p;
  const auto degree = j.find("ring_degree");
  std::int64_t n = 0;
  if (degree == j.end() || !integer_in(*degree, 1, std::int64_t{1} << 40, n)) {
    return json_error(source, "ring_degree", "expected a positive integer (a power of two)");
  }
  p.ring_degree = static_cast<std::size_t>(n);
  const auto bits = j.find("prime_bits");
  if (bits == j.end() || !bits->is_array()) {
    return json_error(source, "prime_bits", "expected an array of prime sizes in bits");
  }
  if (bits->size() > kMaxPrimes) {
    return json_error(source, "prime_bits",
                      std::to_string(bits->size()) + " primes, at most " + std::to_string(kMaxPrimes));
  }
  for (std::size_t i = 0; i < bits->size(); ++i) {
    std::int64_t b = 0;
    if (!integer_in((*bits)[i], kMinPrimeBits, kMaxPrimeBits, b)) {
      return json_error(source, "prime_bits[" + std::to_string(i) + "]",
                        "expected an integer in [" + std::to_string(kMinPrimeBits) + ", " +
                            std::to_string(kMaxPrimeBits) + "]");
    }
    p.prime_bits.push_back(static_cast<int>(b));
  }
  const auto scale_log2 = j.find("scale_log2");
  const auto scale = j.find("scale");
  if ((scale_log2 == j.end()) == (scale == j.end())) {
    return json_error(source, "scale_log2", "give exactly one of \"scale_log2\" and \"scale\"");
  }
  if (scale_log2 != j.end()) {
    std::int64_t e = 0;
    if (!integer_in(*scale_log2, 1, kMaxPrimeBits, e)) {
      return json_error(source, "scale_log2",
                        "expected an integer in [1, " + std::to_string(kMaxPrimeBits) + "]");
    }
    p.scale = std::ldexp(1.0, static_cast<int>(e));
  } else {
    if (!scale->is_number() || !std::isfinite(scale->get<double>()) || !(scale->get<double>() > 0)) {
      return json_error(source, "scale", "expected a finite positive number");
    }
    p.scale = scale->get<double>();
  }
  const auto insecure = j.find("insecure_testing");
  if (insecure != j.end()) {
    if (!insecure->is_boolean()) return json_error(source, "insecure_testing", "expected true or false");
    p.insecure_testing = insecure->get<bool>();
  }
  const auto manual = j.find("manual_scales");
  if (manual != j.end()) {
    if (!manual->is_boolean()) return json_error(source, "manual_scales", "expected true or false");
    p.manual_scales = manual->get<bool>();
  }
  return p;
}

Result<ContextPtr> context_from_json(const json& j, const std::string& source) {
  ZKC_TRY(Parameters p, parameters_from_json(j, source));
  auto ctx = Context::create(p);
  if (!ctx.ok()) return make_error(ctx.error().code, source + ": " + ctx.error().message);
  return std::move(ctx).value();
}

Result<ContextPtr> context_from_json_text(std::string_view text, const std::string& source) {
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    return json_error(source, "", std::string("not valid JSON: ") + e.what());
  }
  return context_from_json(j, source);
}

Result<ContextPtr> read_parameters(const std::string& path) {
  ZKC_TRY(std::string text, read_text_file(path));
  return context_from_json_text(text, path);
}

std::string parameters_to_text(const Parameters& params) {
  const json j = parameters_to_json(params);
  std::string out = "{\n";
  bool first = true;
  for (const char* key : {"format", "version", "ring_degree", "prime_bits", "scale_log2", "scale",
                          "insecure_testing", "manual_scales"}) {
    if (!j.contains(key)) continue;
    if (!first) out += ",\n";
    first = false;
    out += "  \"" + std::string(key) + "\": " + j.at(key).dump();
  }
  return out + "\n}\n";
}

Status write_parameters(const Parameters& params, const std::string& path) {
  return write_text_file_atomic(path, parameters_to_text(params));
}

// ===================================================================================================
// Binary objects
// ===================================================================================================

const char* object_kind_name(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kCiphertext:
      return "ciphertext";
    case ObjectKind::kPlaintext:
      return "plaintext";
    case ObjectKind::kPublicKey:
      return "public key";
    case ObjectKind::kSecretKey:
      return "secret key";
    case ObjectKind::kRelinKey:
      return "relinearization key";
    case ObjectKind::kGaloisKeys:
      return "Galois keys";
  }
  return "unknown object";
}

namespace {

constexpr std::uint16_t kMaxKind = 6;

// Saturating size arithmetic (counts come from untrusted headers; a saturated size never matches).
std::size_t mul_sat(std::size_t a, std::size_t b) {
  std::size_t r = 0;
  return __builtin_mul_overflow(a, b, &r) ? std::numeric_limits<std::size_t>::max() : r;
}
std::size_t add_sat(std::size_t a, std::size_t b) {
  std::size_t r = 0;
  return __builtin_add_overflow(a, b, &r) ? std::numeric_limits<std::size_t>::max() : r;
}

std::string hex64(std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s = "0x";
  for (int i = 60; i >= 0; i -= 4) s += kDigits[(v >> i) & 0xf];
  return s;
}

double bits_to_double(std::uint64_t bits) {
  double d = 0;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}
std::uint64_t double_to_bits(double d) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &d, sizeof bits);
  return bits;
}

// ---- writing --------------------------------------------------------------------------------------

// Writes into a buffer sized exactly once up front (never reallocated, so a secret key is never copied
// into memory that is freed unwiped).
class Writer {
 public:
  explicit Writer(std::size_t size) : out_(size) {}
  void put(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_[pos_++] = static_cast<std::uint8_t>(v >> (8 * i));
  }
  void header(const Context& ctx, ObjectKind kind, std::size_t rows, std::size_t count, double scale) {
    for (char c : kMagic) out_[pos_++] = static_cast<std::uint8_t>(c);
    put(kFormatVersion, 2);
    put(static_cast<std::uint16_t>(kind), 2);
    put(0, 2);
    put(ctx.n(), 4);
    put(ctx.fingerprint(), 8);
    put(rows, 4);
    put(count, 4);
    put(double_to_bits(scale), 8);
  }
  void poly(const Context& ctx, const RnsPoly& p, std::size_t rows) {
    ZKC_ASSERT(p.n == ctx.n() && p.rows == rows && p.ntt && p.data.size() == rows * p.n);
    for (std::uint64_t x : p.data) put(x, 8);
  }
  std::vector<std::uint8_t> finish() {
    ZKC_ASSERT(pos_ == out_.size());
    return std::move(out_);
  }

 private:
  std::vector<std::uint8_t> out_;
  std::size_t pos_ = 0;
};

std::size_t poly_bytes(const Context& ctx, std::size_t rows) { return rows * ctx.n() * 8; }

void put_switch_key(const Context& ctx, Writer& w, const KeySwitchKey& key) {
  ZKC_ASSERT(key.b.size() == ctx.data_primes() && key.a.size() == ctx.data_primes());
  for (std::size_t j = 0; j < ctx.data_primes(); ++j) {
    w.poly(ctx, key.b[j], ctx.total_primes());
    w.poly(ctx, key.a[j], ctx.total_primes());
  }
}

std::size_t switch_key_bytes(const Context& ctx) {
  return 2 * ctx.data_primes() * poly_bytes(ctx, ctx.total_primes());
}

// ---- reading --------------------------------------------------------------------------------------

struct Header {
  std::size_t rows = 0;
  std::size_t count = 0;
  double scale = 0;
};

class Reader {
 public:
  Reader(const Context& ctx, std::span<const std::uint8_t> bytes, ObjectKind kind)
      : ctx_(ctx), bytes_(bytes), kind_(kind) {}

  Error fail(Errc code, std::size_t offset, const std::string& what) const {
    return make_error(code, std::string("ckks ") + object_kind_name(kind_) + ": offset " +
                                std::to_string(offset) + ": " + what);
  }

  std::uint64_t get(std::size_t offset, int bytes) const {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= static_cast<std::uint64_t>(bytes_[offset + i]) << (8 * i);
    return v;
  }

  // The fixed header: everything but the kind-specific rows, count and scale.
  Result<Header> header() const {
    const std::size_t m = std::min(bytes_.size(), sizeof kMagic);
    bool magic = true;
    for (std::size_t i = 0; i < m; ++i) magic = magic && bytes_[i] == static_cast<std::uint8_t>(kMagic[i]);
    if (!magic) {
      return fail(Errc::kBadFormat, 0, "wrong magic (not a zkcredit CKKS object; expected \"ZKCKKS\")");
    }
    if (bytes_.size() < kHeaderSize) {
      return fail(Errc::kBadLength, bytes_.size(),
                  "truncated header: " + std::to_string(bytes_.size()) + " bytes, the header has " +
                      std::to_string(kHeaderSize));
    }
    const std::uint64_t version = get(6, 2);
    if (version != kFormatVersion) {
      return fail(Errc::kBadFormat, 6,
                  "unsupported format version " + std::to_string(version) + " (this build reads " +
                      std::to_string(kFormatVersion) + ")");
    }
    const std::uint64_t kind = get(8, 2);
    if (kind == 0 || kind > kMaxKind) {
      return fail(Errc::kBadFormat, 8, "unknown object kind " + std::to_string(kind));
    }
    if (static_cast<ObjectKind>(kind) != kind_) {
      return fail(Errc::kInvalidArgument, 8,
                  std::string("this is a ") + object_kind_name(static_cast<ObjectKind>(kind)) + ", not a " +
                      object_kind_name(kind_));
    }
    if (get(10, 2) != 0) return fail(Errc::kBadFormat, 10, "reserved field is not 0");
    const std::uint64_t n = get(12, 4);
    if (n != ctx_.n()) {
      return fail(Errc::kInvalidArgument, 12,
                  "ring degree " + std::to_string(n) + ", but the parameters have N = " +
                      std::to_string(ctx_.n()) + " (made for other parameters)");
    }
    const std::uint64_t fingerprint = get(16, 8);
    if (fingerprint != ctx_.fingerprint()) {
      return fail(Errc::kInvalidArgument, 16,
                  "parameters fingerprint " + hex64(fingerprint) + " is not " + hex64(ctx_.fingerprint()) +
                      " (made for other parameters)");
    }
    Header h;
    h.rows = get(24, 4);
    h.count = get(28, 4);
    h.scale = bits_to_double(get(32, 8));
    return h;
  }

  Status expect_rows(const Header& h, std::size_t want, const char* what) const {
    if (h.rows != want) {
      return fail(Errc::kBadFormat, 24,
                  std::to_string(h.rows) + " rows per polynomial, expected " + std::to_string(want) + " (" +
                      what + ")");
    }
    return Status::success();
  }
  Status expect_count(const Header& h, std::size_t want) const {
    if (h.count != want) {
      return fail(Errc::kBadFormat, 28,
                  "count " + std::to_string(h.count) + ", expected " + std::to_string(want));
    }
    return Status::success();
  }
  Status expect_no_scale(const Header& h) const {
    if (double_to_bits(h.scale) != 0) return fail(Errc::kBadFormat, 32, "the scale field of a key must be 0");
    return Status::success();
  }
  // Ciphertexts and plaintexts: a level with 1..L+1 rows and a finite positive scale.
  Status check_level_and_scale(const Header& h) const {
    if (h.rows == 0 || h.rows > ctx_.data_primes()) {
      return fail(Errc::kBadFormat, 24,
                  "level out of range: " + std::to_string(h.rows) + " rows (level " +
                      std::to_string(static_cast<long long>(h.rows) - 1) +
                      "), the parameters have levels 0.." + std::to_string(ctx_.max_level()));
    }
    if (!std::isfinite(h.scale) || !(h.scale > 0)) {
      return fail(Errc::kBadFormat, 32, "scale " + std::to_string(h.scale) + " is not a finite number > 0");
    }
    return Status::success();
  }
  // The whole input is exactly `size` bytes.
  Status expect_size(std::size_t size, const std::string& layout) const {
    if (bytes_.size() < size) {
      return fail(Errc::kBadLength, bytes_.size(),
                  "truncated: " + layout + " needs " + std::to_string(size) + " bytes, got " +
                      std::to_string(bytes_.size()));
    }
    if (bytes_.size() > size) {
      return fail(Errc::kBadLength, size,
                  std::to_string(bytes_.size() - size) + " trailing bytes after " + layout);
    }
    return Status::success();
  }

  // `rows` rows of N residues at `offset` (in bounds: checked by expect_size). Every residue must be below
  // its prime; the check is branch-free over all residues (secret keys go through here), and only an
  // invalid input is scanned again to name the first bad residue.
  Result<RnsPoly> poly(std::size_t& offset, std::size_t rows, const std::string& what) const {
    const std::size_t n = ctx_.n();
    RnsPoly p(n, rows, true);
    std::uint64_t bad = 0;
    for (std::size_t i = 0; i < rows; ++i) {
      const std::uint64_t q = ctx_.modulus(i).value();
      std::uint64_t* r = p.row(i);
      for (std::size_t k = 0; k < n; ++k) {
        const std::uint64_t x = get(offset + (i * n + k) * 8, 8);
        r[k] = x;
        // x >= q exactly when the 128-bit difference x - q does not wrap.
        bad |= 1 ^ static_cast<std::uint64_t>((static_cast<u128>(x) - q) >> 127);
      }
    }
    if (bad != 0) {
      for (std::size_t i = 0; i < rows; ++i) {
        const std::uint64_t q = ctx_.modulus(i).value();
        for (std::size_t k = 0; k < n; ++k) {
          if (p.row(i)[k] >= q) {
            const std::size_t at = offset + (i * n + k) * 8;
            p.wipe();
            return fail(Errc::kNotCanonical, at,
                        what + " row " + std::to_string(i) + " index " + std::to_string(k) +
                            ": residue is not below its prime " + std::to_string(q));
          }
        }
      }
    }
    offset += rows * n * 8;
    return p;
  }

  Result<KeySwitchKey> switch_key(std::size_t& offset, const std::string& prefix) const {
    KeySwitchKey key;
    for (std::size_t j = 0; j < ctx_.data_primes(); ++j) {
      ZKC_TRY(RnsPoly b, poly(offset, ctx_.total_primes(), prefix + "b_" + std::to_string(j)));
      ZKC_TRY(RnsPoly a, poly(offset, ctx_.total_primes(), prefix + "a_" + std::to_string(j)));
      key.b.push_back(std::move(b));
      key.a.push_back(std::move(a));
    }
    return key;
  }

  const Context& ctx() const { return ctx_; }

 private:
  const Context& ctx_;
  std::span<const std::uint8_t> bytes_;
  ObjectKind kind_;
};

std::string shape(std::size_t polys, std::size_t rows, std::size_t n) {
  return std::to_string(polys) + " polynomials of " + std::to_string(rows) + " x " + std::to_string(n) +
         " residues";
}

// Constant-time equality masks (all ones when equal).
std::uint64_t eq_mask(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t d = a ^ b;
  return ((d | (0 - d)) >> 63) - 1;
}

// The secret, in coefficient form, is ternary: row 0 holds 0, 1 or q_0 - 1 at each index and every other
// row holds the same signed value. Branch-free over the coefficients; an invalid key is scanned again to
// name the first bad coefficient.
Status check_ternary(const Reader& r, const RnsPoly& s_ntt) {
  const Context& ctx = r.ctx();
  RnsPoly s = s_ntt;
  from_ntt(ctx, s);
  const std::size_t n = ctx.n();
  auto bad_at = [&](std::size_t k) -> std::uint64_t {
    const std::uint64_t c = s.row(0)[k];
    const std::uint64_t q0 = ctx.modulus(0).value();
    const std::uint64_t one = eq_mask(c, 1);
    const std::uint64_t minus_one = eq_mask(c, q0 - 1);
    std::uint64_t bad = ~(eq_mask(c, 0) | one | minus_one);
    for (std::size_t i = 1; i < s.rows; ++i) {
      const std::uint64_t want = (one & 1) | (minus_one & (ctx.modulus(i).value() - 1));
      bad |= ~eq_mask(s.row(i)[k], want);
    }
    return bad & 1;
  };
  std::uint64_t bad = 0;
  for (std::size_t k = 0; k < n; ++k) bad |= bad_at(k);
  if (bad != 0) {
    for (std::size_t k = 0; k < n; ++k) {
      if (bad_at(k) != 0) {
        s.wipe();
        return r.fail(Errc::kNotCanonical, kHeaderSize,
                      "the secret is not ternary: coefficient " + std::to_string(k) +
                          " (after the inverse NTT) is not the same value in {-1, 0, 1} modulo every prime");
      }
    }
  }
  s.wipe();
  return Status::success();
}

#define ZKC_SERIALIZE_CHECK(expr)                      \
  do {                                                 \
    Status zkc_status_ = (expr);                       \
    if (!zkc_status_.ok()) return zkc_status_.error(); \
  } while (0)

}  // namespace

// ---- save -----------------------------------------------------------------------------------------

std::vector<std::uint8_t> save_ciphertext(const Context& ctx, const Ciphertext& ct) {
  ZKC_ASSERT(ct.size() >= 2 && ct.size() <= 3 && ct.level() >= 0 && ct.level() <= ctx.max_level());
  const std::size_t rows = ct.parts[0].rows;
  Writer w(kHeaderSize + ct.size() * poly_bytes(ctx, rows));
  w.header(ctx, ObjectKind::kCiphertext, rows, ct.size(), ct.scale);
  for (const auto& p : ct.parts) w.poly(ctx, p, rows);
  return w.finish();
}

std::vector<std::uint8_t> save_plaintext(const Context& ctx, const Plaintext& pt) {
  ZKC_ASSERT(pt.level() >= 0 && pt.level() <= ctx.max_level());
  Writer w(kHeaderSize + poly_bytes(ctx, pt.poly.rows));
  w.header(ctx, ObjectKind::kPlaintext, pt.poly.rows, 1, pt.scale);
  w.poly(ctx, pt.poly, pt.poly.rows);
  return w.finish();
}

std::vector<std::uint8_t> save_public_key(const Context& ctx, const PublicKey& pk) {
  const std::size_t rows = ctx.data_primes();
  Writer w(kHeaderSize + 2 * poly_bytes(ctx, rows));
  w.header(ctx, ObjectKind::kPublicKey, rows, 2, 0);
  w.poly(ctx, pk.b, rows);
  w.poly(ctx, pk.a, rows);
  return w.finish();
}

std::vector<std::uint8_t> save_secret_key(const Context& ctx, const SecretKey& sk) {
  const std::size_t rows = ctx.total_primes();
  Writer w(kHeaderSize + poly_bytes(ctx, rows));
  w.header(ctx, ObjectKind::kSecretKey, rows, 1, 0);
  w.poly(ctx, sk.poly(), rows);
  return w.finish();
}

std::vector<std::uint8_t> save_relin_key(const Context& ctx, const RelinKey& rk) {
  Writer w(kHeaderSize + switch_key_bytes(ctx));
  w.header(ctx, ObjectKind::kRelinKey, ctx.total_primes(), ctx.data_primes(), 0);
  put_switch_key(ctx, w, rk.key);
  return w.finish();
}

std::vector<std::uint8_t> save_galois_keys(const Context& ctx, const GaloisKeys& gk) {
  Writer w(kHeaderSize + gk.keys.size() * (8 + switch_key_bytes(ctx)));
  w.header(ctx, ObjectKind::kGaloisKeys, ctx.total_primes(), gk.keys.size(), 0);
  for (const auto& [g, key] : gk.keys) {  // std::map: increasing elements
    w.put(g, 8);
    put_switch_key(ctx, w, key);
  }
  return w.finish();
}

// ---- load -----------------------------------------------------------------------------------------

Result<Ciphertext> load_ciphertext(const Context& ctx, std::span<const std::uint8_t> bytes) {
  Reader r(ctx, bytes, ObjectKind::kCiphertext);
  ZKC_TRY(Header h, r.header());
  if (h.count < 2 || h.count > 3) {
    return r.fail(Errc::kBadFormat, 28, "ciphertext size " + std::to_string(h.count) + " (must be 2 or 3)");
  }
  ZKC_SERIALIZE_CHECK(r.check_level_and_scale(h));
  ZKC_SERIALIZE_CHECK(
      r.expect_size(kHeaderSize + h.count * poly_bytes(ctx, h.rows), shape(h.count, h.rows, ctx.n())));
  Ciphertext ct;
  ct.scale = h.scale;
  std::size_t offset = kHeaderSize;
  for (std::size_t i = 0; i < h.count; ++i) {
    ZKC_TRY(RnsPoly p, r.poly(offset, h.rows, "part " + std::to_string(i)));
    ct.parts.push_back(std::move(p));
  }
  return ct;
}

Result<Plaintext> load_plaintext(const Context& ctx, std::span<const std::uint8_t> bytes) {
  Reader r(ctx, bytes, ObjectKind::kPlaintext);
  ZKC_TRY(Header h, r.header());
  ZKC_SERIALIZE_CHECK(r.expect_count(h, 1));
  ZKC_SERIALIZE_CHECK(r.check_level_and_scale(h));
  ZKC_SERIALIZE_CHECK(r.expect_size(kHeaderSize + poly_bytes(ctx, h.rows), shape(1, h.rows, ctx.n())));
  Plaintext pt;
  pt.scale = h.scale;
  std::size_t offset = kHeaderSize;
  ZKC_TRY(pt.poly, r.poly(offset, h.rows, "polynomial"));
  return pt;
}

Result<PublicKey> load_public_key(const Context& ctx, std::span<const std::uint8_t> bytes) {
  Reader r(ctx, bytes, ObjectKind::kPublicKey);
  ZKC_TRY(Header h, r.header());
  ZKC_SERIALIZE_CHECK(r.expect_rows(h, ctx.data_primes(), "the data primes"));
  ZKC_SERIALIZE_CHECK(r.expect_count(h, 2));
  ZKC_SERIALIZE_CHECK(r.expect_no_scale(h));
  ZKC_SERIALIZE_CHECK(r.expect_size(kHeaderSize + 2 * poly_bytes(ctx, h.rows), shape(2, h.rows, ctx.n())));
  PublicKey pk;
  std::size_t offset = kHeaderSize;
  ZKC_TRY(pk.b, r.poly(offset, h.rows, "b"));
  ZKC_TRY(pk.a, r.poly(offset, h.rows, "a"));
  return pk;
}

Result<SecretKey> load_secret_key(const Context& ctx, std::span<const std::uint8_t> bytes) {
  Reader r(ctx, bytes, ObjectKind::kSecretKey);
  ZKC_TRY(Header h, r.header());
  ZKC_SERIALIZE_CHECK(r.expect_rows(h, ctx.total_primes(), "all primes"));
  ZKC_SERIALIZE_CHECK(r.expect_count(h, 1));
  ZKC_SERIALIZE_CHECK(r.expect_no_scale(h));
  ZKC_SERIALIZE_CHECK(r.expect_size(kHeaderSize + poly_bytes(ctx, h.rows), shape(1, h.rows, ctx.n())));
  std::size_t offset = kHeaderSize;
  ZKC_TRY(RnsPoly s, r.poly(offset, h.rows, "s"));
  SecretKey sk(std::move(s));  // wipes on every return path from here
  ZKC_SERIALIZE_CHECK(check_ternary(r, sk.poly()));
  return sk;
}

Result<RelinKey> load_relin_key(const Context& ctx, std::span<const std::uint8_t> bytes) {
  Reader r(ctx, bytes, ObjectKind::kRelinKey);
  ZKC_TRY(Header h, r.header());
  ZKC_SERIALIZE_CHECK(r.expect_rows(h, ctx.total_primes(), "all primes"));
  ZKC_SERIALIZE_CHECK(r.expect_count(h, ctx.data_primes()));
  ZKC_SERIALIZE_CHECK(r.expect_no_scale(h));
  ZKC_SERIALIZE_CHECK(
      r.expect_size(kHeaderSize + switch_key_bytes(ctx), shape(2 * h.count, h.rows, ctx.n())));
  std::size_t offset = kHeaderSize;
  RelinKey rk;
  ZKC_TRY(rk.key, r.switch_key(offset, ""));
  return rk;
}

Result<GaloisKeys> load_galois_keys(const Context& ctx, std::span<const std::uint8_t> bytes) {
  Reader r(ctx, bytes, ObjectKind::kGaloisKeys);
  ZKC_TRY(Header h, r.header());
  ZKC_SERIALIZE_CHECK(r.expect_rows(h, ctx.total_primes(), "all primes"));
  ZKC_SERIALIZE_CHECK(r.expect_no_scale(h));
  // The odd residues mod 2N are +-3^k (k < N/2): N/2 - 1 rotations besides the identity, and the conjugation.
  const std::size_t n = ctx.n();
  const std::uint64_t two_n = 2 * static_cast<std::uint64_t>(n);
  if (h.count > n / 2) {
    return r.fail(Errc::kBadFormat, 28,
                  std::to_string(h.count) + " Galois keys, more than the " + std::to_string(n / 2) +
                      " distinct rotation and conjugation elements");
  }
  const std::size_t entry = 8 + switch_key_bytes(ctx);
  ZKC_SERIALIZE_CHECK(
      r.expect_size(add_sat(kHeaderSize, mul_sat(h.count, entry)),
                    std::to_string(h.count) + " Galois keys of " + shape(2 * ctx.data_primes(), h.rows, n)));
  std::vector<std::uint8_t> valid(two_n, 0);
  std::uint64_t g = 3;
  for (std::size_t k = 1; k < n / 2; ++k, g = g * 3 % two_n) valid[g] = 1;
  valid[two_n - 1] = 1;

  GaloisKeys gk;
  std::size_t offset = kHeaderSize;
  std::uint64_t previous = 0;
  for (std::size_t i = 0; i < h.count; ++i) {
    const std::uint64_t e = r.get(offset, 8);
    const std::string name = "Galois element " + std::to_string(e);
    if (e >= two_n)
      return r.fail(Errc::kNotCanonical, offset, name + " is not below 2N = " + std::to_string(two_n));
    if ((e & 1) == 0) return r.fail(Errc::kNotCanonical, offset, name + " is even");
    if (e == 1) return r.fail(Errc::kNotCanonical, offset, name + " is the identity (it needs no key)");
    if (valid[e] == 0) {
      return r.fail(Errc::kNotCanonical, offset,
                    name + " is neither a rotation (3^k mod 2N) nor the conjugation (2N - 1)");
    }
    if (e == previous) return r.fail(Errc::kNotCanonical, offset, "duplicate " + name);
    if (e < previous) {
      return r.fail(Errc::kNotCanonical, offset,
                    name + " after " + std::to_string(previous) + ": elements must be increasing");
    }
    previous = e;
    offset += 8;
    ZKC_TRY(KeySwitchKey key, r.switch_key(offset, "key " + std::to_string(e) + ": "));
    gk.keys.emplace(e, std::move(key));
  }
  return gk;
}

// ---- files ----------------------------------------------------------------------------------------

namespace {

template <class T, class Load>
Result<T> read_object(const Context& ctx, const std::string& path, Load load, bool secret) {
  ZKC_TRY(std::vector<std::uint8_t> bytes, read_file(path));
  Result<T> out = load(ctx, std::span<const std::uint8_t>(bytes));
  if (secret && !bytes.empty()) secure_wipe(bytes.data(), bytes.size());
  if (!out.ok()) return make_error(out.error().code, path + ": " + out.error().message);
  return out;
}

}  // namespace

Status write_ciphertext(const Context& ctx, const Ciphertext& ct, const std::string& path) {
  return write_file_atomic(path, save_ciphertext(ctx, ct));
}
Status write_plaintext(const Context& ctx, const Plaintext& pt, const std::string& path) {
  return write_file_atomic(path, save_plaintext(ctx, pt));
}
Status write_public_key(const Context& ctx, const PublicKey& pk, const std::string& path) {
  return write_file_atomic(path, save_public_key(ctx, pk));
}
Status write_secret_key(const Context& ctx, const SecretKey& sk, const std::string& path) {
  std::vector<std::uint8_t> bytes = save_secret_key(ctx, sk);
  Status s = write_file_atomic(path, bytes, 0600);
  secure_wipe(bytes.data(), bytes.size());
  return s;
}
Status write_relin_key(const Context& ctx, const RelinKey& rk, const std::string& path) {
  return write_file_atomic(path, save_relin_key(ctx, rk));
}
Status write_galois_keys(const Context& ctx, const GaloisKeys& gk, const std::string& path) {
  return write_file_atomic(path, save_galois_keys(ctx, gk));
}

Result<Ciphertext> read_ciphertext(const Context& ctx, const std::string& path) {
  return read_object<Ciphertext>(ctx, path, load_ciphertext, false);
}
Result<Plaintext> read_plaintext(const Context& ctx, const std::string& path) {
  return read_object<Plaintext>(ctx, path, load_plaintext, false);
}
Result<PublicKey> read_public_key(const Context& ctx, const std::string& path) {
  return read_object<PublicKey>(ctx, path, load_public_key, false);
}
Result<SecretKey> read_secret_key(const Context& ctx, const std::string& path) {
  return read_object<SecretKey>(ctx, path, load_secret_key, true);
}
Result<RelinKey> read_relin_key(const Context& ctx, const std::string& path) {
  return read_object<RelinKey>(ctx, path, load_relin_key, false);
}
Result<GaloisKeys> read_galois_keys(const Context& ctx, const std::string& path) {
  return read_object<GaloisKeys>(ctx, path, load_galois_keys, false);
}

}  // namespace zkc::he::ckks
