#include "zkc/groth16/phase2.hpp"

#include <sodium.h>

#include <atomic>
#include <cstring>

#include "zkc/base/random.hpp"
#include "zkc/base/thread_pool.hpp"
#include "zkc/ec/bn254_msm.hpp"

namespace zkc::groth16 {
namespace {

using ff::U256;

void absorb(mpc::Blake2b& h, std::span<const std::uint8_t> b) { h.update(b); }
void absorb_g1(mpc::Blake2b& h, const G1Affine& p) { absorb(h, mpc::g1_uncompressed(p)); }
void absorb_g2(mpc::Blake2b& h, const G2Affine& p) { absorb(h, mpc::g2_uncompressed(p)); }

// snarkjs's hashPubKey.
void absorb_contribution(mpc::Blake2b& h, const Phase2Contribution& c) {
  absorb_g1(h, c.delta_after);
  absorb_g1(h, c.g1_s);
  absorb_g1(h, c.g1_sx);
  absorb_g2(h, c.g2_spx);
  absorb(h, c.transcript);
}

// points[i] <- [k] points[i], constant time in k (secret), parallel.
void scale_points(std::vector<G1Affine>& points, const Fr& k, const ProgressFn& progress,
                  std::atomic<std::size_t>& done, std::size_t total) {
  parallel_for(points.size(), 256, [&](std::size_t lo, std::size_t hi) {
    std::vector<G1Jacobian> tmp;
    for (std::size_t at = lo; at < hi; at += 1024) {
      const std::size_t end = std::min(hi, at + 1024);
      tmp.resize(end - at);
      for (std::size_t i = at; i < end; ++i) tmp[i - at] = points[i].mul(k);
      G1Jacobian::batch_to_affine_vartime(tmp, std::span<G1Affine>(points.data() + at, end - at));
      const std::size_t d = done.fetch_add(end - at) + (end - at);
      if (progress) progress(d, total);
    }
  });
}

// Applies secret d with the proof-of-knowledge base g1_s (a random point) to pk.
Result<mpc::Hash64> apply_contribution(ProvingKey& pk, Fr& d, const G1Affine& g1_s, Phase2Contribution c,
                                       const ProgressFn& progress) {
  if (pk.delta1.is_infinity() || pk.delta2.is_infinity())
    return make_error(Errc::kInvalidArgument, "phase 2: the key's delta is the point at infinity");
  if (c.name.size() > 255 || c.beacon_hash.size() > 255)
    return make_error(Errc::kInvalidArgument, "phase 2: name or beacon hash longer than 255 bytes");
  c.g1_s = g1_s;
  c.g1_sx = g1_s.mul(d).to_affine();
  c.transcript = phase2_transcript(pk.phase2, c.g1_s, c.g1_sx);
  const G2Affine g2_sp = mpc::hash_to_g2_vartime(c.transcript);
  c.g2_spx = g2_sp.mul(d).to_affine();
  pk.delta1 = pk.delta1.mul(d).to_affine();
  pk.delta2 = pk.delta2.mul(d).to_affine();
  c.delta_after = pk.delta1;
  Fr d_inv = d.inverse();
  std::atomic<std::size_t> done{0};
  const std::size_t total = pk.c.size() + pk.h.size();
  scale_points(pk.c, d_inv, progress, done, total);
  scale_points(pk.h, d_inv, progress, done, total);
  secure_wipe(d_inv);
  secure_wipe(d);
  pk.phase2.contributions.push_back(c);
  if (progress) progress(total, total);
  return phase2_contribution_hash(c);
}

}  // namespace

mpc::Hash64 phase2_contribution_hash(const Phase2Contribution& c) {
  mpc::Blake2b h;
  absorb_contribution(h, c);
  return h.digest();
}

mpc::Hash64 phase2_transcript(const Phase2Params& params, const G1Affine& g1_s, const G1Affine& g1_sx) {
  mpc::Blake2b h;
  absorb(h, params.cs_hash);
  for (const auto& c : params.contributions) absorb_contribution(h, c);
  absorb_g1(h, g1_s);
  absorb_g1(h, g1_sx);
  return h.digest();
}

Result<mpc::Hash64> phase2_contribute(ProvingKey& pk, const Phase2ContributeOptions& options,
                                      const ProgressFn& progress) {
  Fr d = mpc::secret_scalar(options.entropy, 0);
  Fr s = mpc::secret_scalar(options.entropy, 1);
  const G1Affine g1_s = G1Affine::generator().mul(s).to_affine();
  secure_wipe(s);
  Phase2Contribution c;
  c.type = 0;
  c.name = mpc::contribution_name(options.name);
  auto r = apply_contribution(pk, d, g1_s, std::move(c), progress);
  secure_wipe(d);
  return r;
}

Result<mpc::Hash64> phase2_beacon(ProvingKey& pk, std::span<const std::uint8_t> beacon_hash,
                                  unsigned num_iterations_exp, const std::string& name,
                                  const ProgressFn& progress) {
  if (beacon_hash.empty() || beacon_hash.size() > 255)
    return make_error(Errc::kInvalidArgument, "phase 2 beacon: the beacon hash must have 1 to 255 bytes");
  if (num_iterations_exp < 10 || num_iterations_exp > 63)
    return make_error(Errc::kInvalidArgument, "phase 2 beacon: numIterationsExp must be in [10, 63]");
  ZKC_TRY(mpc::ChaChaRng rng, mpc::beacon_rng(beacon_hash, num_iterations_exp));
  // zkey_beacon.js: prvKey = Fr.fromRng, then g1_s = G1.fromRng.
  Fr d = mpc::fr_from_rng(rng);
  const G1Affine g1_s = mpc::g1_from_rng_vartime(rng);
  Phase2Contribution c;
  c.type = 1;
  c.name = mpc::contribution_name(name);
  c.num_iterations_exp = static_cast<std::uint8_t>(num_iterations_exp);
  c.beacon_hash.assign(beacon_hash.begin(), beacon_hash.end());
  return apply_contribution(pk, d, g1_s, std::move(c), progress);
}

Phase2VerifyResult phase2_verify_contributions(const ProvingKey& pk) {
  Phase2VerifyResult res;
  auto fail = [&](std::string why) {
    res.valid = false;
    res.failure = std::move(why);
    return res;
  };
  mpc::Blake2b acc;
  absorb(acc, pk.phase2.cs_hash);
  G1Affine cur = G1Affine::generator();
  for (std::size_t i = 0; i < pk.phase2.contributions.size(); ++i) {
    const Phase2Contribution& c = pk.phase2.contributions[i];
    const std::string who =
        "contribution #" + std::to_string(i + 1) + (c.name.empty() ? "" : " (" + c.name + ")");
    mpc::Blake2b ours = acc;
    absorb_g1(ours, c.g1_s);
    absorb_g1(ours, c.g1_sx);
    if (ours.digest() != c.transcript) return fail(who + ": inconsistent transcript");
    const G2Affine g2_sp = mpc::hash_to_g2_vartime(c.transcript);
    if (!mpc::same_ratio_vartime(c.g1_s, c.g1_sx, g2_sp, c.g2_spx))
      return fail(who + ": invalid proof of knowledge (G1 and G2 keys do not have the same ratio)");
    if (!mpc::same_ratio_vartime(cur, c.delta_after, g2_sp, c.g2_spx))
      return fail(who + ": delta_after does not follow the previous delta with the proven key");
    if (c.type == 1) {
      if (c.num_iterations_exp > 40)
        return fail(who + ": beacon with 2^" + std::to_string(c.num_iterations_exp) +
                    " iterations is too costly to recompute");
      auto rng = mpc::beacon_rng(c.beacon_hash, c.num_iterations_exp);
      if (!rng) return fail(who + ": " + rng.error().message);
      Fr d = mpc::fr_from_rng(rng.value());
      const G1Affine g1_s = mpc::g1_from_rng_vartime(rng.value());
      if (!(g1_s == c.g1_s) || !(g1_s.mul_vartime(d).to_affine() == c.g1_sx))
        return fail(who + ": the beacon key does not follow from the beacon hash");
    } else if (c.type != 0) {
      return fail(who + ": unknown contribution type " + std::to_string(c.type));
    }
    absorb_contribution(acc, c);
    res.contribution_hashes.push_back(phase2_contribution_hash(c));
    cur = c.delta_after;
  }
  if (!(pk.delta1 == cur)) return fail("delta1 is not the last contribution's delta_after");
  if (!mpc::same_ratio_vartime(G1Affine::generator(), cur, G2Affine::generator(), pk.delta2))
    return fail("delta2 does not match delta1");
  res.valid = true;
  return res;
}

namespace {

// sum r_i a_i and sum r_i b_i for random 128-bit r_i; "" when e(A, d_init) = e(B, d_new).
std::string same_scaling(const std::vector<G1Affine>& a, const std::vector<G1Affine>& b,
                         const G2Affine& d_new, const G2Affine& d_init, const char* what) {
  if (a.size() != b.size()) return std::string(what) + ": different number of points";
  if (a.empty()) return "";
  std::vector<Fr> r(a.size());
  std::array<std::uint8_t, 16> buf;
  for (auto& x : r) {
    random_bytes(buf);
    U256 v;
    for (int i = 0; i < 16; ++i) v.limb[i / 8] |= std::uint64_t{buf[i]} << (8 * (i % 8));
    x = Fr::from_u256(v).value();
  }
  const G1Affine ra = ec::bn254::msm_vartime(a, r).to_affine();
  const G1Affine rb = ec::bn254::msm_vartime(b, r).to_affine();
  if (ra.is_infinity() || rb.is_infinity()) {
    if (ra.is_infinity() && rb.is_infinity()) return "";
    return std::string(what) + ": the points are not the initial ones scaled by 1/delta";
  }
  if (!mpc::same_ratio_vartime(ra, rb, d_new, d_init))
    return std::string(what) + ": the points are not the initial ones scaled by 1/delta";
  return "";
}

}  // namespace

Phase2VerifyResult phase2_verify(const ProvingKey& initial, const ProvingKey& pk) {
  Phase2VerifyResult res = phase2_verify_contributions(pk);
  if (!res.valid) return res;
  auto fail = [&](std::string why) {
    res.valid = false;
    res.failure = std::move(why);
    return res;
  };
  if (initial.phase2.cs_hash != pk.phase2.cs_hash)
    return fail("the circuit hash differs from the initial key's");
  if (initial.phase2.contributions.size() > pk.phase2.contributions.size() ||
      !std::equal(initial.phase2.contributions.begin(), initial.phase2.contributions.end(),
                  pk.phase2.contributions.begin()))
    return fail("the initial key's contributions are not a prefix of this key's");
  if (initial.num_wires != pk.num_wires || initial.num_public != pk.num_public ||
      initial.domain_size != pk.domain_size)
    return fail("different circuit parameters (wires, public signals or domain size)");
  if (!(initial.alpha1 == pk.alpha1)) return fail("alpha1 differs from the initial key's");
  if (!(initial.beta1 == pk.beta1)) return fail("beta1 differs from the initial key's");
  if (!(initial.beta2 == pk.beta2)) return fail("beta2 differs from the initial key's");
  if (!(initial.gamma2 == pk.gamma2)) return fail("gamma2 differs from the initial key's");
  if (initial.ic != pk.ic) return fail("the IC points differ from the initial key's");
  if (initial.coefficients != pk.coefficients) return fail("the coefficients differ from the initial key's");
  if (initial.a != pk.a) return fail("the A points differ from the initial key's");
  if (initial.b1 != pk.b1) return fail("the B1 points differ from the initial key's");
  if (initial.b2 != pk.b2) return fail("the B2 points differ from the initial key's");
  if (pk.h.size() != pk.domain_size) return fail("the H section does not have domainSize points");
  if (pk.c.size() + pk.num_public + 1 != pk.num_wires)
    return fail("the C section does not have nVars - nPublic - 1 points");
  // The chain check above ties delta1/delta2 to the contributions; relative to the initial key the
  // points must carry 1/(product of the contributions since then).
  if (std::string w = same_scaling(initial.c, pk.c, pk.delta2, initial.delta2, "C section"); !w.empty())
    return fail(w);
  if (std::string w = same_scaling(initial.h, pk.h, pk.delta2, initial.delta2, "H section"); !w.empty())
    return fail(w);
  if (!mpc::same_ratio_vartime(initial.delta1, pk.delta1, initial.delta2, pk.delta2))
    return fail("delta1 and delta2 did not change by the same factor");
  return res;
}

}  // namespace zkc::groth16
