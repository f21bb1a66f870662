#include "dedup/simhash.h"

#include <algorithm>
#include <array>

namespace newsdedup {
namespace {

// For each byte value, the +1/-1 contribution of its eight bits.
struct ByteVotes {
  std::array<std::array<int16_t, 8>, 256> votes;
  ByteVotes() {
    for (int b = 0; b < 256; ++b) {
      for (int k = 0; k < 8; ++k) votes[b][k] = ((b >> k) & 1) ? 1 : -1;
    }
  }
};

}  // namespace

uint64_t SimHash(const std::vector<uint64_t>& feature_hashes) {
  if (feature_hashes.empty()) return 0;
  static const ByteVotes table;
  // One counter per bit position, +1 for a set bit and -1 for a clear one.
  // Eight bits at a time from a table: eight 16-bit lanes the compiler adds
  // as one vector. 16-bit counters are flushed before they could overflow.
  std::array<int32_t, 64> totals{};
  constexpr size_t kBlock = 32000;
  for (size_t begin = 0; begin < feature_hashes.size(); begin += kBlock) {
    const size_t end = std::min(feature_hashes.size(), begin + kBlock);
    alignas(16) std::array<int16_t, 64> counts{};
    for (size_t i = begin; i < end; ++i) {
      const uint64_t h = feature_hashes[i];
      for (int byte = 0; byte < 8; ++byte) {
        const std::array<int16_t, 8>& row =
            table.votes[(h >> (8 * byte)) & 0xFF];
        for (int k = 0; k < 8; ++k) counts[byte * 8 + k] += row[k];
      }
    }
    for (int bit = 0; bit < 64; ++bit) totals[bit] += counts[bit];
  }
  uint64_t result = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (totals[bit] > 0) result |= uint64_t{1} << bit;
  }
  return result;
}

}  // namespace newsdedup
