// CKKS keys. The secret s is uniform ternary; every key polynomial is kept in the NTT domain.
//   public key     (b, a) = (-a s + e, a) over q_0..q_L
//   switching key  from s' to s, one pair per data prime j, over q_0..q_L and the special prime P:
//                  (b_j, a_j) = (-a_j s + e_j + P g_j s', a_j) with g_j = 1 mod q_j and 0 mod the other
//                  primes (SEAL's decomposition by RNS prime with one special prime; Gentry, Halevi and
//                  Smart, "Homomorphic evaluation of the AES circuit", CRYPTO 2012, section 3.2 for the
//                  special modulus). Switching d at level l uses the digits j <= l and the rows q_0..q_l, P.
//   relinearization key: s' = s^2;  Galois key for element g: s' = s(X^g).
// The SecretKey wipes its residues when destroyed.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "zkc/he/ckks/sampling.hpp"

namespace zkc::he::ckks {

class SecretKey {
 public:
  SecretKey() = default;
  explicit SecretKey(RnsPoly s) : s_(std::move(s)) {}
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  SecretKey(SecretKey&&) noexcept = default;
  SecretKey& operator=(SecretKey&&) noexcept = default;
  ~SecretKey() { s_.wipe(); }

  const RnsPoly& poly() const { return s_; }  // NTT domain, all L + 2 primes

 private:
  RnsPoly s_;
};

struct PublicKey {
  RnsPoly b, a;  // NTT domain, primes q_0..q_L
};

struct KeySwitchKey {
  std::vector<RnsPoly> b, a;  // one per data prime; NTT domain over all L + 2 primes
};

struct RelinKey {
  KeySwitchKey key;
};

struct GaloisKeys {
  std::map<std::uint64_t, KeySwitchKey> keys;  // by Galois element
  bool has(std::uint64_t g) const { return keys.count(g) != 0; }
};

// s(X^g) for an NTT-domain polynomial over any rows (a permutation of the evaluation points).
RnsPoly apply_galois_ntt(const Context& ctx, const RnsPoly& p, std::uint64_t g);

// The switching key from `s_prime` (NTT domain, all primes) to the secret `sk`.
KeySwitchKey make_switch_key(const Context& ctx, const SecretKey& sk, const RnsPoly& s_prime,
                             RandomSource& src);

class KeyGenerator {
 public:
  explicit KeyGenerator(ContextPtr ctx);           // a fresh secret from the OS CSPRNG
  KeyGenerator(ContextPtr ctx, SecretKey secret);  // an existing secret

  const SecretKey& secret_key() const { return sk_; }
  PublicKey public_key() const;
  RelinKey relin_key() const;
  // Keys for left rotations by each of `steps` (duplicates and 0 ignored) and, if asked, conjugation.
  GaloisKeys galois_keys(const std::vector<int>& steps, bool conjugation = false) const;

 private:
  ContextPtr ctx_;
  SecretKey sk_;
};

}  // namespace zkc::he::ckks
