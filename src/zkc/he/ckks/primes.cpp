#include "zkc/he/ckks/primes.hpp"

#include <map>
#include <string>

#include "zkc/he/ckks/modulus.hpp"

namespace zkc::he::ckks {
namespace {

u64 mul_mod(u64 a, u64 b, u64 m) { return static_cast<u64>(static_cast<u128>(a) * b % m); }

u64 pow_mod(u64 base, u64 exponent, u64 m) {
  u64 result = 1 % m;
  base %= m;
  while (exponent != 0) {
    if (exponent & 1) result = mul_mod(result, base, m);
    base = mul_mod(base, base, m);
    exponent >>= 1;
  }
  return result;
}

}  // namespace

bool is_prime(std::uint64_t n) {
  static constexpr u64 kBases[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37};
  if (n < 2) return false;
  for (u64 p : kBases) {
    if (n % p == 0) return n == p;
  }
  u64 d = n - 1;
  int s = 0;
  while ((d & 1) == 0) {
    d >>= 1;
    ++s;
  }
  for (u64 a : kBases) {
    u64 x = pow_mod(a, d, n);
    if (x == 1 || x == n - 1) continue;
    bool composite = true;
    for (int r = 1; r < s; ++r) {
      x = mul_mod(x, x, n);
      if (x == n - 1) {
        composite = false;
        break;
      }
    }
    if (composite) return false;
  }
  return true;
}

Result<std::vector<std::uint64_t>> generate_ntt_primes(std::size_t n, const std::vector<int>& bit_sizes) {
  if (n < 2 || (n & (n - 1)) != 0) {
    return make_error(Errc::kInvalidArgument, "ring degree " + std::to_string(n) + " is not a power of two");
  }
  std::map<int, int> count;
  for (int b : bit_sizes) {
    if (b < kMinPrimeBits || b > kMaxPrimeBits) {
      return make_error(Errc::kInvalidArgument, "prime bit size " + std::to_string(b) + " is outside [" +
                                                    std::to_string(kMinPrimeBits) + ", " +
                                                    std::to_string(kMaxPrimeBits) + "]");
    }
    ++count[b];
  }
  const u64 step = 2 * static_cast<u64>(n);
  std::map<int, std::vector<u64>> found;
  for (auto [bits, wanted] : count) {
    const u64 lower = u64{1} << (bits - 1);
    if ((u64{1} << bits) <= step) {
      return make_error(Errc::kInvalidArgument,
                        "no " + std::to_string(bits) + "-bit prime = 1 mod " + std::to_string(step));
    }
    u64 candidate = (u64{1} << bits) - step + 1;
    auto& list = found[bits];
    while (static_cast<int>(list.size()) < wanted && candidate > lower) {
      if (is_prime(candidate)) list.push_back(candidate);
      candidate -= step;
    }
    if (static_cast<int>(list.size()) < wanted) {
      return make_error(Errc::kInvalidArgument, "only " + std::to_string(list.size()) + " primes of " +
                                                    std::to_string(bits) + " bits are = 1 mod " +
                                                    std::to_string(step) + "; " + std::to_string(wanted) +
                                                    " were asked for");
    }
  }
  std::vector<u64> primes;
  std::map<int, std::size_t> next;
  // SEAL hands out each size's primes from the smallest of those found: the k-th occurrence of a size gets
  // found[size][count - 1 - k], so with repeated sizes the last prime (the special one) is the largest.
  for (int b : bit_sizes) primes.push_back(found[b][found[b].size() - 1 - next[b]++]);
  return primes;
}

std::uint64_t minimal_primitive_root(std::uint64_t q, std::size_t n) {
  const u64 order = 2 * static_cast<u64>(n);
  ZKC_ASSERT((q - 1) % order == 0);
  // Any primitive 2N-th root: x^((q-1)/2N) for the first x whose power has order exactly 2N, which holds
  // when its N-th power is -1 (2N is a power of two).
  u64 root = 0;
  for (u64 x = 2; root == 0; ++x) {
    const u64 r = pow_mod(x, (q - 1) / order, q);
    if (pow_mod(r, n, q) == q - 1) root = r;
  }
  // The primitive 2N-th roots are root^k for odd k; take the smallest.
  const u64 square = mul_mod(root, root, q);
  u64 best = root;
  u64 current = root;
  for (u64 k = 3; k < order; k += 2) {
    current = mul_mod(current, square, q);
    if (current < best) best = current;
  }
  return best;
}

}  // namespace zkc::he::ckks
