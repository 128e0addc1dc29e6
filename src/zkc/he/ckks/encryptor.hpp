// Encryption and decryption. A ciphertext (c0, c1[, c2]) at level l decrypts to
// m = c0 + c1 s (+ c2 s^2) mod Q_l.
//   public key:  u ternary, e0, e1 errors:  (u b + e0 + m, u a + e1)   (pk = (b, a) = (-a s + e, a))
//   secret key:  a uniform, e error:        (-a s + e + m, a)
// Randomness from the OS CSPRNG; u and the errors are wiped after use.
#pragma once

#include "zkc/he/ckks/keys.hpp"

namespace zkc::he::ckks {

class Encryptor {
 public:
  Encryptor(ContextPtr ctx, PublicKey pk) : ctx_(std::move(ctx)), pk_(std::move(pk)) {}
  Ciphertext encrypt(const Plaintext& pt) const;

 private:
  ContextPtr ctx_;
  PublicKey pk_;
};

// Symmetric encryption (the owner of the secret; smaller noise than public-key encryption).
Ciphertext encrypt_symmetric(const Context& ctx, const SecretKey& sk, const Plaintext& pt);

class Decryptor {
 public:
  Decryptor(ContextPtr ctx, SecretKey sk) : ctx_(std::move(ctx)), sk_(std::move(sk)) {}
  Plaintext decrypt(const Ciphertext& ct) const;

 private:
  ContextPtr ctx_;
  SecretKey sk_;
};

}  // namespace zkc::he::ckks
