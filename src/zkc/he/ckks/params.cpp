#include "zkc/he/ckks/params.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "zkc/he/ckks/primes.hpp"

namespace zkc::he::ckks {

double max_log_modulus_128(std::size_t n) {
  // HomomorphicEncryption.org standard (2018), Table 1, uniform ternary secret, 128-bit classical.
  switch (n) {
    case 1024:
      return 27;
    case 2048:
      return 54;
    case 4096:
      return 109;
    case 8192:
      return 218;
    case 16384:
      return 438;
    case 32768:
      return 881;
    default:
      return 0;
  }
}

namespace {

std::string fixed(double x, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, x);
  return buf;
}

// The ladder Delta_L = scale, Delta_{l-1} = Delta_l^2 / q_l in the log domain (no overflow for any chain):
// log2(Delta_{l-1} / scale) = 2 log2(Delta_l / scale) + log2(scale / q_l). Every level must stay within a
// factor 2 of the scale.
Status check_scale_ladder(const Parameters& params, const std::vector<u64>& primes) {
  if (params.manual_scales) return Status::success();
  const int top = static_cast<int>(primes.size()) - 2;  // L: data primes q_0..q_L, then the special prime
  const double log_scale = std::log2(params.scale);
  double drift = 0;                     // log2(Delta_l / scale), from Delta_L = scale
  double lowest = 1e9, highest = -1e9;  // log2 q over the rescaling primes used so far
  for (int l = top; l >= 1; --l) {
    const double log_q = std::log2(static_cast<double>(primes[static_cast<std::size_t>(l)]));
    lowest = std::min(lowest, log_q);
    highest = std::max(highest, log_q);
    drift = 2 * drift + log_scale - log_q;
    if (std::fabs(drift) > 1) {
      const std::string level = std::to_string(l - 1);
      return make_error(
          Errc::kInvalidArgument,
          "the scale ladder leaves [scale/2, 2*scale] at level " + level + ": Delta_" + level + " = 2^" +
              fixed(log_scale + drift, 2) + " for the scale 2^" + fixed(log_scale, 2) + ", a drift of " +
              (drift > 0 ? "+" : "") + fixed(drift, 2) +
              " bits (each rescale by q_l sets Delta_{l-1} = Delta_l^2 / q_l: the drift doubles " +
              "at every level and grows by log2(scale / q_l); log2 q_l for l = " + std::to_string(top) +
              ".." + std::to_string(l) + " is in [" + fixed(lowest, 3) + ", " + fixed(highest, 3) +
              "]). Fix: data primes q_1..q_L of " + std::to_string(std::lround(log_scale)) +
              " bits, log2 of the scale (primes = 1 mod 2N sit further below 2^bits, relatively, when bits "
              "is "
              "small), or fewer levels");
    }
  }
  return Status::success();
}

}  // namespace

std::uint64_t Context::galois_element(int steps) const {
  const u64 m = 2 * static_cast<u64>(n_);
  const std::int64_t half = static_cast<std::int64_t>(n_ / 2);  // 3 has order N/2 modulo 2N
  const u64 e = static_cast<u64>(((steps % half) + half) % half);
  u64 g = 1;
  for (u64 i = 0; i < e; ++i) g = g * 3 % m;
  return g;
}

