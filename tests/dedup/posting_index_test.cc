#include "dedup/posting_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace newsdedup {
namespace {

std::vector<uint32_t> Posting(const PostingIndex& index, uint32_t feature) {
  std::vector<uint32_t> seen;
  index.ForEach(feature, [&](uint32_t o) {
    seen.push_back(o);
    return true;
  });
  return seen;
}

TEST(PostingIndexTest, ListsArticlesNewestFirstAndCounts) {
  PostingIndex index;
  index.Add(7, 0);
  index.Add(7, 1);
  index.Add(9, 2);
  index.Add(0, 2);  // feature 0 is a valid key too
  EXPECT_EQ(index.Count(7), 2u);
  EXPECT_EQ(index.Count(9), 1u);
  EXPECT_EQ(index.Count(0), 1u);
  EXPECT_EQ(index.Count(8), 0u);
  EXPECT_EQ(Posting(index, 7), (std::vector<uint32_t>{1, 0}));
  EXPECT_EQ(Posting(index, 9), (std::vector<uint32_t>{2}));
  EXPECT_TRUE(Posting(index, 8).empty());
  EXPECT_EQ(index.entry_count(), 4u);
}

// Postings grow through an inline entry and blocks of every size, while
// other postings grow in between; every entry comes back, newest first.
TEST(PostingIndexTest, LongPostingsKeepEveryEntryInOrder) {
  PostingIndex index;
  std::vector<uint32_t> expected_a, expected_b;
  for (uint32_t i = 0; i < 5000; ++i) {
    if (i % 3 == 0) {
      index.Add(11, i);
      expected_a.insert(expected_a.begin(), i);
    }
    if (i % 7 == 0) {
      index.Add(12, i);
      expected_b.insert(expected_b.begin(), i);
    }
    index.Add(100000 + i, i);  // a singleton each time
  }
  EXPECT_EQ(Posting(index, 11), expected_a);
  EXPECT_EQ(Posting(index, 12), expected_b);
  EXPECT_EQ(index.Count(11), expected_a.size());
  EXPECT_EQ(Posting(index, 100000 + 4999), (std::vector<uint32_t>{4999}));
}

TEST(PostingIndexTest, StopsWalkingWhenAsked) {
  PostingIndex index;
  for (uint32_t i = 0; i < 100; ++i) index.Add(5, i);
  std::vector<uint32_t> seen;
  index.ForEach(5, [&](uint32_t o) {
    seen.push_back(o);
    return seen.size() < 3;
  });
  EXPECT_EQ(seen, (std::vector<uint32_t>{99, 98, 97}));
}

// Enough entries to fill several pool chunks (a million words each).
TEST(PostingIndexTest, SpillsAcrossPoolChunks) {
  PostingIndex index;
  constexpr uint32_t kArticles = 400000;
  for (uint32_t i = 0; i < kArticles; ++i) {
    for (uint32_t f = 1; f <= 8; ++f) index.Add(f, i);
  }
  for (uint32_t f = 1; f <= 8; ++f) {
    const std::vector<uint32_t> posting = Posting(index, f);
    ASSERT_EQ(posting.size(), kArticles);
    EXPECT_EQ(posting.front(), kArticles - 1);
    EXPECT_EQ(posting.back(), 0u);
    EXPECT_TRUE(std::is_sorted(posting.rbegin(), posting.rend()));
  }
  EXPECT_GT(index.MemoryBytes(), size_t{kArticles} * 8 * 4);
}

TEST(PostingIndexTest, CountsDistinctClusters) {
  OrdinalArray<uint32_t> cluster_of;
  PostingIndex index(&cluster_of, 64);
  EXPECT_EQ(index.DistinctClusters(42), 0u);
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

// The tally of a longer posting moves with its newest block; a singleton's
// is implied. Both must survive new blocks and the table growing.
TEST(PostingIndexTest, KeepsClusterTalliesAcrossBlocksAndGrowth) {
  OrdinalArray<uint32_t> cluster_of;
  PostingIndex index(&cluster_of, 64);
  // Feature f is posted by f + 1 articles of distinct clusters, interleaved
  // with 5,000 singletons that make the table grow several times.
  constexpr uint32_t kFeatures = 100;
  uint32_t ordinal = 0;
  for (uint32_t round = 0; round < kFeatures; ++round) {
    for (uint32_t f = round; f < kFeatures; ++f) {
      cluster_of.push_back(ordinal);
      index.Add(1000 + f, ordinal++);
    }
    for (uint32_t k = 0; k < 50; ++k) {
      cluster_of.push_back(ordinal);
      index.Add(1000000 + ordinal, ordinal);
      ++ordinal;
    }
  }
  for (uint32_t f = 0; f < kFeatures; ++f) {
    EXPECT_EQ(index.DistinctClusters(1000 + f), f + 1) << f;
    EXPECT_EQ(Posting(index, 1000 + f).size(), f + 1) << f;
  }
  EXPECT_EQ(index.DistinctClusters(1000000 + kFeatures), 1u);
  EXPECT_EQ(index.DistinctClusters(7), 0u);
}

TEST(PostingIndexTest, LooksForTheClusterOnlyAmongRecentEntries) {
  OrdinalArray<uint32_t> cluster_of = {0, 1, 2, 3, 0, 3};
  PostingIndex index(&cluster_of, /*cluster_walk=*/3);
  for (uint32_t i = 0; i < cluster_of.end(); ++i) index.Add(8, i);
  // Ordinal 4 (cluster 0) is three entries past ordinal 0 and counts again;
  // ordinal 5 finds cluster 3 two entries back.
  EXPECT_EQ(index.DistinctClusters(8), 5u);
}

TEST(PostingIndexTest, CountsEveryArticlePastTheExactBar) {
  OrdinalArray<uint32_t> cluster_of = {0, 0, 1, 1, 1, 1};
  PostingIndex index(&cluster_of, 64);
  for (uint32_t i = 0; i < cluster_of.end(); ++i) {
    index.Add(8, i, /*exact_below=*/2);
  }
  // Clusters 0 and 1 are counted exactly; then each copy of cluster 1
  // counts once more.
  EXPECT_EQ(index.DistinctClusters(8), 5u);
}

TEST(PostingIndexTest, CountsWithoutPosting) {
  PostingIndex index;
  for (uint32_t i = 0; i < 10; ++i) {
    if (i % 3 == 0) {
      index.Add(5, i);
    } else {
      index.CountOnly(5);
    }
  }
  EXPECT_EQ(index.Count(5), 10u);
  EXPECT_EQ(index.entry_count(), 4u);
  EXPECT_EQ(Posting(index, 5), (std::vector<uint32_t>{9, 6, 3, 0}));
  index.CountOnly(6);
  EXPECT_EQ(index.Count(6), 1u);
  EXPECT_TRUE(Posting(index, 6).empty());
}

TEST(PostingIndexTest, CountsManyAsOneByOne) {
  PostingIndex index;
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
  PostingIndex index;
  for (uint32_t f = 1; f <= 50000; ++f) index.Add(f * 2654435761u, 0);
  EXPECT_EQ(index.feature_count(), 50000u);
  for (uint32_t f = 1; f <= 50000; f += 997) {
    EXPECT_EQ(index.Count(f * 2654435761u), 1u);
    EXPECT_EQ(Posting(index, f * 2654435761u), (std::vector<uint32_t>{0}));
  }
}

std::string Saved(const PostingIndex& index) {
  std::string bytes;
  StringStateWriter out(&bytes);
  index.Save(out);
  return bytes;
}

// Postings spread over more than one pool chunk, with the words a chunk
// leaves unused at its end: restored, every posting and tally is as it
// was, the saved bytes are the same, and both grow alike afterwards.
TEST(PostingIndexTest, SavesAndLoadsAcrossPoolChunks) {
  OrdinalArray<uint32_t> cluster_of;
  PostingIndex index(&cluster_of, 16);
  for (uint32_t i = 0; i < 300000; ++i) {
    cluster_of.push_back(i - i % 3);
    for (uint32_t f = 1; f <= 6; ++f) index.Add(f * 7919u + i % 5000, i);
  }
  const std::string bytes = Saved(index);
  PostingIndex restored(&cluster_of, 16);
  StringStateReader in(bytes);
  ASSERT_TRUE(restored.Load(in).ok());
  EXPECT_EQ(in.Remaining(), 0u);
  EXPECT_EQ(Saved(restored), bytes);
  EXPECT_EQ(restored.feature_count(), index.feature_count());
  EXPECT_EQ(restored.entry_count(), index.entry_count());
  for (uint32_t f = 1; f <= 6; ++f) {
    for (uint32_t k = 0; k < 5000; k += 499) {
      const uint32_t feature = f * 7919u + k;
      EXPECT_EQ(Posting(restored, feature), Posting(index, feature));
      EXPECT_EQ(restored.DistinctClusters(feature),
                index.DistinctClusters(feature));
    }
  }
  cluster_of.push_back(300000);
  index.Add(12345, 300000);
  restored.Add(12345, 300000);
  EXPECT_EQ(Saved(restored), Saved(index));
}

TEST(PostingIndexTest, LoadRefusesAnotherKindOrDamage) {
  PostingIndex terms;
  for (uint32_t i = 0; i < 100; ++i) terms.Add(i % 7, i);
  const std::string bytes = Saved(terms);

  OrdinalArray<uint32_t> cluster_of;
  cluster_of.GrowTo(100);
  PostingIndex shingles(&cluster_of, 8);
  StringStateReader other_kind(bytes);
  EXPECT_EQ(shingles.Load(other_kind).code(), Status::Code::kCorruption);

  // A head pointing past the pool.
  std::string damaged = bytes;
  const size_t first_slot = 4 + 3 * 8 + 8;
  for (size_t slot = first_slot; slot + 12 <= damaged.size(); slot += 12) {
    uint32_t key, head;
    std::memcpy(&key, &damaged[slot], 4);
    std::memcpy(&head, &damaged[slot + 4], 4);
    if (key != 0 && head < 0x80000000u) {
      const uint32_t far = 0x7FFFFFF0u;
      std::memcpy(&damaged[slot + 4], &far, 4);
      break;
    }
  }
  ASSERT_NE(damaged, bytes);
  PostingIndex restored;
  StringStateReader in(damaged);
  EXPECT_EQ(restored.Load(in).code(), Status::Code::kCorruption);
  EXPECT_EQ(restored.feature_count(), 0u);  // left as it was
}

}  // namespace
}  // namespace newsdedup

