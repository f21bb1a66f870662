#include "dedup/sorted_sets.h"

#include <algorithm>
#include <array>

namespace newsdedup {

void SortUnique(std::vector<uint32_t>& values) {
  if (values.size() <= 64) {
    std::sort(values.begin(), values.end());
  } else {
    thread_local std::vector<uint32_t> scratch;
    scratch.resize(values.size());
    constexpr int kBits = 11;
    constexpr uint32_t kBuckets = 1u << kBits;
    std::array<uint32_t, kBuckets> counts;
    std::vector<uint32_t>* from = &values;
    std::vector<uint32_t>* to = &scratch;
    for (int shift = 0; shift < 32; shift += kBits) {
      counts.fill(0);
      for (uint32_t v : *from) ++counts[(v >> shift) & (kBuckets - 1)];
      uint32_t sum = 0;
      for (uint32_t& c : counts) {
        const uint32_t n = c;
        c = sum;
        sum += n;
      }
      for (uint32_t v : *from)
        (*to)[counts[(v >> shift) & (kBuckets - 1)]++] = v;
      std::swap(from, to);
    }
    if (from != &values) values.swap(scratch);  // three passes: odd count
  }
  values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace newsdedup
