#include "zkc/he/ckks/threshold.hpp"

#include <sodium.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "zkc/base/random.hpp"

namespace zkc::he::ckks {
namespace {

static_assert(std::endian::native == std::endian::little, "digests hash residues in little-endian order");

constexpr std::size_t kMaxParties = std::size_t{1} << 16;
constexpr int kMaxSmudgingBits = 120;

class Hasher {
 public:
  explicit Hasher(const char* label) {
    crypto_generichash_init(&state_, nullptr, 0, 32);
    bytes(label, std::strlen(label) + 1);
  }
  Hasher(const Digest& key, const char* label) {
    crypto_generichash_init(&state_, key.data(), key.size(), 32);
    bytes(label, std::strlen(label) + 1);
  }
  ~Hasher() { secure_wipe(state_); }
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  void bytes(const void* p, std::size_t size) {
    crypto_generichash_update(&state_, static_cast<const unsigned char*>(p), size);
  }
  void u64(std::uint64_t v) { bytes(&v, sizeof v); }
  void digest(const Digest& d) { bytes(d.data(), d.size()); }
  Digest finish() {
    Digest out{};
    crypto_generichash_final(&state_, out.data(), out.size());
    return out;
  }

 private:
  crypto_generichash_state state_{};
};

std::string party_text(std::size_t i) { return "party " + std::to_string(i); }

// Shape and range of an NTT-domain polynomial over primes 0..rows-1 received from another party.
Status check_poly(const Context& ctx, const RnsPoly& p, std::size_t rows, const std::string& what) {
  if (p.n != ctx.n() || p.rows != rows || p.data.size() != rows * ctx.n() || !p.ntt) {
    return make_error(Errc::kInvalidArgument, what + ": expected an NTT-domain polynomial of degree " +
                                                  std::to_string(ctx.n()) + " over " + std::to_string(rows) +
                                                  " primes");
  }
  for (std::size_t i = 0; i < rows; ++i) {
    const u64 q = ctx.modulus(i).value();
    const u64* r = p.row(i);
    u64 bad = 0;
    for (std::size_t k = 0; k < p.n; ++k) bad |= static_cast<u64>(r[k] >= q);
    if (bad != 0) {
      return make_error(Errc::kInvalidArgument, what + ": a residue is not below prime " + std::to_string(i));
    }
  }
  return Status::success();
}

Status check_ciphertext(const Context& ctx, const Ciphertext& ct) {
  if (ct.size() != 2) {
    return make_error(Errc::kInvalidArgument,
                      "threshold decryption: the ciphertext has " + std::to_string(ct.size()) +
                          " parts, expected 2 (no relinearization key exists under a collective key)");
  }
  const std::size_t rows = ct.parts[0].rows;
  if (rows == 0 || rows > ctx.data_primes()) {
    return make_error(Errc::kInvalidArgument, "threshold decryption: the ciphertext's level " +
                                                  std::to_string(static_cast<long long>(rows) - 1) +
                                                  " is not a level of the context");
  }
  if (!(ct.scale > 0) || !std::isfinite(ct.scale)) {
    return make_error(Errc::kInvalidArgument, "threshold decryption: the ciphertext's scale is not positive");
  }
  for (std::size_t j = 0; j < 2; ++j) {
    if (auto s =
            check_poly(ctx, ct.parts[j], rows, "threshold decryption: ciphertext part " + std::to_string(j));
        !s) {
      return s;
    }
  }
  return Status::success();
}

// Party indices: each in range and present exactly once.
template <class Share>
Status check_parties(const ThresholdSetup& setup, std::span<const Share> shares, const char* what) {
  const std::size_t n = setup.parties();
  std::vector<bool> seen(n, false);
  for (const Share& s : shares) {
    if (s.session != setup.session_id()) {
      return make_error(Errc::kInvalidArgument, std::string(what) + ": the share of " + party_text(s.party) +
                                                    " belongs to another session (other parameters, "
                                                    "parties, smudging width or reference seed)");
    }
    if (s.party >= n) {
      return make_error(Errc::kInvalidArgument, std::string(what) + ": " + party_text(s.party) +
                                                    " is out of range (the session has " + std::to_string(n) +
                                                    " parties)");
    }
    if (seen[s.party]) {
      return make_error(Errc::kInvalidArgument,
                        std::string(what) + ": duplicate share from " + party_text(s.party));
    }
    seen[s.party] = true;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!seen[i]) {
      return make_error(Errc::kInvalidArgument, std::string(what) + ": the share of " + party_text(i) +
                                                    " is missing (every party must contribute)");
    }
  }
  return Status::success();
}

// Uniform smudging noise on [-2^k, 2^k) per coefficient, over primes 0..rows-1, coefficient domain.
// Branch-free: each coefficient is 128 random bits masked to k+1 bits, minus 2^k, reduced per prime.
RnsPoly sample_smudging(const Context& ctx, RandomSource& src, std::size_t rows, int k) {
  const std::size_t n = ctx.n();
  std::vector<u128> r(n);
  src.fill({reinterpret_cast<std::uint8_t*>(r.data()), r.size() * sizeof(u128)});
  const u128 mask = (static_cast<u128>(1) << (k + 1)) - 1;
  for (auto& v : r) v &= mask;
  RnsPoly p(n, rows, false);
  for (std::size_t i = 0; i < rows; ++i) {
    const Modulus& q = ctx.modulus(i);
    const u64 two32 = q.reduce64(u64{1} << 32);
    const u64 two64 = q.mul(two32, two32);
    // 2^k mod q by squaring-free doubling: k is public.
    u64 offset = 1 % q.value();
    for (int b = 0; b < k; ++b) offset = q.add(offset, offset);
    u64* out = p.row(i);
    for (std::size_t j = 0; j < n; ++j) {
      const u64 hi = static_cast<u64>(r[j] >> 64), lo = static_cast<u64>(r[j]);
      const u64 u = q.add(q.mul(q.reduce64(hi), two64), q.reduce64(lo));  // U mod q
      out[j] = q.sub(u, offset);                                          // U - 2^k mod q
    }
  }
  secure_wipe(r.data(), r.size() * sizeof(u128));
  return p;
}

}  // namespace

