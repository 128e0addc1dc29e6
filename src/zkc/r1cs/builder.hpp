// Builder: writes an R1CS circuit in C++ and generates its witness in the same pass. Every
// allocation takes its value (an input, or a hint a gadget computes from values already assigned);
// build() renumbers the variables into circom's wire order (one, public outputs, public inputs,
// private inputs, internal wires) whatever order they were declared in, and returns the constraint
// system with its witness. Invariant: variable id 0 is the constant one, ids are dense in
// allocation order, and a LinearCombination made here refers to variable ids until build().
// Witness generation does no branch or table look-up on witness values (hints use field and U256
// arithmetic); check() in constraint_system.hpp is variable time. Reference: circom 2 docs, "Signals"
// (wire order), iden3/r1csfile (the same order in .r1cs).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/r1cs/constraint_system.hpp"

namespace zkc::r1cs {

// A variable of a Builder: an index into its allocation order (not yet a final wire). Converts
// implicitly to the linear combination 1 * variable, so x + 2 * y - 1 is a LinearCombination.
struct Variable {
  std::uint32_t id = 0;

  operator LinearCombination() const { return LinearCombination{{Term{id, Fr::one()}}}; }  // NOLINT
  friend bool operator==(const Variable&, const Variable&) = default;
};

// 2^k as a field element, k <= 253 (asserted).
Fr fr_pow2(unsigned k);

// What build() returns: the constraint system (wires in circom order, linear combinations
// normalized, one label per constraint when labels are on) and the witness in the same order, or
// an empty witness for a builder made without one.
struct BuildOutput {
  ConstraintSystem cs;
  std::vector<Fr> witness;
};

class Builder {
 public:
  struct Options {
    // false: a circuit for setup. Every value is stored as zero (hints are computed from zeros, so
    // the circuit's shape does not depend on values), hint_hook is not called, and build() returns
    // an empty witness.
    bool witness = true;
    // false: no constraint labels are stored (saves memory on large circuits); check() then names
    // constraints by index only.
    bool labels = true;
    // Test hook for malicious-prover tests: when set, called on every allocation with its full name
    // ("scope/.../name") and its honest value, which it may change. Later hints read the changed
    // value, so a tampered hint propagates as a cheating prover would propagate it.
    std::function<void(std::string_view name, Fr& value)> hint_hook;
  };

  enum class Kind : std::uint8_t { kOne, kPublicOutput, kPublicInput, kPrivateInput, kInternal };

  Builder() : Builder(Options{}) {}
  explicit Builder(Options options);
  ~Builder();  // wipes the values it holds
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;
  Builder(Builder&&) noexcept = default;
  Builder& operator=(Builder&&) noexcept = default;

  static Variable one() { return Variable{0}; }

  // --- allocation: each takes its value. `name` is only used by the hint hook. -------------------
  Variable public_output(const Fr& value, std::string_view name = {});
  Variable public_input(const Fr& value, std::string_view name = {});
  Variable private_input(const Fr& value, std::string_view name = {});          // circom's private input
  Variable witness(const Fr& value, std::string_view name = {});                // an internal wire (hint)
  Variable witness(const Fr& value, std::string_view name, std::size_t index);  // name + index

  // --- constraints. The stored label is "<scope>/<label>" (plus the index when given). ----------
  void enforce(const LinearCombination& a, const LinearCombination& b, const LinearCombination& c,
               std::string_view label);
  void enforce(const LinearCombination& a, const LinearCombination& b, const LinearCombination& c,
               std::string_view label, std::size_t index);
  // a = b (one constraint: a * 1 = b).
  void enforce_equal(const LinearCombination& a, const LinearCombination& b, std::string_view label);
  // A new internal wire holding x * y (one constraint).
  Variable mul(const LinearCombination& x, const LinearCombination& y, std::string_view label);
  // A new internal wire equal to lc (one constraint); for when a gadget needs a Variable.
  Variable materialize(const LinearCombination& lc, std::string_view label);
  // A new public output equal to lc (one constraint).
  Variable make_public_output(const LinearCombination& lc, std::string_view label);

  // --- label scopes: while the returned Scope lives, labels and names are prefixed by `name/`. ----
  // Scopes nest and must end in reverse order (they are RAII locals) and before the builder moves.
  class [[nodiscard]] Scope {
   public:
    Scope(Scope&& o) noexcept : b_(o.b_) { o.b_ = nullptr; }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    Scope& operator=(Scope&&) = delete;
    ~Scope();

   private:
    friend class Builder;
    explicit Scope(Builder* b) : b_(b) {}
    Builder* b_;
  };
  Scope scope(std::string_view name);
  Scope scope(std::string_view name, std::size_t index);  // "name<index>", e.g. relu3
  const std::string& scope_path() const { return prefix_; }

  // --- values (zero in a builder without witness). ---------------------------------------------
  bool has_witness() const { return options_.witness; }
  const Fr& value(Variable v) const;
  Fr value(const LinearCombination& lc) const;

  // --- shape. ----------------------------------------------------------------------------------
  std::size_t num_constraints() const { return constraints_.size(); }
  std::uint32_t num_variables() const { return static_cast<std::uint32_t>(kind_.size()); }  // incl. one
  std::uint32_t num_public_outputs() const { return count_[1]; }
  std::uint32_t num_public_inputs() const { return count_[2]; }
  std::uint32_t num_private_inputs() const { return count_[3]; }
  Kind kind(Variable v) const;
  // The wire v will have in build()'s output. Final once no more public outputs, public inputs or
  // private inputs are allocated (each such allocation shifts the wires of the later kinds).
  Wire wire(Variable v) const;

  // Renumbers and returns the circuit and its witness; the builder is then spent (allocating or
  // constraining again asserts), but wire() and the counts still answer.
  BuildOutput build();

 private:
  Variable allocate(Kind kind, const Fr& value, std::string_view name, std::size_t index);
  std::string full_label(std::string_view label, std::size_t index) const;
  void push_scope(std::string_view name, std::size_t index);

  static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

  Options options_;
  std::vector<Fr> values_;
  std::vector<Kind> kind_;
  std::vector<std::uint32_t> rank_;  // position among the variables of the same kind
  std::uint32_t count_[5] = {1, 0, 0, 0, 0};
  std::vector<Constraint> constraints_;
  std::vector<std::string> labels_;
  std::string prefix_;
  std::vector<std::size_t> prefix_stack_;
  bool built_ = false;
};

}  // namespace zkc::r1cs
