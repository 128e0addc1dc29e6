#include "zkc/groth16/snarkjs_json.hpp"

#include "zkc/ec/bn254_encoding.hpp"
#include "zkc/pairing/bn254.hpp"

namespace zkc::groth16 {
namespace {

using Json = nlohmann::ordered_json;

// snarkjs writes with JSON.stringify(value, null, 1): one space per level, no trailing newline.
std::string dump(const Json& j) { return j.dump(1); }

Json point_json(const nlohmann::json& j) { return Json::parse(j.dump()); }

Json fq2_json(const ff::bn254::Fq2& v) { return Json::array({v.c0.to_decimal(), v.c1.to_decimal()}); }

Json fq12_json(const ff::bn254::Fq12& f) {
  auto fq6 = [](const ff::bn254::Fq6& v) { return Json::array({fq2_json(v.c0), fq2_json(v.c1), fq2_json(v.c2)}); };
  return Json::array({fq6(f.c0), fq6(f.c1)});
}

// snarkjs's vk_alphabeta_12 is ffjavascript's pairing, whose final exponentiation raises to
// m (p^12 - 1) / r with m = 2x(6x^2 + 3x + 1) (the hard part of Fuentes-Castaneda, Knapp,
// Rodriguez-Henriquez, SAC 2011): e(alpha, beta)^m in our terms (checked against snarkjs's output).
ff::bn254::Fq12 ffjavascript_pairing(const G1Affine& p, const G2Affine& q) {
  const ff::bn254::Fq12 e = pairing::pairing(p, q);
  const ff::U256 x = ff::U256::from_u64(ff::bn254::kBnX);
  const ff::bn254::Fq12 ex = e.pow(x), ex2 = ex.pow(x), ex3 = ex2.pow(x);
  const ff::bn254::Fq12 t = ex3.pow(ff::U256::from_u64(6)) * ex2.pow(ff::U256::from_u64(3)) * ex;
  return t * t;
}

Result<Json> parse(std::string_view text, const std::string& file) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return make_error(Errc::kBadFormat, file + ": not valid JSON");
  return j;
}

Error field_error(const std::string& file, const std::string& field, const Error& e) {
  return make_error(e.code, file + ": " + field + ": " + e.message);
}

Status expect_string(const Json& j, const char* key, const char* value, const std::string& file) {
  if (!j.contains(key)) return Status::success();  // optional in files written by other tools
  if (!j[key].is_string() || j[key].get<std::string>() != value)
    return make_error(Errc::kBadFormat, file + ": \"" + key + "\" must be \"" + value + "\"");
  return Status::success();
}

Result<G1Affine> g1_field(const Json& j, const char* key, const std::string& file) {
  if (!j.contains(key)) return make_error(Errc::kBadFormat, file + ": missing \"" + key + "\"");
  auto p = ec::bn254::g1_from_snarkjs(nlohmann::json::parse(j[key].dump()));
  if (!p) return field_error(file, key, p.error());
  return p.value();
}

Result<G2Affine> g2_field(const Json& j, const char* key, const std::string& file) {
  if (!j.contains(key)) return make_error(Errc::kBadFormat, file + ": missing \"" + key + "\"");
  auto p = ec::bn254::g2_from_snarkjs(nlohmann::json::parse(j[key].dump()));
  if (!p) return field_error(file, key, p.error());
  return p.value();
}

}  // namespace

std::string proof_to_json(const Proof& proof) {
  Json j;
  j["pi_a"] = point_json(ec::bn254::g1_to_snarkjs(proof.a));
  j["pi_b"] = point_json(ec::bn254::g2_to_snarkjs(proof.b));
  j["pi_c"] = point_json(ec::bn254::g1_to_snarkjs(proof.c));
  j["protocol"] = "groth16";
  j["curve"] = "bn128";
  return dump(j);
}

std::string public_signals_to_json(std::span<const Fr> signals) {
  Json j = Json::array();
  for (const Fr& x : signals) j.push_back(x.to_decimal());
  return dump(j);
}