namespace newsdedup {
namespace {

// Removing entries from every part of a posting (inline, head block, older
// blocks) leaves exactly the others, newest first, and the counts agree.
TEST(PostingIndexRemoveTest, LeavesEveryOtherEntryInOrder) {
  PostingIndex index;
  std::vector<uint32_t> expected;
  for (uint32_t i = 0; i < 200; ++i) {
    index.Add(5, i);
    expected.insert(expected.begin(), i);
  }
  for (uint32_t gone : {0u, 199u, 100u, 57u, 58u, 59u, 1u}) {
    index.Remove(5, gone, true);
    expected.erase(std::find(expected.begin(), expected.end(), gone));
    ASSERT_EQ(Posting(index, 5), expected) << "after removing " << gone;
  }
  EXPECT_EQ(index.Count(5), expected.size());
  EXPECT_EQ(index.entry_count(), expected.size());
  index.Remove(5, 1000, false);  // never posted: nothing happens
  EXPECT_EQ(Posting(index, 5), expected);
}

// A feature whose last article leaves is gone from the table, and the
// features that probed past its slot are still found.
TEST(PostingIndexRemoveTest, AnEmptiedFeatureLeavesAndOthersStayFindable) {
  PostingIndex index;
  for (uint32_t f = 1; f <= 700; ++f) index.Add(f, f);  // crowds the table
  for (uint32_t f = 1; f <= 700; f += 2) index.Remove(f, f, true);
  EXPECT_EQ(index.feature_count(), 350u);
  for (uint32_t f = 1; f <= 700; ++f) {
    EXPECT_EQ(index.Count(f), f % 2 == 0 ? 1u : 0u) << f;
    EXPECT_EQ(Posting(index, f).size(), f % 2 == 0 ? 1u : 0u) << f;
  }
  // A counted-only feature stays while it is counted.
  index.CountOnly(9999);
  index.CountOnly(9999);
  index.Remove(9999, 0, true);
  EXPECT_EQ(index.Count(9999), 1u);
  index.Remove(9999, 0, true);
  EXPECT_EQ(index.Count(9999), 0u);
  EXPECT_EQ(index.feature_count(), 350u);
}

// A sliding window: articles come and go for many rounds, and the memory
// the index holds stops growing once the window is full.
TEST(PostingIndexRemoveTest, ASlidingWindowStaysTheSameSize) {
  PostingIndex index;
  constexpr uint32_t kWindow = 2000;
  auto features_of = [](uint32_t ordinal) {
    // Shared features (a few long postings) and one of its own.
    return std::vector<uint32_t>{ordinal % 7 + 1, ordinal % 101 + 10,
                                 1'000'000 + ordinal};
  };
  size_t memory_at_window = 0;
  for (uint32_t ordinal = 0; ordinal < 20 * kWindow; ++ordinal) {
    for (uint32_t f : features_of(ordinal)) index.Add(f, ordinal);
    if (ordinal >= kWindow) {
      const uint32_t gone = ordinal - kWindow;
      for (uint32_t f : features_of(gone)) index.Remove(f, gone, true);
    }
    if (ordinal == 2 * kWindow) memory_at_window = index.MemoryBytes();
  }
  EXPECT_EQ(index.MemoryBytes(), memory_at_window);
  EXPECT_EQ(index.entry_count(), 3u * kWindow);
  EXPECT_EQ(index.Count(1), Posting(index, 1).size());
}

TEST(PostingIndexRemoveTest, ClusterTallyDropsWhenTheClusterLeaves) {
  OrdinalArray<uint32_t> cluster_of = {0, 0, 2, 3};
  PostingIndex index(&cluster_of, 100);
  for (uint32_t o = 0; o < 4; ++o) index.Add(1, o);
  EXPECT_EQ(index.DistinctClusters(1), 3u);
  index.Remove(1, 0, false);  // cluster 0 still has article 1
  EXPECT_EQ(index.DistinctClusters(1), 3u);
  index.Remove(1, 1, false);
  EXPECT_EQ(index.DistinctClusters(1), 2u);
  index.Remove(1, 3, false);
  EXPECT_EQ(index.DistinctClusters(1), 1u);
  index.Remove(1, 2, false);
  EXPECT_EQ(index.DistinctClusters(1), 0u);
  EXPECT_EQ(index.feature_count(), 0u);
}

// Free lists are saved with the rest: a restored index reuses them.
TEST(PostingIndexRemoveTest, SavesAndLoadsWhatRemovalFreed) {
  PostingIndex index;
  for (uint32_t o = 0; o < 50; ++o) index.Add(3, o);
  for (uint32_t o = 0; o < 50; o += 2) index.Remove(3, o, true);
  std::string bytes;
  StringStateWriter out(&bytes);
  index.Save(out);
  PostingIndex restored;
  StringStateReader in(bytes);
  ASSERT_TRUE(restored.Load(in).ok());
  EXPECT_EQ(Posting(restored, 3), Posting(index, 3));
  const size_t memory = restored.MemoryBytes();
  for (uint32_t o = 50; o < 60; ++o) restored.Add(3, o);
  EXPECT_EQ(restored.MemoryBytes(), memory);
}

}  // namespace
}  // namespace newsdedup

namespace newsdedup {
namespace {

TEST(OrdinalArrayTest, KeepsOnlyTheWindowAndItsOrdinals) {
  OrdinalArray<uint32_t> values;
  for (uint32_t o = 0; o < 1000; ++o) values.push_back(o * 3);
  values.DropBelow(100);  // not yet worth moving the rest
  EXPECT_EQ(values.base(), 0u);
  values.DropBelow(700);
  EXPECT_EQ(values.base(), 700u);
  EXPECT_EQ(values.end(), 1000u);
  EXPECT_EQ(values[700], 2100u);
  EXPECT_EQ(values[999], 2997u);
  values.push_back(7);
  EXPECT_EQ(values[1000], 7u);
  // A window sliding for long takes no more memory than twice its size.
  size_t most = 0;
  for (uint32_t o = 1001; o < 200000; ++o) {
    values.push_back(o);
    values.DropBelow(o - 500);
    most = std::max(most, values.values().size());
  }
  EXPECT_LE(most, 1100u);
  EXPECT_EQ(values[199999], 199999u);
}

}  // namespace
}  // namespace newsdedup
