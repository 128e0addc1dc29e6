// Fixtures for the end-to-end prover comparison (tools/bench/groth16_compare.sh): for a domain of
// 2^k, a multiplier-chain circuit (.r1cs), a satisfying witness (.wtns, checked with r1cs::check)
// and a Groth16 proving key (.zkey) made by groth16::setup from a Powers-of-Tau SRS computed from
// KNOWN secrets (tau, alpha, beta are the fixed constants below). Such keys are for benchmarks only:
// anyone can forge proofs for them. The route exists because snarkjs's own setup takes ~450 s at
// 2^20 and its prepared .ptau of power 21 is ~2 GB; the prover's work does not depend on who knows
// tau. The SRS points are [s]G for field elements s computed directly (Lagrange values
// L_j(tau) = omega^j (tau^n - 1) / (n (tau - omega^j)), as tests/groth16/toy_srs.hpp does, and the
// powers tau^j), each by a fixed-base multiplication with 16-bit windows of precomputed multiples of
// the generator, in parallel. Circuit: public inputs a, b, output out; v_0 = a, v_1 = b,
// v_i = v_{i-1} * v_{i-2} for i = 2 .. m + 1, out = v_{m+1}; m = 2^k - 16 constraints (snarkjs's
// domain rule, m + public signals < 2^k, gives 2^k), one private wire per constraint, like
// tools/interop/circuits/multiplier_chain.circom with a and b public.
// Usage: zkc_groth16_fixture [--no-zkey] [--check] <k> <out_dir>
//   writes <out_dir>/mulchain_<k>.r1cs, mulchain_<k>.wtns and (unless --no-zkey)
//   mulchain_<k>_toxic.zkey; --check reads the files back, compares them with what was written,
//   and proves and verifies once with the library.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "zkc/base/thread_pool.hpp"
#include "zkc/ec/bn254.hpp"
#include "zkc/ff/fp.hpp"
#include "zkc/groth16/formats/r1cs_file.hpp"
#include "zkc/groth16/formats/wtns_file.hpp"
#include "zkc/groth16/formats/zkey_file.hpp"
#include "zkc/groth16/prover.hpp"
#include "zkc/groth16/setup.hpp"
#include "zkc/groth16/verifier.hpp"
#include "zkc/poly/domain.hpp"
#include "zkc/poly/polynomial.hpp"
#include "zkc/r1cs/constraint_system.hpp"

namespace {

using namespace zkc;
using ec::bn254::G1Affine;
using ec::bn254::G1Jacobian;
using ec::bn254::G2Affine;
using ec::bn254::G2Jacobian;
using ff::bn254::Fr;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "zkc_groth16_fixture: %s\n", what.c_str());
  std::exit(2);
}

template <class T>
T value_or_die(Result<T> r, const char* what) {
  if (!r) die(std::string(what) + ": " + r.error().message);
  return std::move(r).value();
}
void ok_or_die(const Status& s, const char* what) {
  if (!s) die(std::string(what) + ": " + s.error().message);
}

// The known "toxic waste" (decimal digits of pi, e and sqrt(2), all < r). Benchmarks only.
Fr known_tau() {
  return Fr::from_decimal("31415926535897932384626433832795028841971693993751058209749445923").value();
}
Fr known_alpha() {
  return Fr::from_decimal("27182818284590452353602874713526624977572470936999595749669676277").value();
}
Fr known_beta() {
  return Fr::from_decimal("14142135623730950488016887242096980785696718753769480731766797379").value();
}

// [s]G for many s: window i holds d * 2^(16 i) G for d in [1, 2^16), as affine points, so one
// multiplication is at most 16 mixed additions. Variable time (public benchmark data only).
template <class Affine>
class FixedBase {
 public:
  using Jac = decltype(Affine().to_jacobian());
  static constexpr unsigned kBits = 16, kWindows = 256 / kBits;
  static constexpr std::size_t kDigits = (std::size_t{1} << kBits) - 1;  // nonzero digits per window

  FixedBase() : table_(kWindows * kDigits) {
    parallel_tasks(kWindows, [&](std::size_t w) {
      Jac base = Affine::generator().to_jacobian();
      for (std::size_t i = 0; i < w * kBits; ++i) base = base.dbl();  // 2^(16 w) G
      const Affine base_affine = base.to_affine();
      std::vector<Jac> row(kDigits);
      Jac acc = base;
      for (std::size_t d = 0; d < kDigits; ++d) {
        row[d] = acc;  // (d + 1) * base
        acc = acc.add_mixed_vartime(base_affine);
      }
      Jac::batch_to_affine_vartime(row, std::span<Affine>(table_).subspan(w * kDigits, kDigits));
    });
  }

  Jac mul(const Fr& s) const {
    const ff::U256 v = s.to_u256();
    Jac acc = Jac::identity();
    for (unsigned w = 0; w < kWindows; ++w) {
      const std::size_t d = (v.limb[w / 4] >> (kBits * (w % 4))) & kDigits;
      if (d != 0) acc = acc.add_mixed_vartime(table_[w * kDigits + d - 1]);
    }
    return acc;
  }

