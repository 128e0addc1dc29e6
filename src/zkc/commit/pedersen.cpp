// Pedersen commitments over ristretto255 (see pedersen.hpp).
#include "zkc/commit/pedersen.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "zkc/base/random.hpp"

namespace zkc::commit {

const RistrettoPoint& pedersen_g() {
  static const RistrettoPoint g = RistrettoPoint::generator();
  return g;
}

const RistrettoPoint& pedersen_h() {
  // H = from_uniform_bytes(SHA-512("zkcredit/pedersen/v1/H" || encode(G))).
  static const RistrettoPoint h = [] {
    const std::array<std::uint8_t, 32> g = pedersen_g().encode();
    return RistrettoPoint::hash_to_group("zkcredit/pedersen/v1/H", g);
  }();
  return h;
}

Result<Commitment> Commitment::decode(std::span<const std::uint8_t, 32> in) {
  auto p = RistrettoPoint::decode(in);
  if (!p) return make_error(p.error().code, "commitment: " + p.error().message);
  Commitment c;
  c.point_ = p.value();
  std::copy(in.begin(), in.end(), c.bytes_.begin());
  return c;
}

Commitment commit(const Scalar& v, const Scalar& gamma) {
  const std::array<Scalar, 2> s = {v, gamma};
  const std::array<RistrettoPoint, 2> p = {pedersen_g(), pedersen_h()};
  return Commitment(msm(s, p));
}

Commitment commit(std::uint64_t v, const Scalar& gamma) {
  Scalar sv = Scalar::from_u64(v);
  Commitment c = commit(sv, gamma);
  secure_wipe(sv);
  return c;
}

Commitment derive_ratio_vartime(const Commitment& c, const Commitment& l, std::uint64_t num,
                                std::uint64_t den) {
  const std::array<Scalar, 2> s = {Scalar::from_u64(den), -Scalar::from_u64(num)};
  const std::array<RistrettoPoint, 2> p = {c.point(), l.point()};
  return Commitment(msm_vartime(s, p));
}

Opening derive_ratio_opening(const Opening& c, const Opening& l, std::uint64_t num, std::uint64_t den) {
  const Scalar n = Scalar::from_u64(num), d = Scalar::from_u64(den);
  return Opening{d * c.value - n * l.value, d * c.blinding - n * l.blinding};
}

}  // namespace zkc::commit
