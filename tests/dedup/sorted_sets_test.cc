#include "dedup/sorted_sets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace newsdedup {
namespace {

// Both paths of SortUnique (short vectors and the radix sort), with values
// that exercise every radix digit and plenty of duplicates.
TEST(SortedSetsTest, SortUniqueMatchesSortThenUnique) {
  std::mt19937 rng(7);
  for (size_t size : {0, 1, 2, 63, 64, 65, 1000, 5000}) {
    std::vector<uint32_t> values(size);
    for (uint32_t& v : values) v = rng() % (size / 2 + 1) * 2654435761u;
    std::vector<uint32_t> expected = values;
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()),
                   expected.end());
    SortUnique(values);
    EXPECT_EQ(values, expected) << "size " << size;
  }
}

TEST(SortedSetsTest, VisitsSharedValuesWithTheirPositions) {
  const std::vector<uint32_t> a = {1, 4, 9, 12, 40};
  const std::vector<uint32_t> b = {4, 5, 12, 40, 41};
  std::vector<std::pair<size_t, size_t>> at;
  ForEachSharedAt(a, b, [&](size_t i, size_t j) { at.emplace_back(i, j); });
  EXPECT_EQ(at,
            (std::vector<std::pair<size_t, size_t>>{{1, 0}, {3, 2}, {4, 3}}));
  EXPECT_EQ(CountShared(a, b), 3u);
  EXPECT_EQ(CountShared(a, {}), 0u);
}

}  // namespace
}  // namespace newsdedup