Result<ContextPtr> Context::create(const Parameters& params) {
  const std::size_t n = params.ring_degree;
  if (n < 8 || (n & (n - 1)) != 0 || n > (std::size_t{1} << 17)) {
    return make_error(Errc::kInvalidArgument,
                      "ring degree " + std::to_string(n) + " is not a power of two in [8, 2^17]");
  }
  if (params.prime_bits.size() < 2) {
    return make_error(Errc::kInvalidArgument,
                      "at least two primes are needed (one data prime and the special prime), got " +
                          std::to_string(params.prime_bits.size()));
  }
  if (params.prime_bits.size() > 64) {  // key switching sums up to 64 products lazily in 128 bits
    return make_error(Errc::kInvalidArgument,
                      "at most 64 primes are supported, got " + std::to_string(params.prime_bits.size()));
  }
  if (!(params.scale >= 2.0) || !std::isfinite(params.scale)) {
    return make_error(Errc::kInvalidArgument, "scale must be a finite number >= 2");
  }
  ZKC_TRY(std::vector<u64> primes, generate_ntt_primes(n, params.prime_bits));

  std::shared_ptr<Context> c(new Context());
  c->params_ = params;
  c->n_ = n;
  while ((std::size_t{1} << c->log_n_) < n) ++c->log_n_;
  c->data_primes_ = primes.size() - 1;
  for (u64 q : primes) {
    c->moduli_.emplace_back(q);
    c->log2_qp_ += std::log2(static_cast<double>(q));
  }
  const double bound = max_log_modulus_128(n);
  c->secure_ = n >= 8192 && n <= 32768 && c->log2_qp_ <= bound;
  if (!c->secure_ && !params.insecure_testing) {
    if (n < 8192 || n > 32768) {
      return make_error(Errc::kInvalidArgument,
                        "ring degree " + std::to_string(n) +
                            " is not one of 8192, 16384, 32768 (128-bit security); set insecure_testing "
                            "only for tests");
    }
    return make_error(Errc::kInvalidArgument, "log2(QP) = " + std::to_string(c->log2_qp_) + " exceeds " +
                                                  std::to_string(bound) +
                                                  " bits, the 128-bit bound for N = " + std::to_string(n) +
                                                  " (HomomorphicEncryption.org standard, ternary secret)");
  }
  if (params.scale >= static_cast<double>(primes[0])) {
    return make_error(Errc::kInvalidArgument, "scale must be below the first prime q_0 (" +
                                                  std::to_string(primes[0]) + ") so a result fits");
  }
  for (std::size_t i = 0; i < c->data_primes_; ++i) {
    if (c->moduli_.back().bits() < c->moduli_[i].bits()) {
      return make_error(
          Errc::kInvalidArgument,
          "the special prime (the last one) must have at least as many bits as every data prime");
    }
  }
  if (Status ladder = check_scale_ladder(params, primes); !ladder) return ladder.error();
  for (const auto& m : c->moduli_) c->ntt_.push_back(std::make_unique<NttTables>(m, n));

  const int levels = static_cast<int>(c->data_primes_);
  c->ladder_.assign(static_cast<std::size_t>(levels), 0);
  c->ladder_[static_cast<std::size_t>(levels - 1)] = params.scale;
  for (int l = levels - 1; l >= 1; --l) {
    const double d = c->ladder_[static_cast<std::size_t>(l)];
    c->ladder_[static_cast<std::size_t>(l - 1)] =
        d * d / static_cast<double>(primes[static_cast<std::size_t>(l)]);
  }
  c->inv_q_.resize(static_cast<std::size_t>(levels));
  for (int l = 1; l < levels; ++l) {
    for (int i = 0; i < l; ++i) {
      const Modulus& qi = c->moduli_[static_cast<std::size_t>(i)];
      c->inv_q_[static_cast<std::size_t>(l)].push_back(
          qi.inverse(primes[static_cast<std::size_t>(l)] % qi.value()));
    }
  }
  const u64 p = primes.back();
  for (std::size_t i = 0; i < c->data_primes_; ++i) {
    const Modulus& qi = c->moduli_[i];
    c->p_mod_.push_back(p % qi.value());
    c->p_inv_.push_back(qi.inverse(p % qi.value()));
  }
  c->exponent_at_.resize(n);
  c->index_of_exponent_.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const u64 e = c->ntt_[0]->exponent_at(k);
    c->exponent_at_[k] = e;
    c->index_of_exponent_[e >> 1] = k;
  }
  // FNV-1a over N, the primes and the scale's bits.
  u64 h = 0xcbf29ce484222325ULL;
  auto mix = [&h](u64 v) {
    for (int i = 0; i < 8; ++i) {
      h ^= (v >> (8 * i)) & 0xff;
      h *= 0x100000001b3ULL;
    }
  };
  mix(n);
  for (u64 q : primes) mix(q);
  u64 scale_bits = 0;
  static_assert(sizeof(double) == sizeof(u64));
  __builtin_memcpy(&scale_bits, &params.scale, sizeof scale_bits);
  mix(scale_bits);
  c->fingerprint_ = h;
  return ContextPtr(std::move(c));
}

}  // namespace zkc::he::ckks
