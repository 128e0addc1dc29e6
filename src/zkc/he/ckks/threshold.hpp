// Threshold (n-out-of-n) CKKS: n parties each hold a ternary secret share s_i; the collective secret is
// s = sum_i s_i, which nobody holds. Mouchet, Troncoso-Pastoriza, Bossuat and Hubaux, "Multiparty
// homomorphic encryption from ring-learning-with-errors", PETS 2021, section 4 (EncKeyGen, and
// decryption as key switching to the zero key, their "CKeySwitch" with s' = 0):
//   common reference polynomial  a, expanded from a public 32-byte seed (RandomSource::from_seed)
//   public key share             b_i = -a s_i + e_i;  collective public key pk = (sum_i b_i, a)
//   decryption share of (c0, c1) d_i = c1 s_i + E_i, E_i the smudging noise;  m = c0 + sum_i d_i
// so decryption needs EVERY share: without d_j the result keeps c1 s_j, uniform modulo Q (garbage).
//
// Smudging (Asharov, Jain, Lopez-Alt, Tromer, Vaikuntanathan and Wichs, "Multiparty computation with low
// communication, computation and interaction via threshold FHE", EUROCRYPT 2012, Lemma 2.1): E_i has
// independent coefficients uniform on the 2^(k+1) integers [-2^k, 2^k). For any integer e, the statistical
// distance between U and U + e is |e| / 2^(k+1); over the N coefficients of a noise polynomial e with every
// |e_j| <= B it is at most N B / 2^(k+1). So k = ceil(lambda + log2(N B)) - 1 hides the ciphertext noise
// (which depends on the secrets) at distance 2^-lambda (smudging_bits). The price is precision: the n
// smudging polynomials add to every decoded slot an error of standard deviation 2^k sqrt(n N / 6) / Delta
// (smudging_slot_sd), so Delta at the decryption level must be about 2^(k + 20 + log2 sqrt(nN/6)) for
// six decimal digits (docs/HE.md, "Threshold decryption").
//
// Binding: every share carries the session id (BLAKE2b-256 of the parameters' fingerprint, the number of
// parties, the smudging width and the seed) and a decryption share also the digest of the ciphertext it
// was made for; combine_* refuse shares of another session, another ciphertext, duplicates, missing
// parties and malformed polynomials, with errors naming the party. A party's smudging noise and public
// key error are derived from a per-party secret PRF key and the ciphertext digest, so asking a party
// twice for the same ciphertext returns the same share (repeated requests cannot average the smudging
// noise away). Only additions and constant products are supported under the collective key (no
// relinearization or Galois keys: their multiparty generation is not implemented).
// Adversary model: semi-honest (passive) parties, as in the paper; a party that deviates (a rogue key
// share, a wrong decryption share) is not detected: shares carry no proofs.
// Constant time in the secrets: the shares are sampled and multiplied branch-free; the PRF key, the
// share and every noise polynomial are wiped after use.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>

#include "zkc/base/result.hpp"
#include "zkc/he/ckks/keys.hpp"

namespace zkc::he::ckks {

using Digest = std::array<std::uint8_t, 32>;

struct ThresholdConfig {
  std::size_t parties = 0;  // n >= 2
  Digest crs_seed{};        // public, chosen unbiased (e.g. a fresh random value announced to all)
  int smudging_bits = 0;    // k in [1, 120]: E_i uniform on [-2^k, 2^k); see smudging_bits() below
};

// The public description of a session: the context, the configuration, the common reference polynomial.
// Cheap to copy (shared state).
class ThresholdSetup {
 public:
  // Errors (kInvalidArgument): fewer than 2 or more than 2^16 parties, a smudging width outside [1, 120].
  static Result<ThresholdSetup> create(ContextPtr ctx, const ThresholdConfig& config);

  const ContextPtr& context() const { return ctx_; }
  std::size_t parties() const { return config_.parties; }
  int smudging_bits() const { return config_.smudging_bits; }
  const Digest& session_id() const { return id_; }
  const RnsPoly& common_polynomial() const { return *a_; }  // a: NTT domain, q_0..q_L

 private:
  friend class ThresholdParty;
  ThresholdSetup() = default;
  ContextPtr ctx_;
  ThresholdConfig config_;
  Digest id_{};
  std::shared_ptr<const RnsPoly> a_;
};

struct PublicKeyShare {
  Digest session{};
  std::uint32_t party = 0;
  RnsPoly b;  // -a s_i + e_i: NTT domain, q_0..q_L
};

struct DecryptionShare {
  Digest session{};
  Digest ciphertext{};  // ciphertext_digest of the ciphertext it decrypts
  std::uint32_t party = 0;
  RnsPoly d;  // c1 s_i + E_i: NTT domain, primes q_0..q_l of the ciphertext's level l
};

// BLAKE2b-256 over the parameters' fingerprint, the number of parts, the level, the scale and every residue.
Digest ciphertext_digest(const Context& ctx, const Ciphertext& ct);

class ThresholdParty {
 public:
  // A fresh share s_i and PRF key from the OS CSPRNG. Error (kInvalidArgument): index >= parties.
  static Result<ThresholdParty> create(const ThresholdSetup& setup, std::uint32_t index);
  ~ThresholdParty();
  ThresholdParty(ThresholdParty&&) noexcept = default;
  ThresholdParty& operator=(ThresholdParty&&) noexcept = default;
  ThresholdParty(const ThresholdParty&) = delete;
  ThresholdParty& operator=(const ThresholdParty&) = delete;

