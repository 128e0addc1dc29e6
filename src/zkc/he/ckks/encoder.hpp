// CKKS encoding by the canonical embedding (Cheon, Kim, Kim and Song, "Homomorphic encryption for
// arithmetic of approximate numbers", ASIACRYPT 2017, section 3.2). N/2 complex slots; slot j is the
// evaluation at zeta^(3^j), zeta = exp(i pi / N), and its conjugate sits at zeta^(-3^j) (SEAL's order,
// checked against node-seal in tests/data/he/ckks). encode(z, Delta) = round(Delta * sigma^-1(z)), computed
// with one complex FFT of size N over all odd powers of zeta (Eigen's FFT module), then reduced modulo each
// prime and taken to the NTT domain; decode inverts it from the balanced CRT lift of the coefficients.
// Timing depends on whether a scaled coefficient exceeds 2^62 in magnitude; above that, a table lookup is
// indexed by the coefficient's binary exponent.
#pragma once

#include <complex>
#include <span>
#include <vector>

#include "zkc/he/ckks/rns.hpp"

namespace zkc::he::ckks {

class Encoder {
 public:
  explicit Encoder(ContextPtr ctx);

  std::size_t slots() const { return ctx_->slots(); }

  // At most slots() values (the rest are 0); error if a scaled coefficient reaches Q_level / 2.
  Result<Plaintext> encode(std::span<const std::complex<double>> values, double scale, int level) const;
  Result<Plaintext> encode(std::span<const double> values, double scale, int level) const;
  // The constant c in every slot: the constant polynomial round(c * scale).
  Result<Plaintext> encode_constant(double c, double scale, int level) const;

  std::vector<std::complex<double>> decode(const Plaintext& pt) const;
  std::vector<double> decode_real(const Plaintext& pt) const;  // real parts

  // The unrounded real coefficients sigma^-1(z) (without the scale) and the embedding of real
  // coefficients: the two halves of the transform, exposed for tests.
  std::vector<double> embed_inverse(std::span<const std::complex<double>> values) const;
  std::vector<std::complex<double>> embed(std::span<const long double> coefficients) const;

 private:
  Result<Plaintext> from_coefficients(std::span<const double> coefficients, double scale, int level) const;
  ContextPtr ctx_;
  std::vector<std::complex<double>> twist_;  // zeta^k, k = 0..N-1
  std::vector<std::size_t> slot_index_;      // (3^j mod 2N - 1) / 2 and for the conjugates
  std::vector<std::size_t> conj_index_;
};

}  // namespace zkc::he::ckks
