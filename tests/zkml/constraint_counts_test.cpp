// Golden constraint counts of the inference circuit, per stage, for the shipped default model
// (data/models/credit_default.json) and the small fixture (tests/data/ml/model_small.json) in both
// weight visibilities: a change in the circuit's cost shows up here as a per-stage diff.
// The file is tests/data/zkml/constraint_counts.json. To regenerate it after an intended change (say
// why in the commit message), run this test with ZKC_UPDATE_GOLDEN=1:
//   ZKC_UPDATE_GOLDEN=1 build/<dir>/tests/zkml/zkc_zkml_tests --gtest_filter='ConstraintCounts.*'
// It then rewrites the file from the current circuit and passes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "testing/testing.hpp"
#include "zkc/ml/model.hpp"
#include "zkml_testing.hpp"

namespace zkc::zkml {
namespace {

using nlohmann::ordered_json;

struct Fixture {
  std::string name, path;
};

ordered_json measure(const ml::QuantizedNetwork& net, WeightVisibility v) {
  testing_helpers::RunOptions o;
  o.weights = v;
  o.witness = false;  // the shape only
  const testing_helpers::CircuitRun run = testing_helpers::run_inference(net, net.input_lower, o);
  ordered_json stages = ordered_json::object();
  for (const auto& s : run.circuit.stages) stages[s.name] = s.constraints;
  return ordered_json{{"stages", stages}, {"total", run.constraints}};
}

ordered_json current_counts() {
  const std::vector<Fixture> fixtures = {
      {"credit_default", std::string(ZKC_REPO_DATA_DIR) + "/models/credit_default.json"},
      {"model_small", zkc::testing::data_path("ml/model_small.json")},
  };
  ordered_json out = ordered_json::object();
  out["comment"] =
      "Constraints per stage of zkml::build_inference (tests/zkml/constraint_counts_test.cpp). Regenerate "
      "with ZKC_UPDATE_GOLDEN=1 zkc_zkml_tests --gtest_filter='ConstraintCounts.*'.";
  for (const auto& f : fixtures) {
    const auto model = ml::read_model(f.path);
    EXPECT_TRUE(model.ok()) << f.path << ": " << model.error().message;
    if (!model.ok()) continue;
    out[f.name] = {{"public", measure(model.value().quantized, WeightVisibility::kPublic)},
                   {"private", measure(model.value().quantized, WeightVisibility::kPrivate)}};
  }
  return out;
}

// Every leaf that differs, as "path: expected X, got Y" lines.
void diff(const ordered_json& expected, const ordered_json& actual, const std::string& path,
          std::vector<std::string>& out) {
  if (expected.is_object() && actual.is_object()) {
    for (const auto& [k, v] : expected.items()) {
      if (!actual.contains(k)) {
        out.push_back(path + "/" + k + ": expected " + v.dump() + ", missing now");
        continue;
      }
      diff(v, actual.at(k), path + "/" + k, out);
    }
    for (const auto& [k, v] : actual.items())
      if (!expected.contains(k)) out.push_back(path + "/" + k + ": new, " + v.dump());
    return;
  }
  if (expected != actual) out.push_back(path + ": expected " + expected.dump() + ", got " + actual.dump());
}

TEST(ConstraintCounts, MatchGoldenFile) {
  const std::string path = zkc::testing::data_path("zkml/constraint_counts.json");
  const ordered_json actual = current_counts();
  const char* update = std::getenv("ZKC_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream file(path, std::ios::trunc);
    ASSERT_TRUE(file) << "cannot write " << path;
    file << actual.dump(2) << "\n";
    GTEST_SKIP() << "rewrote " << path;
  }
  std::ifstream file(path);
  ASSERT_TRUE(file) << "missing " << path << " (create it with ZKC_UPDATE_GOLDEN=1)";
  const ordered_json expected = ordered_json::parse(file, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(expected.is_discarded()) << path << " is not valid JSON";
  std::vector<std::string> lines;
  diff(expected, actual, "", lines);
  std::ostringstream msg;
  for (const auto& l : lines) msg << "  " << l << "\n";
  EXPECT_TRUE(lines.empty()) << "constraint counts differ from " << path << ":\n"
                             << msg.str()
                             << "If the change is intended, regenerate with ZKC_UPDATE_GOLDEN=1.";
}

// The default model's proof must stay well under 2^14 constraints with public weights; every stage
// is accounted for.
TEST(ConstraintCounts, DefaultModelWithinBudget) {
  const auto model = ml::read_model(std::string(ZKC_REPO_DATA_DIR) + "/models/credit_default.json");
  ASSERT_TRUE(model.ok()) << model.error().message;
  const ordered_json c = measure(model.value().quantized, WeightVisibility::kPublic);
  EXPECT_LT(c["total"].get<std::size_t>(), std::size_t{1} << 12);
  std::size_t sum = 0;
  for (const auto& [k, v] : c["stages"].items()) sum += v.get<std::size_t>();
  EXPECT_EQ(sum, c["total"].get<std::size_t>());
}

}  // namespace
}  // namespace zkc::zkml