Digest ciphertext_digest(const Context& ctx, const Ciphertext& ct) {
  Hasher h("zkc-ckks-ciphertext-v1");
  h.u64(ctx.fingerprint());
  h.u64(ct.size());
  h.u64(static_cast<std::uint64_t>(static_cast<std::int64_t>(ct.level())));
  std::uint64_t scale_bits = 0;
  std::memcpy(&scale_bits, &ct.scale, sizeof scale_bits);
  h.u64(scale_bits);
  for (const RnsPoly& p : ct.parts) {
    h.u64(p.n);
    h.u64(p.rows);
    h.u64(p.ntt ? 1 : 0);
    h.bytes(p.data.data(), p.data.size() * sizeof(std::uint64_t));
  }
  return h.finish();
}

Result<ThresholdSetup> ThresholdSetup::create(ContextPtr ctx, const ThresholdConfig& config) {
  if (!ctx) return make_error(Errc::kInvalidArgument, "threshold setup: no context");
  if (config.parties < 2 || config.parties > kMaxParties) {
    return make_error(Errc::kInvalidArgument, "threshold setup: " + std::to_string(config.parties) +
                                                  " parties, expected 2 to " + std::to_string(kMaxParties));
  }
  if (config.smudging_bits < 1 || config.smudging_bits > kMaxSmudgingBits) {
    return make_error(Errc::kInvalidArgument, "threshold setup: smudging width 2^" +
                                                  std::to_string(config.smudging_bits) + " outside 2^1..2^" +
                                                  std::to_string(kMaxSmudgingBits));
  }
  ThresholdSetup s;
  s.ctx_ = std::move(ctx);
  s.config_ = config;
  Hasher h("zkc-ckks-threshold-session-v1");
  h.u64(s.ctx_->fingerprint());
  h.u64(config.parties);
  h.u64(static_cast<std::uint64_t>(config.smudging_bits));
  h.digest(config.crs_seed);
  s.id_ = h.finish();
  RandomSource crs = RandomSource::from_seed(config.crs_seed);
  s.a_ = std::make_shared<const RnsPoly>(sample_uniform(*s.ctx_, crs, s.ctx_->data_primes(), true));
  return s;
}