  // out[i] = [s[i]]G, in parallel, converted to affine in blocks (one inversion per block).
  std::vector<Affine> mul_many(std::span<const Fr> s) const {
    std::vector<Affine> out(s.size());
    constexpr std::size_t kBlock = 4096;
    parallel_for(s.size(), kBlock, [&](std::size_t lo, std::size_t hi) {
      std::vector<Jac> tmp(kBlock);
      for (std::size_t b = lo; b < hi; b += kBlock) {
        const std::size_t len = std::min(kBlock, hi - b);
        for (std::size_t i = 0; i < len; ++i) tmp[i] = mul(s[b + i]);
        Jac::batch_to_affine_vartime(std::span<const Jac>(tmp).first(len),
                                     std::span<Affine>(out).subspan(b, len));
      }
    });
    return out;
  }

 private:
  std::vector<Affine> table_;
};

// L_j(tau) for the domain of 2^log2_n points.
std::vector<Fr> lagrange_at(unsigned log2_n, const Fr& tau) {
  return poly::lagrange_basis_at_vartime(value_or_die(poly::EvaluationDomain::create(log2_n), "domain"), tau);
}

template <class Affine>
auto sum_of(std::span<const Affine> pts) {
  auto acc = Affine::identity().to_jacobian();
  for (const auto& p : pts) acc = acc.add_mixed_vartime(p);
  return acc;
}

// The multiplier chain and its witness for inputs a, b.
struct Circuit {
  r1cs::ConstraintSystem cs;
  std::vector<Fr> witness;
};

Circuit make_circuit(unsigned k, const Fr& a, const Fr& b) {
  const std::uint32_t m = (std::uint32_t{1} << k) - 16;
  Circuit c;
  r1cs::ConstraintSystem& cs = c.cs;
  cs.num_public_outputs = 1;  // wire 1: out
  cs.num_public_inputs = 2;   // wires 2, 3: a, b
  cs.num_private_inputs = 0;
  cs.num_wires = 4 + (m - 1);  // private wires 4 .. m + 2 hold v_2 .. v_m
  // Wire of v_i: v_0 = a (2), v_1 = b (3), v_i = 4 + (i - 2) for 2 <= i <= m, v_{m+1} = out (1).
  auto wire_of = [m](std::uint32_t i) -> r1cs::Wire {
    return i == 0 ? 2 : i == 1 ? 3 : i == m + 1 ? 1 : 4 + (i - 2);
  };
  cs.constraints.resize(m);
  c.witness.assign(cs.num_wires, Fr::zero());
  c.witness[0] = Fr::one();
  Fr prev2 = a, prev1 = b;
  c.witness[2] = a;
  c.witness[3] = b;
  for (std::uint32_t i = 2; i <= m + 1; ++i) {
    r1cs::Constraint& con = cs.constraints[i - 2];
    con.a.terms = {{wire_of(i - 1), Fr::one()}};
    con.b.terms = {{wire_of(i - 2), Fr::one()}};
    con.c.terms = {{wire_of(i), Fr::one()}};
    const Fr v = prev1 * prev2;
    c.witness[wire_of(i)] = v;
    prev2 = prev1;
    prev1 = v;
  }
  return c;
}

struct Options {
  unsigned k = 0;
  std::string out_dir;
  bool zkey = true, check = false;
};