  std::uint32_t index() const { return index_; }
  PublicKeyShare public_key_share() const;
  // Errors (kInvalidArgument): a ciphertext of another ring degree, not in two parts (relinearize first:
  // impossible under a collective key here), of a level the context does not have, with a residue out
  // of range, or whose modulus is too small for the smudging noise (n 2^k must stay below Q_l / 16).
  Result<DecryptionShare> decryption_share(const Ciphertext& ct) const;

 private:
  ThresholdParty() = default;
  ThresholdSetup setup_;
  std::uint32_t index_ = 0;
  SecretKey share_;                  // s_i: NTT domain, all L + 2 primes
  std::unique_ptr<Digest> prf_key_;  // heap so that moves do not leave copies behind
};

// pk = (sum_i b_i, a). Errors (kInvalidArgument): a share of another session, a party index out of
// range, a duplicate or missing party, a polynomial of the wrong shape or with a residue out of range.
Result<PublicKey> combine_public_key(const ThresholdSetup& setup, std::span<const PublicKeyShare> shares);

// m = c0 + sum_i d_i at the ciphertext's level and scale (decode with Encoder). Errors
// (kInvalidArgument): the ciphertext's shape (as decryption_share), a share of another session or made
// for another ciphertext, a party index out of range, a duplicate or missing party, a malformed share.
Result<Plaintext> combine_decryption(const ThresholdSetup& setup, const Ciphertext& ct,
                                     std::span<const DecryptionShare> shares);

// --- noise and smudging arithmetic (docs/HE.md) -----------------------------------------------------
// Standard deviation of every coefficient of the noise of a fresh public-key encryption under a
// collective key of `parties` shares: v (sum_i e_i) + e0 + e1 s with v ternary, s = sum_i s_i, errors of
// variance sigma^2 = 21/2 (CBD(21)): sigma sqrt(1 + (4/3) n N).
double collective_fresh_noise_sd(std::size_t ring_degree, std::size_t parties);
// Standard deviation of the rounding noise a rescale adds, per coefficient: sqrt((1 + (2/3) n N) / 12).
double collective_rescale_noise_sd(std::size_t ring_degree, std::size_t parties);
// Bounds on the real part of the error those noises put in a decoded slot at scale Delta, each exceeded
// with probability about 1e-10 per slot. A slot holds p(z) / Delta at a root of unity z; for a polynomial of
// independent coefficients of variance t^2, p(z) is close to a complex Gaussian with E|p(z)|^2 = N t^2
// (central limit), so |p(z)| <= 5 sqrt(N) t but for probability e^-25. The noises are sums of PRODUCTS
// v(z) E(z), e1(z) s(z), whose tails are exponential, not Gaussian: a bound of 8 standard deviations of the
// product fails about once in 10^3 slots, hence factor bounds multiplied (Costache, Curtis, Hales, Murphy,
// Ogilvie and Player, "On the precision loss in approximate homomorphic encryption", ePrint 2022/162):
//   fresh:   (25 N sigma sqrt(2n/3) (|v E| and |e1 s|) + 5 sigma sqrt(N) (e0)) / Delta
//   rescale: (25 N sqrt(1/12) sqrt(2n/3) (|r1 s|) + 5 sqrt(N / 12) (r0)) / Delta
double collective_fresh_slot_bound(std::size_t ring_degree, std::size_t parties, double scale);
double collective_rescale_slot_bound(std::size_t ring_degree, std::size_t parties, double scale);
// k = ceil(lambda + log2(N B)) - 1, at least 1: uniform smudging on [-2^k, 2^k) hides a noise polynomial
// with every coefficient at most B in magnitude at statistical distance 2^-lambda (argument above).
int smudging_bits(std::size_t ring_degree, double noise_bound, int lambda);
// Standard deviation of the error all parties' smudging adds to the real part of a decoded slot at
// scale Delta: 2^k sqrt(n N / 6) / Delta. A sum of n N independent uniforms: Gaussian tails.
double smudging_slot_sd(std::size_t ring_degree, std::size_t parties, int bits, double scale);

}  // namespace zkc::he::ckks