Result<ThresholdParty> ThresholdParty::create(const ThresholdSetup& setup, std::uint32_t index) {
  if (index >= setup.parties()) {
    return make_error(Errc::kInvalidArgument, "threshold party: index " + std::to_string(index) +
                                                  " out of range (the session has " +
                                                  std::to_string(setup.parties()) + " parties)");
  }
  const Context& ctx = *setup.context();
  ThresholdParty p;
  p.setup_ = setup;
  p.index_ = index;
  RandomSource os = RandomSource::os();
  RnsPoly s = sample_ternary(ctx, os, ctx.total_primes());
  to_ntt(ctx, s);
  p.share_ = SecretKey(std::move(s));
  p.prf_key_ = std::make_unique<Digest>();
  random_bytes(*p.prf_key_);
  return p;
}

ThresholdParty::~ThresholdParty() {
  if (prf_key_) secure_wipe(*prf_key_);
}

PublicKeyShare ThresholdParty::public_key_share() const {
  const Context& ctx = *setup_.context();
  const std::size_t rows = ctx.data_primes();
  Hasher h(*prf_key_, "zkc-ckks-threshold-pk-noise-v1");
  h.digest(setup_.session_id());
  Digest seed = h.finish();
  RandomSource src = RandomSource::from_seed(seed);
  secure_wipe(seed);
  RnsPoly e = sample_error(ctx, src, rows);
  to_ntt(ctx, e);
  // b_i = e_i - a s_i, row by row on the first L + 1 rows of the share.
  PublicKeyShare out;
  out.session = setup_.session_id();
  out.party = index_;
  out.b = RnsPoly(ctx.n(), rows, true);
  const RnsPoly& a = setup_.common_polynomial();
  const RnsPoly& s = share_.poly();
  for (std::size_t i = 0; i < rows; ++i) {
    const Modulus& q = ctx.modulus(i);
    for (std::size_t k = 0; k < ctx.n(); ++k)
      out.b.row(i)[k] = q.sub(e.row(i)[k], q.mul(a.row(i)[k], s.row(i)[k]));
  }
  e.wipe();
  return out;
}

Result<DecryptionShare> ThresholdParty::decryption_share(const Ciphertext& ct) const {
  const Context& ctx = *setup_.context();
  if (auto s = check_ciphertext(ctx, ct); !s) return s.error();
  const std::size_t rows = ct.parts[0].rows;
  double log_q = 0;
  for (std::size_t i = 0; i < rows; ++i) log_q += std::log2(static_cast<double>(ctx.modulus(i).value()));
  const double log_noise = setup_.smudging_bits() + std::log2(static_cast<double>(setup_.parties()));
  if (log_noise > log_q - 4) {
    return make_error(Errc::kInvalidArgument, "threshold decryption: the smudging noise (n 2^" +
                                                  std::to_string(setup_.smudging_bits()) +
                                                  ") does not fit the ciphertext's modulus at level " +
                                                  std::to_string(rows - 1) + " (" +
                                                  std::to_string(static_cast<int>(log_q)) + " bits)");
  }
  DecryptionShare out;
  out.session = setup_.session_id();
  out.ciphertext = ciphertext_digest(ctx, ct);
  out.party = index_;
  Hasher h(*prf_key_, "zkc-ckks-threshold-smudging-v1");
  h.digest(setup_.session_id());
  h.digest(out.ciphertext);
  Digest seed = h.finish();
  RandomSource src = RandomSource::from_seed(seed);
  secure_wipe(seed);
  RnsPoly e = sample_smudging(ctx, src, rows, setup_.smudging_bits());
  to_ntt(ctx, e);
  // d_i = c1 s_i + E_i on the ciphertext's rows.
  out.d = RnsPoly(ctx.n(), rows, true);
  const RnsPoly& c1 = ct.parts[1];
  const RnsPoly& s = share_.poly();
  for (std::size_t i = 0; i < rows; ++i) {
    const Modulus& q = ctx.modulus(i);
    for (std::size_t k = 0; k < ctx.n(); ++k)
      out.d.row(i)[k] = q.add(q.mul(c1.row(i)[k], s.row(i)[k]), e.row(i)[k]);
  }
  e.wipe();
  return out;
}

