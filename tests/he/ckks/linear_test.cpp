// Packed matrix-vector products (src/zkc/he/ckks/linear.hpp) on the plaintext mock against Eigen's
// W v + b: random matrices of many shapes (1x1, 1xn, nx1, n = d_in, rectangular both ways, the credit
// network's 16x11, 8x16, 1x8), every baby-step size, replication over the slots, garbage in the padding
// slots, chained layers, sparse matrices (skipped diagonals and rotations), one level per product, and
// only the rotations required_rotations() lists (the mock holds Galois keys for those steps alone).
#include "zkc/he/ckks/linear.hpp"

#include <gtest/gtest.h>

#include <random>

#include "he/ckks/mock_ops.hpp"
#include "testing/testing.hpp"

namespace zkc::he::ckks {
namespace {

using testing::MockOps;

Eigen::MatrixXd random_matrix(std::mt19937_64& g, std::size_t rows, std::size_t cols) {
  std::uniform_real_distribution<double> u(-1, 1);
  Eigen::MatrixXd w(rows, cols);
  for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = u(g);
  return w;
}

// Slots holding v replicated with period n; slots past v's length hold `fill` (garbage the product
// must ignore).
std::vector<double> replicate(const Eigen::VectorXd& v, std::size_t n, std::size_t slots, double fill) {
  std::vector<double> out(slots);
  for (std::size_t s = 0; s < slots; ++s)
    out[s] = s % n < static_cast<std::size_t>(v.size()) ? v[static_cast<Eigen::Index>(s % n)] : fill;
  return out;
}

void expect_layout(const std::vector<double>& got, const Eigen::VectorXd& want, std::size_t n, double tol,
                   const std::string& what) {
  for (std::size_t s = 0; s < got.size(); ++s) {
    const double w =
        s % n < static_cast<std::size_t>(want.size()) ? want[static_cast<Eigen::Index>(s % n)] : 0.0;
    ASSERT_NEAR(got[s], w, tol) << what << " slot " << s;
  }
}

struct Shape {
  std::size_t rows, cols, period;
};

TEST(Linear, RandomMatricesEveryShapeAndBabyStep) {
  auto g = zkc::testing::rng(801);
  std::uniform_real_distribution<double> u(-1, 1);
  const Shape shapes[] = {{1, 1, 1}, {1, 1, 4},    {1, 8, 8},    {8, 1, 8},   {4, 4, 4},
                          {3, 5, 8}, {5, 3, 8},    {16, 11, 16}, {8, 16, 16}, {1, 8, 16},
                          {7, 7, 8}, {32, 32, 32}, {20, 9, 32},  {2, 64, 64}};
  for (const auto& sh : shapes) {
    for (std::size_t slots : {sh.period, sh.period * 4, std::size_t{256}}) {
      if (slots % sh.period != 0) continue;
      for (std::size_t baby = 0; baby <= sh.period; baby = baby == 0 ? 1 : baby * 2) {
        const std::string what = std::to_string(sh.rows) + "x" + std::to_string(sh.cols) +
                                 " n=" + std::to_string(sh.period) + " slots=" + std::to_string(slots) +
                                 " baby=" + std::to_string(baby);
        const Eigen::MatrixXd w = random_matrix(g, sh.rows, sh.cols);
        Eigen::VectorXd b(sh.rows), v(sh.cols);
        for (auto& x : b) x = u(g);
        for (auto& x : v) x = u(g);
        const auto p = pack_matrix(w, sh.period, slots, b, baby);
        ASSERT_TRUE(p.ok()) << what << ": " << p.error().message;
        if (baby != 0) {
          EXPECT_EQ(p.value().baby, baby);
        }
        MockOps ops(slots, 2);
        ops.set_galois_keys(required_rotations(p.value()));
        const auto ct = ops.encrypt(replicate(v, sh.period, slots, 7.5));
        const auto out = matvec(ops, ct, p.value());
        EXPECT_EQ(out.level, 1) << what;
        expect_layout(out.v, w * v + b, sh.period, 1e-12, what);
        // Every listed rotation was needed, and the shape's list covers the matrix's.
        const auto listed = required_rotations(p.value());
        EXPECT_EQ(std::vector<int>(ops.steps_used().begin(), ops.steps_used().end()), listed) << what;
        const auto by_shape = required_rotations(sh.rows, sh.cols, sh.period, p.value().baby);
        for (int s : listed)
          EXPECT_NE(std::find(by_shape.begin(), by_shape.end(), s), by_shape.end()) << what;
        EXPECT_EQ(ops.count("mul_plain"), static_cast<long>(p.value().nonzero_diagonals())) << what;
        EXPECT_EQ(ops.count("rotate"), static_cast<long>(listed.size())) << what;
      }
    }
  }
}

TEST(Linear, BabyStepChoiceAndRotationCounts) {
  // A dense 16 x 16 matrix: b = 4 gives steps 1, 2, 3, 4, 8, 12 (6 rotations, against 15 without
  // giant steps).
  EXPECT_EQ(required_rotations(16, 16, 16), (std::vector<int>{1, 2, 3, 4, 8, 12}));
  EXPECT_EQ(required_rotations(16, 16, 16, 1).size(), 15u);
  EXPECT_EQ(required_rotations(16, 16, 16, 16).size(), 15u);
  // 1 x 1 and period 1: nothing to rotate.
  EXPECT_TRUE(required_rotations(1, 1, 1).empty());
  // 1 x 8 in period 16: diagonals 0..7 only; b = 2 and b = 4 both need 4 steps, the smaller wins.
  EXPECT_EQ(required_rotations(1, 8, 16), (std::vector<int>{1, 2, 4, 6}));
  EXPECT_EQ(required_rotations(1, 8, 16, 4), (std::vector<int>{1, 2, 3, 4}));
  // A diagonal matrix needs no rotation at all.
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(8, 8);
  for (int i = 0; i < 8; ++i) d(i, i) = i + 1;
  const auto p = pack_matrix(d, 8, 64).value();
  EXPECT_TRUE(required_rotations(p).empty());
  EXPECT_EQ(p.nonzero_diagonals(), 1u);
  MockOps ops(64, 1);
  ops.set_galois_keys({});
  Eigen::VectorXd v(8);
  v << 1, -2, 3, -4, 5, -6, 7, -8;
  const auto out = matvec(ops, ops.encrypt(replicate(v, 8, 64, 0)), p);
  expect_layout(out.v, d * v, 8, 1e-15, "diagonal");
  EXPECT_EQ(ops.count("rotate"), 0);
}

TEST(Linear, SparseAndZeroMatrices) {
  auto g = zkc::testing::rng(802);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t n = std::size_t{1} << (trial % 5 + 1);
    const std::size_t rows = 1 + g() % n, cols = 1 + g() % n;
    Eigen::MatrixXd w = random_matrix(g, rows, cols);
    for (Eigen::Index i = 0; i < w.size(); ++i)
      if (g() % 3 != 0) w.data()[i] = 0;
    Eigen::VectorXd v(cols);
    for (auto& x : v) x = u(g);
    const auto p = pack_matrix(w, n, 4 * n).value();
    MockOps ops(4 * n, 3);
    ops.set_galois_keys(required_rotations(p));
    const auto out = matvec(ops, ops.encrypt(replicate(v, n, 4 * n, -3)), p);
    EXPECT_EQ(out.level, 2);
    expect_layout(out.v, w * v, n, 1e-12, "sparse trial " + std::to_string(trial));
  }
  // The zero matrix: zero output, still one level, no rotation.
  const auto z = pack_matrix(Eigen::MatrixXd::Zero(3, 4), 4, 8).value();
  EXPECT_TRUE(required_rotations(z).empty());
  MockOps ops(8, 2);
  const auto out = matvec(ops, ops.encrypt({1, 2, 3, 4, 1, 2, 3, 4}), z);
  EXPECT_EQ(out.level, 1);
  for (double x : out.v) EXPECT_EQ(x, 0);
}

TEST(Linear, LayersChain) {
  // 11 -> 16 -> 8 -> 1 in period 16, as the credit network; each product one level.
  auto g = zkc::testing::rng(803);
  std::uniform_real_distribution<double> u(-1, 1);
  const std::size_t n = 16, slots = 512;
  const std::vector<Eigen::MatrixXd> ws = {random_matrix(g, 16, 11), random_matrix(g, 8, 16),
                                           random_matrix(g, 1, 8)};
  Eigen::VectorXd v(11);
  for (auto& x : v) x = u(g);
  MockOps ops(slots, 3);
  auto ct = ops.encrypt(replicate(v, n, slots, 100));
  Eigen::VectorXd want = v;
  for (const auto& w : ws) {
    Eigen::VectorXd b(w.rows());
    for (auto& x : b) x = u(g);
    ct = matvec(ops, ct, pack_matrix(w, n, slots, b).value());
    want = w * want + b;
  }
  EXPECT_EQ(ct.level, 0);
  expect_layout(ct.v, want, n, 1e-12, "chain");
  EXPECT_DEATH(matvec(ops, ct, pack_matrix(ws[2], n, slots).value()), "level");
}

TEST(Linear, RejectsBadShapes) {
  const Eigen::MatrixXd w = Eigen::MatrixXd::Ones(3, 5);
  const auto msg = [&](std::size_t n, std::size_t slots, std::optional<Eigen::VectorXd> b, std::size_t baby) {
    auto r = pack_matrix(w, n, slots, b, baby);
    return r.ok() ? std::string("ok") : r.error().message;
  };
  EXPECT_EQ(msg(8, 16, std::nullopt, 0), "ok");
  EXPECT_NE(msg(6, 12, std::nullopt, 0).find("not a power of two"), std::string::npos);
  EXPECT_NE(msg(4, 16, std::nullopt, 0).find("smaller than the 3 x 5"), std::string::npos);
  EXPECT_NE(msg(8, 12, std::nullopt, 0).find("not a multiple"), std::string::npos);
  EXPECT_NE(msg(8, 0, std::nullopt, 0).find("not a multiple"), std::string::npos);
  EXPECT_NE(msg(8, 16, std::nullopt, 3).find("baby step"), std::string::npos);
  EXPECT_NE(msg(8, 16, std::nullopt, 16).find("baby step"), std::string::npos);
  EXPECT_NE(msg(8, 16, Eigen::VectorXd::Ones(4), 0).find("bias"), std::string::npos);
  EXPECT_NE(msg(0, 16, std::nullopt, 0).find("power of two"), std::string::npos);
  Eigen::MatrixXd nan = w;
  nan(1, 2) = std::nan("");
  EXPECT_NE(pack_matrix(nan, 8, 16).error().message.find("non-finite"), std::string::npos);
  EXPECT_NE(pack_matrix(Eigen::MatrixXd(0, 3), 8, 16).error().message.find("empty"), std::string::npos);
}

}  // namespace
}  // namespace zkc::he::ckks
