// RNS polynomials: an element of Z_Q[X]/(X^N + 1) held as one row of N residues per prime (row i is modulo
// context prime i; a polynomial at level l has rows 0..l; key polynomials also carry the special prime as
// their last row). The flag `ntt` says which domain the rows are in. Plaintext and Ciphertext wrap them
// with the scale. Invariant: every residue of row i is < q_i.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "zkc/he/ckks/params.hpp"

namespace zkc::he::ckks {

struct RnsPoly {
  std::size_t n = 0;
  std::size_t rows = 0;
  bool ntt = false;
  std::vector<std::uint64_t> data;  // rows * n

  RnsPoly() = default;
  RnsPoly(std::size_t n_, std::size_t rows_, bool ntt_)
      : n(n_), rows(rows_), ntt(ntt_), data(n_ * rows_, 0) {}

  std::uint64_t* row(std::size_t i) { return data.data() + i * n; }
  const std::uint64_t* row(std::size_t i) const { return data.data() + i * n; }
  std::span<std::uint64_t> row_span(std::size_t i) { return {row(i), n}; }
  std::span<const std::uint64_t> row_span(std::size_t i) const { return {row(i), n}; }

  void drop_rows(std::size_t keep) {  // keep the first `keep` rows
    rows = keep;
    data.resize(keep * n);
  }
  void wipe();  // secure_wipe of the residues (secrets)
};

// Transforms every row (row i with the tables of prime prime_of_row(i)).
// For ciphertext and plaintext polynomials the rows are primes 0..rows-1.
void to_ntt(const Context& ctx, RnsPoly& p);
void from_ntt(const Context& ctx, RnsPoly& p);

// Element-wise operations on matching shapes and domains (rows are primes 0..rows-1).
void add_inplace(const Context& ctx, RnsPoly& a, const RnsPoly& b);
void sub_inplace(const Context& ctx, RnsPoly& a, const RnsPoly& b);
void negate_inplace(const Context& ctx, RnsPoly& a);
void multiply_inplace(const Context& ctx, RnsPoly& a, const RnsPoly& b);  // both in the NTT domain
void multiply_add(const Context& ctx, RnsPoly& acc, const RnsPoly& a, const RnsPoly& b);  // acc += a b

// Balanced CRT reconstruction of every coefficient of a coefficient-domain polynomial over primes
// 0..rows-1: the representative in (-Q/2, Q/2), as a long double (mixed radix with balanced digits,
// Garner's algorithm). Variable time: used only to decode decrypted values, which their owner sees anyway.
std::vector<long double> crt_centered_vartime(const Context& ctx, const RnsPoly& p);

struct Plaintext {
  RnsPoly poly;  // NTT domain, level = rows - 1
  double scale = 0;
  int level() const { return static_cast<int>(poly.rows) - 1; }
};

struct Ciphertext {
  std::vector<RnsPoly> parts;  // (c0, c1) or (c0, c1, c2) after a product; NTT domain
  double scale = 0;
  int level() const { return parts.empty() ? -1 : static_cast<int>(parts[0].rows) - 1; }
  std::size_t size() const { return parts.size(); }
};

}  // namespace zkc::he::ckks
