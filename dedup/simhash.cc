#include "dedup/simhash.h"

#include <array>

namespace newsdedup {

uint64_t SimHash(const std::vector<uint64_t>& feature_hashes) {
  if (feature_hashes.empty()) return 0;
  // Bit-sliced accumulation: one counter per bit position, incremented for a
  // set bit and decremented for a clear one. The inner loop has no branches,
  // so the compiler vectorises it.
  std::array<int32_t, 64> counts{};
  for (uint64_t h : feature_hashes) {
    for (int bit = 0; bit < 64; ++bit) {
      counts[bit] += static_cast<int32_t>(((h >> bit) & 1u) << 1) - 1;
    }
  }
  uint64_t result = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (counts[bit] > 0) result |= uint64_t{1} << bit;
  }
  return result;
}

}  // namespace newsdedup
