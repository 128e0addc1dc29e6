// Bulletproofs generators, computed lazily and cached (see generators.hpp).
#include "zkc/commit/generators.hpp"

#include <array>
#include <memory>
#include <mutex>
#include <vector>

#include "zkc/commit/pedersen.hpp"

namespace zkc::commit {

namespace {

constexpr std::size_t kMinTier = 64;  // smallest table: one 64-bit proof
constexpr std::size_t kTiers = 7;     // 64, 128, ..., 4096

struct Cache {
  std::mutex mutex;
  std::vector<RistrettoPoint> points;  // reserved once, never reallocated
  std::array<std::unique_ptr<FixedBases>, kTiers> tables;

  Cache() {
    points.reserve(BulletproofGens::num_bases(BulletproofGens::kMaxGenerators));
    points.push_back(pedersen_g());
    points.push_back(pedersen_h());
  }

  // Grows `points` to hold `capacity` generators. Caller holds the mutex.
  void grow(std::size_t capacity) {
    for (std::size_t i = (points.size() - 2) / 2; i < capacity; ++i) {
      std::array<std::uint8_t, 8> le;
      for (int k = 0; k < 8; ++k) le[k] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(i) >> (8 * k));
      points.push_back(RistrettoPoint::hash_to_group("zkcredit/bulletproofs/v1/G", le));
      points.push_back(RistrettoPoint::hash_to_group("zkcredit/bulletproofs/v1/H", le));
    }
  }
};

Cache& cache() {
  static Cache c;
  return c;
}

std::size_t tier_of(std::size_t capacity) {
  std::size_t t = 0;
  while ((kMinTier << t) < capacity) ++t;
  return t;
}

}  // namespace

std::span<const RistrettoPoint> BulletproofGens::bases(std::size_t capacity) {
  ZKC_ASSERT(capacity <= kMaxGenerators);
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  c.grow(capacity);
  return {c.points.data(), num_bases(capacity)};
}

const FixedBases& BulletproofGens::tables(std::size_t capacity) {
  ZKC_ASSERT(capacity <= kMaxGenerators);
  const std::size_t tier = tier_of(capacity);
  const std::size_t cap = kMinTier << tier;
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  if (!c.tables[tier]) {
    c.grow(cap);
    c.tables[tier] =
        std::make_unique<FixedBases>(std::span<const RistrettoPoint>(c.points.data(), num_bases(cap)));
  }
  return *c.tables[tier];
}

}  // namespace zkc::commit
