#include "zkc/cli/selftest.hpp"

#include <chrono>
#include <functional>
#include <iomanip>
#include <string>
#include <vector>

#include "zkc/base/thread_pool.hpp"
#include "zkc/ec/bn254.hpp"
#include "zkc/ec/bn254_encoding.hpp"
#include "zkc/ec/bn254_msm.hpp"
#include "zkc/ec/sample.hpp"
#include "zkc/pairing/bn254.hpp"
#include "zkc/poly/domain.hpp"
#include "zkc/poly/ntt.hpp"

namespace zkc::cli {
namespace {

using namespace ec::bn254;
using Clock = std::chrono::steady_clock;

class Checker {
 public:
  explicit Checker(std::ostream& out) : out_(out) {}

  // Runs `body`, which returns whether the check held, and prints its name, verdict and time.
  void check(const std::string& name, const std::function<bool()>& body) {
    const auto t0 = Clock::now();
    const bool ok = body();
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    out_ << (ok ? "  ok    " : "  FAIL  ") << std::left << std::setw(62) << name << std::right << std::fixed
         << std::setprecision(ms < 10 ? 3 : 1) << std::setw(10) << ms << " ms\n";
    failures_ += ok ? 0 : 1;
  }
  int failures() const { return failures_; }

 private:
  std::ostream& out_;
  int failures_ = 0;
};

}  // namespace

int run_selftest(const SelftestOptions& options, std::ostream& out) {
  Checker c(out);
  out << "zkcredit selftest: BN254 arithmetic (" << num_threads() << " threads)\n";

  const G1Affine g1 = G1Affine::generator();
  const G2Affine g2 = G2Affine::generator();
  const Fr a = Fr::random(), b = Fr::random();

  c.check("field: a * a^-1 = 1, sqrt(a^2) = +-a", [&] {
    const Fq x = Fq::random();
    const auto r = x.square().sqrt();
    return (x * x.inverse()).is_one() && r && (*r == x || *r == -x);
  });
  c.check("G1: known answer [2](1, 2) (go-ethereum ecAdd vector cdetrio11)", [&] {
    // (1, 2) + (1, 2), the expected output of go-ethereum's bn256Add vector "cdetrio11".
    const G1Affine p2 = g1.mul(Fr::from_u64(2)).to_affine();
    return p2.x.to_hex() == "0x030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3" &&
           p2.y.to_hex() == "0x15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4";
  });
  c.check("G1/G2: [a]([b]P) = [ab]P, constant-time and wNAF agree", [&] {
    return g1.mul(a).to_affine().mul(b) == g1.mul(a * b) && g2.mul(a).to_affine().mul(b) == g2.mul(a * b) &&
           g1.mul(a) == g1.mul_vartime(a);
  });
  c.check("G2: subgroup check accepts [a]G2, decoders round-trip", [&] {
    const G2Affine q = g2.mul(a).to_affine();
    return is_in_subgroup_vartime(q) && g2_from_evm(g2_to_evm(q)).ok() && g2_decompress(g2_compress(q)).ok();
  });
  ff::bn254::Fq12 e;
  c.check("pairing: e(G1, G2) != 1", [&] {
    e = pairing::pairing(g1, g2);
    return !e.is_one();
  });
  c.check("pairing: e([a]G1, [b]G2) = e([ab]G1, G2)", [&] {
    return pairing::pairing(g1.mul(a).to_affine(), g2.mul(b).to_affine()) ==
           pairing::pairing(g1.mul(a * b).to_affine(), g2);
  });
  c.check("pairing: 4-pair product check e([a]G1,[b]G2) e([-ab]G1,G2) = 1", [&] {
    const std::vector<G1Affine> ps = {g1.mul(a).to_affine(), g1.mul(-(a * b)).to_affine(), g1, -g1};
    const std::vector<G2Affine> qs = {g2.mul(b).to_affine(), g2, g2, g2};
    return pairing::pairing_check(ps, qs);
  });

  const std::size_t msm_n = std::size_t{1} << options.msm_log2;
  const auto points = ec::sample_points_vartime<G1Config>(msm_n);
  std::vector<Fr> scalars(msm_n);
  for (auto& s : scalars) s = Fr::random();
  c.check("MSM G1 (256 terms) = sum of single multiplications", [&] {
    G1Jacobian expected = G1Jacobian::identity();
    for (std::size_t i = 0; i < 256; ++i) expected = expected.add_vartime(points[i].mul_vartime(scalars[i]));
    return msm_vartime(std::span(points).first(256), std::span(scalars).first(256)) == expected;
  });
  G1Jacobian msm_result;
  c.check("MSM G1 2^" + std::to_string(options.msm_log2) + " (timed)", [&] {
    msm_result = msm_vartime(points, scalars);
    return msm_result.is_on_curve();
  });

  const auto domain = poly::EvaluationDomain::create(options.ntt_log2);
  if (!domain) {
    out << "  FAIL  NTT domain: " << domain.error().message << "\n";
    return c.failures() + 1;
  }
  std::vector<Fr> coeffs(domain.value().size());
  for (auto& x : coeffs) x = Fr::random();
  auto evals = coeffs;
  c.check("NTT 2^" + std::to_string(options.ntt_log2) + " forward (timed)", [&] {
    poly::ntt(domain.value(), evals);
    Fr at = Fr::zero();  // P(omega^1) by Horner
    for (std::size_t i = coeffs.size(); i-- > 0;) at = at * domain.value().omega() + coeffs[i];
    return evals[1] == at;
  });
  c.check("NTT 2^" + std::to_string(options.ntt_log2) + " inverse round trip (timed)", [&] {
    poly::intt(domain.value(), evals);
    return evals == coeffs;
  });

  out << (c.failures() == 0 ? "selftest passed\n" : "selftest FAILED: " + std::to_string(c.failures()) + " check(s)\n");
  return c.failures();
}

}  // namespace zkc::cli
