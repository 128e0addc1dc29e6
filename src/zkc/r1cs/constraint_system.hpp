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
struct LinearCombination {
  std::vector<Term> terms;

  // <this, w>; wires must be < w.size() (asserted).
  Fr evaluate(std::span<const Fr> w) const;
  friend bool operator==(const LinearCombination&, const LinearCombination&) = default;
};

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

// OK when w has num_wires entries, w[0] = 1 and every constraint holds; otherwise an error naming the
// first unsatisfied constraint (index and label) with the values of its three sides.
Status check(const ConstraintSystem& cs, std::span<const Fr> w);

}  // namespace zkc::r1cs