Options parse_args(int argc, char** argv) {
  Options o;
  std::vector<std::string> pos;
  for (int i = 1; i < argc; ++i) {
    const std::string s = argv[i];
    if (s == "--no-zkey")
      o.zkey = false;
    else if (s == "--check")
      o.check = true;
    else if (s.starts_with("-"))
      die("unknown option " + s);
    else
      pos.push_back(s);
  }
  if (pos.size() != 2) die("usage: zkc_groth16_fixture [--no-zkey] [--check] <k (5..22)> <out_dir>");
  o.k = static_cast<unsigned>(std::strtoul(pos[0].c_str(), nullptr, 10));
  if (o.k < 5 || o.k > 22) die("k must be in [5, 22]");
  o.out_dir = pos[1];
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_args(argc, argv);
  const unsigned k = opt.k;
  const std::string stem = opt.out_dir + "/mulchain_" + std::to_string(k);
  const auto t_all = Clock::now();

  // 1. Circuit and witness.
  auto t = Clock::now();
  const Circuit circ = make_circuit(k, Fr::from_u64(3), Fr::from_u64(7));
  ok_or_die(r1cs::check(circ.cs, circ.witness), "witness check");
  groth16::formats::R1csFile rf;
  rf.cs = circ.cs;
  rf.num_labels = circ.cs.num_wires;
  rf.wire_to_label.resize(circ.cs.num_wires);
  for (std::uint32_t i = 0; i < circ.cs.num_wires; ++i) rf.wire_to_label[i] = i;
  rf.layout = groth16::formats::R1csLayout::kCircom;
  ok_or_die(groth16::formats::write_r1cs(rf, stem + ".r1cs"), "write .r1cs");
  ok_or_die(groth16::formats::write_wtns(circ.witness, stem + ".wtns"), "write .wtns");
  std::printf("circuit: 2^%u domain, %zu constraints, %u wires, %u public; witness checked; %.1f s\n", k,
              circ.cs.constraints.size(), circ.cs.num_wires, circ.cs.num_public(), seconds_since(t));
  if (opt.check) {
    const auto back = value_or_die(groth16::formats::read_r1cs(stem + ".r1cs"), "read back .r1cs");
    const auto wback = value_or_die(groth16::formats::read_wtns(stem + ".wtns"), "read back .wtns");
    if (!(back == rf) || wback != circ.witness) die("files read back differ from what was written");
    std::printf("check: .r1cs and .wtns read back equal\n");
  }
  if (!opt.zkey) return 0;
  if (groth16::setup_domain_log2(circ.cs) != k) die("unexpected setup domain");

  // 2. The SRS from the known secrets.
  t = Clock::now();
  const Fr tau = known_tau(), alpha = known_alpha(), beta = known_beta();
  const std::size_t n = std::size_t{1} << k;
  const FixedBase<G1Affine> g1;
  const FixedBase<G2Affine> g2;
  std::printf("fixed-base tables: %.1f s (%zu threads)\n", seconds_since(t), num_threads());
  t = Clock::now();
  groth16::SetupPoints pts;
  pts.log2_n = k;
  auto &lt1 = pts.lagrange_tau_g1, &la1 = pts.lagrange_alpha_tau_g1, &lb1 = pts.lagrange_beta_tau_g1;
  auto &lt1_2n = pts.lagrange_tau_g1_2n, &t1 = pts.tau_g1;
  auto& lt2 = pts.lagrange_tau_g2;
  {
    std::vector<Fr> l = lagrange_at(k, tau);
    lt1 = g1.mul_many(l);
    lt2 = g2.mul_many(l);
    for (auto& x : l) x *= alpha;
    la1 = g1.mul_many(l);
    l = lagrange_at(k, tau);
    for (auto& x : l) x *= beta;
    lb1 = g1.mul_many(l);
    lt1_2n = g1.mul_many(lagrange_at(k + 1, tau));
    std::vector<Fr> powers(2 * n);
    Fr p = Fr::one();
    for (auto& x : powers) x = p, p *= tau;
    t1 = g1.mul_many(powers);
  }
  // Consistency: the Lagrange basis sums to 1, so each Lagrange vector sums to its scale times G;
  // the first power is [tau]G by the library's constant-time multiplication (an independent route).
  const G1Jacobian G1 = G1Affine::generator().to_jacobian();
  if (!(sum_of<G1Affine>(lt1) == G1) || !(sum_of<G1Affine>(lt1_2n) == G1) ||
      !(sum_of<G2Affine>(lt2) == G2Affine::generator().to_jacobian()) ||
      !(sum_of<G1Affine>(la1) == G1Affine::generator().mul(alpha)) ||
      !(sum_of<G1Affine>(lb1) == G1Affine::generator().mul(beta)) ||
      !(t1[1].to_jacobian() == G1Affine::generator().mul(tau)) ||
      !(t1[2 * n - 1].to_jacobian() == G1Affine::generator().mul(tau.pow(ff::U256::from_u64(2 * n - 1)))))
    die("SRS self-check failed");
  pts.alpha1 = G1Affine::generator().mul(alpha).to_affine();
  pts.beta1 = G1Affine::generator().mul(beta).to_affine();
  pts.beta2 = G2Affine::generator().mul(beta).to_affine();
  const groth16::SetupSrs srs = pts.srs();
  std::printf("SRS (known secrets, %zu G1 + %zu G2 points): %.1f s\n",
              lt1.size() + la1.size() + lb1.size() + lt1_2n.size() + t1.size(), lt2.size(), seconds_since(t));

  // 3. Setup and the key file.
  t = Clock::now();
  const groth16::ProvingKey pk = value_or_die(groth16::setup(circ.cs, srs), "setup");
  std::printf("groth16::setup: %.1f s\n", seconds_since(t));
  t = Clock::now();
  const std::string zkey = stem + "_toxic.zkey";
  ok_or_die(groth16::formats::write_zkey(pk, zkey, groth16::formats::ZkeyLayout::kSetup), "write .zkey");
  std::printf("wrote %s: %.1f s\n", zkey.c_str(), seconds_since(t));

  if (opt.check) {
    t = Clock::now();
    const auto back = value_or_die(groth16::formats::read_zkey(zkey), "read back .zkey");
    if (!(back == pk)) die("the .zkey read back differs from the key written");
    const groth16::Proof proof = value_or_die(groth16::prove(back, circ.witness), "prove");
    const auto pvk = value_or_die(groth16::PreparedVerifyingKey::create(back.verifying_key()), "vk");
    if (!value_or_die(groth16::verify(pvk, groth16::public_signals(back, circ.witness), proof), "verify"))
      die("the library's proof does not verify");
    std::printf("check: .zkey read back equal; a proof verifies; %.1f s\n", seconds_since(t));
  }
  std::printf("total %.1f s\n", seconds_since(t_all));
  return 0;
}
