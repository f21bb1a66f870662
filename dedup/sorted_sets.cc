#include "dedup/sorted_sets.h"

#include <algorithm>
#include <array>

namespace newsdedup {
namespace {

// LSD radix sort in passes of kBits bits. Every pass's histogram is taken
// in one read of the input, so a pass costs one scatter plus its buckets'
// prefix sum: few buckets suit a few hundred values (fingerprints), more
// buckets and fewer passes suit thousands (character grams).
template <int kBits>
void RadixSort(std::vector<uint32_t>& values) {
  constexpr int kPasses = (32 + kBits - 1) / kBits;
  constexpr uint32_t kBuckets = 1u << kBits;
  constexpr uint32_t kMask = kBuckets - 1;
  std::array<std::array<uint32_t, kBuckets>, kPasses> counts{};
  for (uint32_t v : values) {
    for (int p = 0; p < kPasses; ++p) ++counts[p][(v >> (p * kBits)) & kMask];
  }
  thread_local std::vector<uint32_t> scratch;
  scratch.resize(values.size());
  std::vector<uint32_t>* from = &values;
  std::vector<uint32_t>* to = &scratch;
  for (int p = 0; p < kPasses; ++p) {
    uint32_t sum = 0;
    for (uint32_t& c : counts[p]) {
      const uint32_t n = c;
      c = sum;
      sum += n;
    }
    const int shift = p * kBits;
    for (uint32_t v : *from) (*to)[counts[p][(v >> shift) & kMask]++] = v;
    std::swap(from, to);
  }
  if (from != &values) values.swap(scratch);  // odd number of passes
}

}  // namespace

void SortUnique(std::vector<uint32_t>& values) {
  if (values.size() <= 64) {
    std::sort(values.begin(), values.end());
  } else if (values.size() <= 2048) {
    RadixSort<8>(values);
  } else {
    RadixSort<11>(values);
  }
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

void PositionsIn(const std::vector<uint32_t>& values,
                 const std::vector<uint32_t>& sorted,
                 std::vector<uint32_t>& positions) {
  size_t capacity = 16;
  while (capacity < sorted.size() * 2) capacity *= 2;
  const size_t mask = capacity - 1;
  auto home = [&](uint32_t value) {
    return static_cast<size_t>((value * 0x9E3779B97F4A7C15ull) >> 40) & mask;
  };
  constexpr uint32_t kEmpty = UINT32_MAX;
  thread_local std::vector<std::pair<uint32_t, uint32_t>> table;
  table.assign(capacity, {0, kEmpty});  // (value, position)
  for (uint32_t p = 0; p < sorted.size(); ++p) {
    size_t i = home(sorted[p]);
    while (table[i].second != kEmpty) i = (i + 1) & mask;
    table[i] = {sorted[p], p};
  }
  positions.clear();
  positions.reserve(values.size());
  for (uint32_t value : values) {
    size_t i = home(value);
    while (table[i].first != value) i = (i + 1) & mask;
    positions.push_back(table[i].second);
  }
}

}  // namespace newsdedup
