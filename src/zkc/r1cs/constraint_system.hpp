// Rank-1 constraint systems over BN254 Fr: constraints <A_i, w> * <B_i, w> = <C_i, w> on a
// witness vector w. Wire layout as circom's: w[0] = 1, then the public wires (outputs, then public
// inputs), then the private wires. Linear combinations are sparse (wire, coefficient) lists.
// Reference: Groth, "On the Size of Pairing-based Non-interactive Arguments", EUROCRYPT 2016, sec. 2;
// iden3/r1csfile (wire layout).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ff/bn254/fr.hpp"

namespace zkc::r1cs {

using ff::bn254::Fr;

// A wire index into the witness vector; wire 0 is the constant one.
using Wire = std::uint32_t;
inline constexpr Wire kOneWire = 0;

struct Term {
  Wire wire;
  Fr coeff;
  friend bool operator==(const Term&, const Term&) = default;
};

// sum coeff_j * w[wire_j]. Terms may repeat a wire and hold zero coefficients; evaluation adds them.
// The arithmetic below (+, -, scalar *) concatenates or scales terms without merging; normalize()
// sorts by wire, merges repeats and drops zero coefficients. Inside an r1cs::Builder the wires are
// the builder's variable ids (builder.hpp), renumbered to final wires by Builder::build().
struct LinearCombination {
  std::vector<Term> terms;

  // The constant c (c times the one wire); the zero constant has no terms.
  static LinearCombination constant(const Fr& c);

  // <this, w>; wires must be < w.size() (asserted).
  Fr evaluate(std::span<const Fr> w) const;
  // Sorted by wire, one term per wire, no zero coefficients; the value is unchanged.
  void normalize();

  LinearCombination& operator+=(const LinearCombination& o);
  LinearCombination& operator-=(const LinearCombination& o);
  LinearCombination& operator*=(const Fr& k);
  LinearCombination& operator+=(const Fr& k);  // adds k times the one wire
  LinearCombination& operator-=(const Fr& k);
  friend bool operator==(const LinearCombination&, const LinearCombination&) = default;
};

// Namespace-scope (not hidden friends) so that types converting to LinearCombination, such as
// r1cs::Variable, take part: x + y, x - 3 * y, Fr * x, x + Fr::one().
LinearCombination operator+(LinearCombination a, const LinearCombination& b);
LinearCombination operator-(LinearCombination a, const LinearCombination& b);
LinearCombination operator-(LinearCombination a);
LinearCombination operator*(const Fr& k, LinearCombination a);
LinearCombination operator*(LinearCombination a, const Fr& k);
LinearCombination operator+(LinearCombination a, const Fr& k);
LinearCombination operator+(const Fr& k, LinearCombination a);
LinearCombination operator-(LinearCombination a, const Fr& k);
LinearCombination operator-(const Fr& k, LinearCombination a);
// Integer scalars for readability (2 * x, x - 1); negative values are r - |k|.
LinearCombination operator*(std::int64_t k, LinearCombination a);
LinearCombination operator*(LinearCombination a, std::int64_t k);
LinearCombination operator+(LinearCombination a, std::int64_t k);
LinearCombination operator+(std::int64_t k, LinearCombination a);
LinearCombination operator-(LinearCombination a, std::int64_t k);
LinearCombination operator-(std::int64_t k, LinearCombination a);

// k as a field element: k mod r, so a negative k is r - |k|. Constant time in k.
Fr fr_from_i64(std::int64_t k);

struct Constraint {
  LinearCombination a, b, c;
  friend bool operator==(const Constraint&, const Constraint&) = default;
};

struct ConstraintSystem {
  // Total wires including the one wire; public wires are [1, 1 + num_public()).
  std::uint32_t num_wires = 1;
  std::uint32_t num_public_outputs = 0;
  std::uint32_t num_public_inputs = 0;
  std::uint32_t num_private_inputs = 0;  // informational (circom's nPrvIn); all other wires are private too
  std::vector<Constraint> constraints;
  // Empty, or one label per constraint (the checker names the constraint by it).
  std::vector<std::string> labels;

  std::uint32_t num_public() const { return num_public_outputs + num_public_inputs; }
  // Structural validity: wire indices < num_wires, public counts fit, labels empty or complete.
  Status validate() const;
};

// The public signals of a witness, as snarkjs's public.json lists them: w[1 .. 1 + num_public()),
// the public outputs, then the public inputs. Precondition (asserted): w.size() >= 1 + num_public().
std::vector<Fr> public_signals(const ConstraintSystem& cs, std::span<const Fr> w);

// OK when w has num_wires entries, w[0] = 1 and every constraint holds; otherwise an error naming the
// first unsatisfied constraint (index and label) with the values of its three sides.
Status check(const ConstraintSystem& cs, std::span<const Fr> w);

}  // namespace zkc::r1cs