std::string verifying_key_to_json(const VerifyingKey& vk) {
  Json j;
  j["protocol"] = "groth16";
  j["curve"] = "bn128";
  j["nPublic"] = vk.num_public();
  j["vk_alpha_1"] = point_json(ec::bn254::g1_to_snarkjs(vk.alpha1));
  j["vk_beta_2"] = point_json(ec::bn254::g2_to_snarkjs(vk.beta2));
  j["vk_gamma_2"] = point_json(ec::bn254::g2_to_snarkjs(vk.gamma2));
  j["vk_delta_2"] = point_json(ec::bn254::g2_to_snarkjs(vk.delta2));
  j["vk_alphabeta_12"] = fq12_json(ffjavascript_pairing(vk.alpha1, vk.beta2));
  Json ic = Json::array();
  for (const G1Affine& p : vk.ic) ic.push_back(point_json(ec::bn254::g1_to_snarkjs(p)));
  j["IC"] = ic;
  return dump(j);
}

Result<Proof> proof_from_json(std::string_view text, const std::string& file) {
  ZKC_TRY(const Json j, parse(text, file));
  if (!j.is_object()) return make_error(Errc::kBadFormat, file + ": a proof must be a JSON object");
  if (Status s = expect_string(j, "protocol", "groth16", file); !s) return s.error();
  if (Status s = expect_string(j, "curve", "bn128", file); !s) return s.error();
  Proof p;
  ZKC_TRY(p.a, g1_field(j, "pi_a", file));
  ZKC_TRY(p.b, g2_field(j, "pi_b", file));
  ZKC_TRY(p.c, g1_field(j, "pi_c", file));
  return p;
}

Result<std::vector<Fr>> public_signals_from_json(std::string_view text, const std::string& file) {
  ZKC_TRY(const Json j, parse(text, file));
  if (!j.is_array()) return make_error(Errc::kBadFormat, file + ": public signals must be a JSON array of decimal strings");
  std::vector<Fr> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string where = file + ": signal " + std::to_string(i);
    if (!j[i].is_string()) return make_error(Errc::kBadFormat, where + " is not a decimal string");
    auto v = Fr::from_decimal(j[i].get<std::string>());
    if (!v) return make_error(v.error().code, where + ": " + v.error().message);
    out.push_back(v.value());
  }
  return out;
}

Result<VerifyingKey> verifying_key_from_json(std::string_view text, const std::string& file) {
  ZKC_TRY(const Json j, parse(text, file));
  if (!j.is_object()) return make_error(Errc::kBadFormat, file + ": a verification key must be a JSON object");
  if (!j.contains("protocol")) return make_error(Errc::kBadFormat, file + ": missing \"protocol\"");
  if (Status s = expect_string(j, "protocol", "groth16", file); !s) return s.error();
  if (Status s = expect_string(j, "curve", "bn128", file); !s) return s.error();
  VerifyingKey vk;
  ZKC_TRY(vk.alpha1, g1_field(j, "vk_alpha_1", file));
  ZKC_TRY(vk.beta2, g2_field(j, "vk_beta_2", file));
  ZKC_TRY(vk.gamma2, g2_field(j, "vk_gamma_2", file));
  ZKC_TRY(vk.delta2, g2_field(j, "vk_delta_2", file));
  if (!j.contains("IC") || !j["IC"].is_array() || j["IC"].empty())
    return make_error(Errc::kBadFormat, file + ": \"IC\" must be a non-empty array of G1 points");
  for (std::size_t i = 0; i < j["IC"].size(); ++i) {
    auto p = ec::bn254::g1_from_snarkjs(nlohmann::json::parse(j["IC"][i].dump()));
    if (!p) return field_error(file, "IC[" + std::to_string(i) + "]", p.error());
    vk.ic.push_back(p.value());
  }
  if (j.contains("nPublic")) {
    if (!j["nPublic"].is_number_unsigned() || j["nPublic"].get<std::uint64_t>() != vk.ic.size() - 1)
      return make_error(Errc::kBadFormat, file + ": \"nPublic\" must equal the number of IC points minus one (" +
                                              std::to_string(vk.ic.size() - 1) + ")");
  }
  return vk;
}

}  // namespace zkc::groth16
