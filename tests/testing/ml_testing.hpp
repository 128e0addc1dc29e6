// Random credit networks, standardizers and inputs for the tests of the quantized inference
// (tests/ml) and of its circuit (tests/zkml): one generator, so both suites draw from the same
// distributions. Header-only; users link zkc_ml.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "zkc/ml/network.hpp"
#include "zkc/ml/quantize.hpp"
#include "zkc/ml/rng.hpp"
#include "zkc/ml/standardizer.hpp"

namespace zkc::testing {

inline double uniform(std::mt19937_64& g, double a, double b) {
  return std::uniform_real_distribution<double>(a, b)(g);
}
inline int uniform_int(std::mt19937_64& g, int a, int b) {
  return std::uniform_int_distribution<int>(a, b)(g);
}

inline std::vector<int> random_widths(std::mt19937_64& g, int max_hidden_layers = 3) {
  std::vector<int> w = {uniform_int(g, 1, 20)};
  const int hidden = uniform_int(g, 0, max_hidden_layers);
  for (int h = 0; h < hidden; ++h) w.push_back(uniform_int(g, 1, 20));
  w.push_back(1);
  return w;
}

// He-normal weights, random biases; with `large`, each layer scaled by 10^U(-2, 4) and a few entries
// by a further 2^U(0, 12).
inline ml::Network random_network(std::mt19937_64& g, const std::vector<int>& widths, bool large) {
  ml::Rng rng(g());
  ml::Network net = ml::Network::init(widths, rng);
  for (auto& layer : net.layers) {
    const double layer_scale = large ? std::pow(10.0, uniform(g, -2, 4)) : 1.0;
    layer.weights *= layer_scale;
    for (Eigen::Index i = 0; i < layer.bias.size(); ++i) layer.bias[i] = layer_scale * rng.normal();
    if (large)
      for (Eigen::Index k = 0; k < layer.weights.size(); ++k)
        if (g() % 8 == 0) layer.weights.data()[k] *= std::ldexp(1.0, uniform_int(g, 0, 12));
  }
  return net;
}

// Per feature: mean in +-10^U(0,3), scale 10^U(-2,3), range mean +- U(0,4) scales; some constant
// features (lower = upper, scale 1) and some ranges that exclude the mean.
inline ml::Standardizer random_standardizer(std::mt19937_64& g, int d) {
  ml::Standardizer s;
  for (int j = 0; j < d; ++j) {
    const double mean = uniform(g, -1, 1) * std::pow(10.0, uniform(g, 0, 3));
    double scale = std::pow(10.0, uniform(g, -2, 3));
    double lower = mean - uniform(g, 0, 4) * scale, upper = mean + uniform(g, 0, 4) * scale;
    if (g() % 10 == 0) {
      lower = upper = mean;
      scale = 1.0;
    } else if (g() % 10 == 0) {
      lower = mean + scale;
      upper = mean + 3 * scale;
    }
    s.mean.push_back(mean);
    s.scale.push_back(scale);
    s.lower.push_back(lower);
    s.upper.push_back(upper);
  }
  return s;
}

inline std::vector<std::int64_t> random_in_range(std::mt19937_64& g, const ml::QuantizedNetwork& q) {
  std::vector<std::int64_t> x;
  for (std::size_t j = 0; j < q.input_lower.size(); ++j)
    x.push_back(std::uniform_int_distribution<std::int64_t>(q.input_lower[j], q.input_upper[j])(g));
  return x;
}

inline std::vector<std::int64_t> random_corner(std::mt19937_64& g, const ml::QuantizedNetwork& q) {
  std::vector<std::int64_t> x;
  for (std::size_t j = 0; j < q.input_lower.size(); ++j)
    x.push_back(g() % 2 ? q.input_lower[j] : q.input_upper[j]);
  return x;
}

}  // namespace zkc::testing
