// libFuzzer target: the .ptau reader (groth16/formats/ptau_file.hpp) and, for tiny ceremonies, the
// verifier (groth16/ptau.hpp) on arbitrary bytes. Parsing must either fail with an error or give a
// file whose every section decodes or fails cleanly; decoded contributions must re-encode to the
// exact bytes of section 7; verification must return (valid or not) without crashing.
// Seeds: tests/data/groth16/ptau/*.ptau.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "zkc/groth16/formats/ptau_file.hpp"
#include "zkc/groth16/ptau.hpp"

using namespace zkc::groth16;
using namespace zkc::groth16::formats;

namespace {
void require(bool cond) {
  if (!cond) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto file = PtauFile::parse(std::vector<std::uint8_t>(data, data + size), "fuzz.ptau");
  if (!file) return 0;
  const PtauFile& f = file.value();
  require(f.power() >= 1 && f.power() <= kPtauMaxPower && f.ceremony_power() >= f.power());
  const std::size_t n = std::size_t{1} << f.power();
  // Section lengths were checked at open, so these reads are bounded by the input size.
  (void)f.tau_g1(0, 2 * n - 1);
  (void)f.tau_g2(0, n, G2Check::kSubgroup);
  (void)f.alpha_tau_g1(0, n);
  (void)f.beta_tau_g1(0, n);
  (void)f.beta_g2();
  if (f.has_lagrange())
    for (unsigned k = 0; k <= f.power() + 1; ++k) {
      (void)f.lagrange_tau_g1(k, 0, std::size_t{1} << k);
      if (k <= f.power()) (void)f.lagrange_g2(k, G2Check::kOnCurveOnly);
    }
  require(!f.lagrange_tau_g1(f.power() + 2, 0, 1).ok());
  auto contributions = f.contributions();
  if (contributions) {
    const auto again = encode_ptau_contributions(contributions.value());
    require(again.ok());
    const auto payload = f.section_payload(kPtauContributions).value();
    require(std::equal(again.value().begin(), again.value().end(), payload.begin(), payload.end()));
    for (const auto& c : contributions.value()) (void)mpc::Blake2b::import_partial(c.partial_hash);
  }
  // The first challenge hash covers 2^(ceremonyPower + 1) points: only tiny ceremonies here.
  if (f.ceremony_power() <= 4) {
    auto v = ptau_verify(f);
    if (v && v.value().valid) require(contributions.ok() && !contributions.value().empty());
  }
  return 0;
}
