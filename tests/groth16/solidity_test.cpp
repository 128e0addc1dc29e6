// Tests of the Solidity verifier export (the contract itself runs in tests/evm): the constants in
// the source against a snarkjs verification key (decimal strings as snarkjs wrote them, negations
// checked with GMP), the number of inputs in the signature, the calldata length, infinity, N = 0,
// determinism.
#include "zkc/groth16/solidity.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>

#include "testing/testing.hpp"
#include "zkc/ec/bn254_encoding.hpp"

namespace zkc::groth16 {
namespace {

using ec::bn254::g1_from_snarkjs;
using ec::bn254::g2_from_snarkjs;
using nlohmann::json;

const mpz_class kQ("21888242871839275222246405745257275088696311157297823662689037894645226208583");
const mpz_class kR("21888242871839275222246405745257275088548364400416034343698204186575808495617");

// NAME -> decimal value of every `uint256 constant NAME = value;` line.
std::map<std::string, std::string> constants(const std::string& sol) {
  std::map<std::string, std::string> out;
  const std::regex re(R"(uint256 constant (\w+) = (\d+);)");
  for (auto it = std::sregex_iterator(sol.begin(), sol.end(), re); it != std::sregex_iterator(); ++it)
    out[(*it)[1]] = (*it)[2];
  return out;
}

json load_json(const std::string& relative) {
  std::ifstream f(zkc::testing::data_path(relative));
  EXPECT_TRUE(f.good()) << relative;
  return json::parse(f);
}

VerifyingKey vk_from_snarkjs(const json& j) {
  VerifyingKey vk;
  vk.alpha1 = g1_from_snarkjs(j.at("vk_alpha_1")).value();
  vk.beta2 = g2_from_snarkjs(j.at("vk_beta_2")).value();
  vk.gamma2 = g2_from_snarkjs(j.at("vk_gamma_2")).value();
  vk.delta2 = g2_from_snarkjs(j.at("vk_delta_2")).value();
  for (const auto& p : j.at("IC")) vk.ic.push_back(g1_from_snarkjs(p).value());
  return vk;
}

std::string neg_q(const std::string& dec) {
  const mpz_class v(dec);
  return v == 0 ? "0" : mpz_class(kQ - v).get_str();
}

VerifyingKey random_vk(std::size_t n, std::uint64_t stream) {
  auto g = zkc::testing::rng(stream);
  const auto fr = [&] { return Fr::from_u256(zkc::testing::random_below(g, Fr::kModulus)).value(); };
  VerifyingKey vk;
  vk.alpha1 = G1Affine::generator().mul(fr()).to_affine();
  vk.beta2 = G2Affine::generator().mul(fr()).to_affine();
  vk.gamma2 = G2Affine::generator().mul(fr()).to_affine();
  vk.delta2 = G2Affine::generator().mul(fr()).to_affine();
  for (std::size_t i = 0; i <= n; ++i) vk.ic.push_back(G1Affine::generator().mul(fr()).to_affine());
  return vk;
}

// The snarkjs key's decimal strings appear verbatim (alpha, IC, x of beta/gamma/delta) or as q - y.
TEST(SolidityExport, EmbedsSnarkjsKeyConstants) {
  const json j = load_json("groth16/evm/pub4_vk.json");
  const std::string sol = export_solidity_verifier(vk_from_snarkjs(j));
  const auto c = constants(sol);

  EXPECT_EQ(c.at("R"), kR.get_str());
  EXPECT_EQ(c.at("ALPHA_X"), j["vk_alpha_1"][0].get<std::string>());
  EXPECT_EQ(c.at("ALPHA_Y"), j["vk_alpha_1"][1].get<std::string>());
  for (const auto& [name, field] : {std::pair{"BETA_NEG", "vk_beta_2"}, std::pair{"GAMMA_NEG", "vk_gamma_2"},
                                    std::pair{"DELTA_NEG", "vk_delta_2"}}) {
    SCOPED_TRACE(name);
    const json& p = j[field];  // [[x_re, x_im], [y_re, y_im], ["1", "0"]]
    const std::string n = name;
    EXPECT_EQ(c.at(n + "_X_RE"), p[0][0].get<std::string>());
    EXPECT_EQ(c.at(n + "_X_IM"), p[0][1].get<std::string>());
    EXPECT_EQ(c.at(n + "_Y_RE"), neg_q(p[1][0].get<std::string>()));
    EXPECT_EQ(c.at(n + "_Y_IM"), neg_q(p[1][1].get<std::string>()));
  }
  const std::size_t n = j["nPublic"].get<std::size_t>();
  ASSERT_EQ(j["IC"].size(), n + 1);
  for (std::size_t i = 0; i <= n; ++i) {
    EXPECT_EQ(c.at("IC" + std::to_string(i) + "_X"), j["IC"][i][0].get<std::string>());
    EXPECT_EQ(c.at("IC" + std::to_string(i) + "_Y"), j["IC"][i][1].get<std::string>());
  }
  EXPECT_EQ(c.count("IC" + std::to_string(n + 1) + "_X"), 0u);
  // 1 (R) + 2 (alpha) + 3 * 4 (G2) + 2 (n + 1) constants, nothing else.
  EXPECT_EQ(c.size(), 15 + 2 * (n + 1));
}

TEST(SolidityExport, SignatureAndCalldataLengthMatchN) {
  for (std::size_t n : {1u, 3u, 16u}) {
    SCOPED_TRACE(n);
    const std::string sol = export_solidity_verifier(random_vk(n, n));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(sol, m, std::regex(R"(uint\[(\d+)\] calldata _pubSignals\n)")));
    EXPECT_EQ(m[1], std::to_string(n));
    EXPECT_NE(sol.find("contract Groth16Verifier {"), std::string::npos);
    EXPECT_NE(sol.find("pragma solidity >=0.7.0 <0.9.0;"), std::string::npos);
    EXPECT_NE(
        sol.find("uint[2] calldata _pA,\n        uint[2][2] calldata _pB,\n        uint[2] calldata _pC,"),
        std::string::npos);
    EXPECT_NE(sol.find(") public view returns (bool) {"), std::string::npos);
    ASSERT_TRUE(std::regex_search(sol, m, std::regex(R"(eq\(calldatasize\(\), (\d+)\))")));
    EXPECT_EQ(m[1], std::to_string(4 + 32 * (8 + n)));
    // One load and one range check per signal, the last at offset 32 (n - 1).
    const std::regex load(R"(calldataload\(add\(_pubSignals, (\d+)\)\))");
    std::size_t loads = 0;
    for (auto it = std::sregex_iterator(sol.begin(), sol.end(), load); it != std::sregex_iterator();
         ++it, ++loads)
      EXPECT_EQ((*it)[1], std::to_string(32 * loads));
    EXPECT_EQ(loads, n);
    EXPECT_EQ(constants(sol).size(), 15 + 2 * (n + 1));
  }
}

TEST(SolidityExport, RandomKeyConstantsDecodeToTheKey) {
  const VerifyingKey vk = random_vk(5, 100);
  const auto c = constants(export_solidity_verifier(vk));
  const auto fq = [&](const std::string& name) { return ff::bn254::Fq::from_decimal(c.at(name)).value(); };
  const auto g1 = [&](const std::string& n) {
    return G1Affine::from_xy_unchecked(fq(n + "_X"), fq(n + "_Y"));
  };
  const auto g2 = [&](const std::string& n) {
    return G2Affine::from_xy_unchecked({fq(n + "_X_RE"), fq(n + "_X_IM")},
                                       {fq(n + "_Y_RE"), fq(n + "_Y_IM")});
  };
  EXPECT_EQ(g1("ALPHA"), vk.alpha1);
  EXPECT_EQ(g2("BETA_NEG"), -vk.beta2);
  EXPECT_EQ(g2("GAMMA_NEG"), -vk.gamma2);
  EXPECT_EQ(g2("DELTA_NEG"), -vk.delta2);
  EXPECT_NE(g2("BETA_NEG"), vk.beta2);
  for (std::size_t i = 0; i < vk.ic.size(); ++i) EXPECT_EQ(g1("IC" + std::to_string(i)), vk.ic[i]);
}

TEST(SolidityExport, InfinityIsZeroZero) {
  VerifyingKey vk = random_vk(2, 200);
  vk.ic[0] = G1Affine::identity();
  vk.delta2 = G2Affine::identity();
  const auto c = constants(export_solidity_verifier(vk));
  EXPECT_EQ(c.at("IC0_X"), "0");
  EXPECT_EQ(c.at("IC0_Y"), "0");
  for (const char* part : {"_X_IM", "_X_RE", "_Y_IM", "_Y_RE"})
    EXPECT_EQ(c.at(std::string("DELTA_NEG") + part), "0");
  EXPECT_NE(c.at("IC1_X"), "0");
}

TEST(SolidityExport, NoPublicInputsTakesThreeArguments) {
  const std::string sol = export_solidity_verifier(random_vk(0, 300));
  EXPECT_EQ(sol.find("calldata _pubSignals"), std::string::npos);
  EXPECT_EQ(sol.find("calldataload(add(_pubSignals"), std::string::npos);
  EXPECT_NE(sol.find("uint[2] calldata _pC\n    ) public view returns (bool) {"), std::string::npos);
  EXPECT_NE(sol.find("eq(calldatasize(), 260)"), std::string::npos);
  EXPECT_EQ(constants(sol).size(), 17u);
}

TEST(SolidityExport, Deterministic) {
  const VerifyingKey vk = random_vk(4, 400);
  const std::string a = export_solidity_verifier(vk);
  EXPECT_EQ(a, export_solidity_verifier(vk));
  EXPECT_EQ(a, export_solidity_verifier(VerifyingKey(vk)));
  VerifyingKey other = vk;
  other.ic[4] = G1Affine::generator();
  EXPECT_NE(a, export_solidity_verifier(other));
}

}  // namespace
}  // namespace zkc::groth16
