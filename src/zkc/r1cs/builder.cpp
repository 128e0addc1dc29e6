#include "zkc/r1cs/builder.hpp"

#include <utility>

#include "zkc/base/random.hpp"

namespace zkc::r1cs {

Fr fr_pow2(unsigned k) {
  ZKC_ASSERT(k <= 253);  // 2^253 < r < 2^254
  return Fr::from_canonical_unchecked(ff::U256::from_u64(1).shl(k));
}

Builder::Builder(Options options) : options_(std::move(options)) {
  values_.push_back(Fr::one());
  kind_.push_back(Kind::kOne);
  rank_.push_back(0);
}

Builder::~Builder() {
  if (!values_.empty()) secure_wipe(values_.data(), values_.size() * sizeof(Fr));
}

Builder::Scope::~Scope() {
  if (b_ == nullptr) return;
  b_->prefix_.resize(b_->prefix_stack_.back());
  b_->prefix_stack_.pop_back();
}

void Builder::push_scope(std::string_view name, std::size_t index) {
  prefix_stack_.push_back(prefix_.size());
  if (name.empty() && index == kNoIndex) return;  // an unnamed scope adds no path component
  if (!prefix_.empty()) prefix_ += '/';
  prefix_ += name;
  if (index != kNoIndex) prefix_ += std::to_string(index);
}

Builder::Scope Builder::scope(std::string_view name) { return scope(name, kNoIndex); }

Builder::Scope Builder::scope(std::string_view name, std::size_t index) {
  // Names only matter for labels and for the hint hook; without either a scope costs nothing.
  if (!options_.labels && !options_.hint_hook) return Scope(nullptr);
  push_scope(name, index);
  return Scope(this);
}

std::string Builder::full_label(std::string_view label, std::size_t index) const {
  std::string s;
  s.reserve(prefix_.size() + label.size() + 8);
  s = prefix_;
  if (!s.empty() && !label.empty()) s += '/';
  s += label;
  if (index != kNoIndex) s += std::to_string(index);
  return s;
}

Variable Builder::allocate(Kind kind, const Fr& value, std::string_view name, std::size_t index) {
  ZKC_ASSERT(!built_);
  ZKC_ASSERT(kind_.size() < 0xffffffffu);
  const auto k = static_cast<std::size_t>(kind);
  const Variable v{static_cast<std::uint32_t>(kind_.size())};
  kind_.push_back(kind);
  rank_.push_back(count_[k]++);
  if (options_.witness) {
    Fr x = value;
    if (options_.hint_hook) options_.hint_hook(full_label(name, index), x);
    values_.push_back(x);
  } else {
    values_.push_back(Fr::zero());
  }
  return v;
}

Variable Builder::public_output(const Fr& value, std::string_view name) {
  return allocate(Kind::kPublicOutput, value, name, kNoIndex);
}
Variable Builder::public_input(const Fr& value, std::string_view name) {
  return allocate(Kind::kPublicInput, value, name, kNoIndex);
}
Variable Builder::private_input(const Fr& value, std::string_view name) {
  return allocate(Kind::kPrivateInput, value, name, kNoIndex);
}
Variable Builder::witness(const Fr& value, std::string_view name) {
  return allocate(Kind::kInternal, value, name, kNoIndex);
}
Variable Builder::witness(const Fr& value, std::string_view name, std::size_t index) {
  return allocate(Kind::kInternal, value, name, index);
}

void Builder::enforce(const LinearCombination& a, const LinearCombination& b, const LinearCombination& c,
                      std::string_view label) {
  enforce(a, b, c, label, kNoIndex);
}

void Builder::enforce(const LinearCombination& a, const LinearCombination& b, const LinearCombination& c,
                      std::string_view label, std::size_t index) {
  ZKC_ASSERT(!built_);
  for (const LinearCombination* lc : {&a, &b, &c})
    for (const Term& t : lc->terms) ZKC_ASSERT(t.wire < kind_.size());  // a variable of this builder
  constraints_.push_back(Constraint{a, b, c});
  if (options_.labels) labels_.push_back(full_label(label, index));
}

void Builder::enforce_equal(const LinearCombination& a, const LinearCombination& b, std::string_view label) {
  enforce(a, one(), b, label);
}

Variable Builder::mul(const LinearCombination& x, const LinearCombination& y, std::string_view label) {
  const Variable z = witness(value(x) * value(y), label);
  enforce(x, y, z, label);
  return z;
}

Variable Builder::materialize(const LinearCombination& lc, std::string_view label) {
  const Variable z = witness(value(lc), label);
  enforce_equal(lc, z, label);
  return z;
}

Variable Builder::make_public_output(const LinearCombination& lc, std::string_view label) {
  const Variable z = public_output(value(lc), label);
  enforce_equal(lc, z, label);
  return z;
}

const Fr& Builder::value(Variable v) const {
  ZKC_ASSERT(v.id < values_.size());
  return values_[v.id];
}

Fr Builder::value(const LinearCombination& lc) const { return lc.evaluate(values_); }

Builder::Kind Builder::kind(Variable v) const {
  ZKC_ASSERT(v.id < kind_.size());
  return kind_[v.id];
}

Wire Builder::wire(Variable v) const {
  ZKC_ASSERT(v.id < kind_.size());
  // circom order: one, public outputs, public inputs, private inputs, internal wires.
  Wire base = 0;
  for (std::size_t k = 0; k < static_cast<std::size_t>(kind_[v.id]); ++k) base += count_[k];
  return base + rank_[v.id];
}

BuildOutput Builder::build() {
  ZKC_ASSERT(!built_);
  built_ = true;
  const std::size_t n = kind_.size();
  std::vector<Wire> map(n);
  for (std::size_t i = 0; i < n; ++i) map[i] = wire(Variable{static_cast<std::uint32_t>(i)});

  BuildOutput out;
  ConstraintSystem& cs = out.cs;
  cs.num_wires = static_cast<std::uint32_t>(n);
  cs.num_public_outputs = count_[1];
  cs.num_public_inputs = count_[2];
  cs.num_private_inputs = count_[3];
  cs.constraints = std::move(constraints_);
  constraints_.clear();
  for (Constraint& c : cs.constraints)
    for (LinearCombination* lc : {&c.a, &c.b, &c.c}) {
      for (Term& t : lc->terms) t.wire = map[t.wire];
      lc->normalize();
    }
  cs.labels = std::move(labels_);
  labels_.clear();

  if (options_.witness) {
    out.witness.resize(n);
    for (std::size_t i = 0; i < n; ++i) out.witness[map[i]] = values_[i];
  }
  return out;
}

}  // namespace zkc::r1cs
