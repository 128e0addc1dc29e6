// Test driver for tests/evm: reads a snarkjs verification_key.json and writes the Solidity verifier
// that groth16::export_solidity_verifier makes from it, so the EVM test does not depend on the CLI.
// Usage: zkc_evm_export_verifier <verification_key.json> <Verifier.sol>; exit 0 ok, 2 bad input.
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <type_traits>

#include "zkc/ec/bn254_encoding.hpp"
#include "zkc/groth16/solidity.hpp"

namespace {

using zkc::groth16::VerifyingKey;

template <typename T>
bool point(const nlohmann::json& j, const char* field, T& out, const std::string& file) {
  const auto r = [&] {
    if constexpr (std::is_same_v<T, zkc::groth16::G1Affine>)
      return zkc::ec::bn254::g1_from_snarkjs(j);
    else
      return zkc::ec::bn254::g2_from_snarkjs(j);
  }();
  if (!r) {
    std::fprintf(stderr, "%s: %s: %s\n", file.c_str(), field, r.error().message.c_str());
    return false;
  }
  out = r.value();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <verification_key.json> <Verifier.sol>\n", argv[0]);
    return 2;
  }
  const std::string in = argv[1];
  std::ifstream file(in);
  if (!file) {
    std::fprintf(stderr, "%s: cannot open\n", in.c_str());
    return 2;
  }
  std::stringstream text;
  text << file.rdbuf();
  VerifyingKey vk;
  try {
    const auto j = nlohmann::json::parse(text.str());
    if (!point(j.at("vk_alpha_1"), "vk_alpha_1", vk.alpha1, in) ||
        !point(j.at("vk_beta_2"), "vk_beta_2", vk.beta2, in) ||
        !point(j.at("vk_gamma_2"), "vk_gamma_2", vk.gamma2, in) ||
        !point(j.at("vk_delta_2"), "vk_delta_2", vk.delta2, in))
      return 2;
    const auto& ic = j.at("IC");
    for (std::size_t i = 0; i < ic.size(); ++i) {
      vk.ic.emplace_back();
      if (!point(ic[i], ("IC[" + std::to_string(i) + "]").c_str(), vk.ic.back(), in)) return 2;
    }
    if (vk.ic.empty() || j.at("nPublic").get<std::size_t>() + 1 != vk.ic.size()) {
      std::fprintf(stderr, "%s: IC: expected nPublic + 1 points\n", in.c_str());
      return 2;
    }
  } catch (const nlohmann::json::exception& e) {
    std::fprintf(stderr, "%s: %s\n", in.c_str(), e.what());
    return 2;
  }
  std::ofstream out(argv[2], std::ios::binary);
  out << zkc::groth16::export_solidity_verifier(vk);
  out.close();
  if (!out) {
    std::fprintf(stderr, "%s: cannot write\n", argv[2]);
    return 2;
  }
  return 0;
}
