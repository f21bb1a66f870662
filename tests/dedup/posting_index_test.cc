#include "dedup/posting_index.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(PostingIndexTest, ListsArticlesNewestFirstAndCounts) {
  std::vector<uint32_t> cluster_of = {0, 1, 2};
  PostingIndex index(&cluster_of);
  index.Add(7, 0);
  index.Add(7, 1);
  index.Add(9, 2);
  index.Add(0, 2);  // feature 0 is a valid key too
  EXPECT_EQ(index.Count(7), 2u);
  EXPECT_EQ(index.Count(9), 1u);
  EXPECT_EQ(index.Count(0), 1u);
  EXPECT_EQ(index.Count(8), 0u);
  std::vector<uint32_t> seen;
  index.ForEach(7, [&](uint32_t o) {
    seen.push_back(o);
    return true;
  });
  EXPECT_EQ(seen, (std::vector<uint32_t>{1, 0}));
}

TEST(PostingIndexTest, CountsDistinctClusters) {
  std::vector<uint32_t> cluster_of;
  PostingIndex index(&cluster_of);
  // Five articles of one cluster: one story copied often is not boilerplate.
  for (uint32_t i = 0; i < 5; ++i) {
    cluster_of.push_back(0);
    index.Add(42, i);
  }
  EXPECT_EQ(index.DistinctClusters(42), 1u);
  // Four more clusters, and another copy of the first story.
  for (uint32_t i = 5; i < 9; ++i) {
    cluster_of.push_back(i);
    index.Add(42, i);
  }
  cluster_of.push_back(0);
  index.Add(42, 9);
  EXPECT_EQ(index.DistinctClusters(42), 5u);
}

TEST(PostingIndexTest, LooksForTheClusterOnlyAmongRecentEntries) {
  std::vector<uint32_t> cluster_of;
  PostingIndex index(&cluster_of, /*cluster_walk=*/3);
  cluster_of = {0, 1, 2, 3, 0, 3};
  for (uint32_t i = 0; i < cluster_of.size(); ++i) index.Add(8, i);
  // Ordinal 4 (cluster 0) is three entries past ordinal 0 and counts again;
  // ordinal 5 finds cluster 3 two entries back.
  EXPECT_EQ(index.DistinctClusters(8), 5u);
}

TEST(PostingIndexTest, CountsManyAsOneByOne) {
  std::vector<uint32_t> cluster_of(100, 0);
  PostingIndex index(&cluster_of);
  for (uint32_t i = 0; i < 100; ++i) {
    for (uint32_t f = 0; f <= i % 7; ++f) index.Add(f * 977u, i);
  }
  const std::vector<uint32_t> features = {0, 977, 3 * 977, 6 * 977, 12345};
  std::vector<uint32_t> counts = {99};  // resized and overwritten
  index.CountMany(features, counts);
  ASSERT_EQ(counts.size(), features.size());
  for (size_t i = 0; i < features.size(); ++i) {
    EXPECT_EQ(counts[i], index.Count(features[i])) << features[i];
  }
  EXPECT_EQ(counts.back(), 0u);
}

TEST(PostingIndexTest, GrowsPastInitialCapacity) {
  std::vector<uint32_t> cluster_of(1, 0);
  PostingIndex index(&cluster_of);
  for (uint32_t f = 1; f <= 50000; ++f) index.Add(f * 2654435761u, 0);
  EXPECT_EQ(index.feature_count(), 50000u);
  for (uint32_t f = 1; f <= 50000; f += 997) {
    EXPECT_EQ(index.Count(f * 2654435761u), 1u);
  }
}

}  // namespace
}  // namespace newsdedup

namespace newsdedup {
namespace {

TEST(PostingIndexTest, CountsWithoutPosting) {
  std::vector<uint32_t> cluster_of(10, 0);
  PostingIndex index(&cluster_of);
  for (uint32_t i = 0; i < 10; ++i) {
    if (i % 3 == 0) {
      index.Add(5, i);
    } else {
      index.CountOnly(5);
    }
  }
  EXPECT_EQ(index.Count(5), 10u);
  EXPECT_EQ(index.entry_count(), 4u);
  std::vector<uint32_t> seen;
  index.ForEach(5, [&](uint32_t o) {
    seen.push_back(o);
    return true;
  });
  EXPECT_EQ(seen, (std::vector<uint32_t>{9, 6, 3, 0}));
  index.CountOnly(6);
  EXPECT_EQ(index.Count(6), 1u);
  EXPECT_EQ(index.DistinctClusters(6), 0u);
}

}  // namespace
}  // namespace newsdedup