Result<PublicKey> combine_public_key(const ThresholdSetup& setup, std::span<const PublicKeyShare> shares) {
  const Context& ctx = *setup.context();
  if (auto s = check_parties(setup, shares, "collective public key"); !s) return s.error();
  PublicKey pk;
  pk.a = setup.common_polynomial();
  pk.b = RnsPoly(ctx.n(), ctx.data_primes(), true);
  for (const PublicKeyShare& share : shares) {
    if (auto s = check_poly(ctx, share.b, ctx.data_primes(),
                            "collective public key: the share of " + party_text(share.party));
        !s) {
      return s.error();
    }
    add_inplace(ctx, pk.b, share.b);
  }
  return pk;
}

Result<Plaintext> combine_decryption(const ThresholdSetup& setup, const Ciphertext& ct,
                                     std::span<const DecryptionShare> shares) {
  const Context& ctx = *setup.context();
  if (auto s = check_ciphertext(ctx, ct); !s) return s.error();
  if (auto s = check_parties(setup, shares, "threshold decryption"); !s) return s.error();
  const Digest digest = ciphertext_digest(ctx, ct);
  const std::size_t rows = ct.parts[0].rows;
  Plaintext pt;
  pt.scale = ct.scale;
  pt.poly = ct.parts[0];
  for (const DecryptionShare& share : shares) {
    if (share.ciphertext != digest) {
      return make_error(Errc::kInvalidArgument, "threshold decryption: the share of " +
                                                    party_text(share.party) +
                                                    " was made for another ciphertext");
    }
    if (auto s =
            check_poly(ctx, share.d, rows, "threshold decryption: the share of " + party_text(share.party));
        !s) {
      return s.error();
    }
    add_inplace(ctx, pt.poly, share.d);
  }
  return pt;
}

double collective_fresh_noise_sd(std::size_t ring_degree, std::size_t parties) {
  const double sigma2 = 21.0 / 2.0;
  const double n = static_cast<double>(ring_degree), k = static_cast<double>(parties);
  return std::sqrt(sigma2 * (1 + 4.0 / 3.0 * k * n));
}

double collective_rescale_noise_sd(std::size_t ring_degree, std::size_t parties) {
  const double n = static_cast<double>(ring_degree), k = static_cast<double>(parties);
  return std::sqrt((1 + 2.0 / 3.0 * k * n) / 12.0);
}

double collective_fresh_slot_bound(std::size_t ring_degree, std::size_t parties, double scale) {
  const double sigma = std::sqrt(21.0 / 2.0);
  const double n = static_cast<double>(ring_degree), k = static_cast<double>(parties);
  return (2 * 25 * n * sigma * std::sqrt(2 * k / 3) + 5 * sigma * std::sqrt(n)) / scale;
}

double collective_rescale_slot_bound(std::size_t ring_degree, std::size_t parties, double scale) {
  const double n = static_cast<double>(ring_degree), k = static_cast<double>(parties);
  return (25 * n * std::sqrt(1.0 / 12) * std::sqrt(2 * k / 3) + 5 * std::sqrt(n / 12)) / scale;
}

int smudging_bits(std::size_t ring_degree, double noise_bound, int lambda) {
  const double b = std::max(noise_bound, 1.0);
  const int k = static_cast<int>(std::ceil(lambda + std::log2(static_cast<double>(ring_degree) * b))) - 1;
  return std::max(k, 1);
}

double smudging_slot_sd(std::size_t ring_degree, std::size_t parties, int bits, double scale) {
  return std::ldexp(std::sqrt(static_cast<double>(parties) * static_cast<double>(ring_degree) / 6.0), bits) /
         scale;
}

}  // namespace zkc::he::ckks
