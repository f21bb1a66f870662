#include "storage/encoding.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(EncodingTest, OrdinalsSortNumerically) {
  EXPECT_EQ(EncodeOrdinal(0x01020304), std::string("\x01\x02\x03\x04", 4));
  EXPECT_LT(EncodeOrdinal(255), EncodeOrdinal(256));
  EXPECT_EQ(DecodeOrdinal(EncodeOrdinal(123456)), 123456u);
  EXPECT_FALSE(DecodeOrdinal("abc").has_value());
}

TEST(EncodingTest, SequencesRoundTripAndSort) {
  EXPECT_LT(EncodeSequence(1), EncodeSequence(1ull << 40));
  EXPECT_EQ(DecodeSequence(EncodeSequence(1ull << 40)), 1ull << 40);
}

TEST(EncodingTest, MemberKeysGroupByCluster) {
  EXPECT_EQ(EncodeMemberKey("c1", "a9"), std::string("c1\0a9", 5));
  EXPECT_EQ(EncodeMemberKey("c1", "a9").rfind(MemberPrefix("c1"), 0), 0u);
  // "c1" members never fall under "c10".
  EXPECT_NE(EncodeMemberKey("c10", "x").rfind(MemberPrefix("c1"), 0), 0u);
}

TEST(EncodingTest, CountersRoundTrip) {
  Counters c{7, 42, 5};
  std::optional<Counters> back = DecodeCounters(EncodeCounters(c));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->next_ordinal, 7u);
  EXPECT_EQ(back->next_sequence, 42u);
  EXPECT_EQ(back->clusters, 5u);
  EXPECT_FALSE(DecodeCounters("short").has_value());
}

// Stores from before deletion wrote three counters; they read as having
// deleted nothing.
TEST(EncodingTest, CountersOfEarlierStoresReadWithNothingDeleted) {
  Counters c{10, 20, 5, 3};
  const std::string encoded = EncodeCounters(c);
  ASSERT_EQ(encoded.size(), 32u);
  EXPECT_EQ(DecodeCounters(encoded)->deleted, 3u);
  EXPECT_EQ(DecodeCounters(encoded)->live(), 7u);
  const std::optional<Counters> old = DecodeCounters(encoded.substr(0, 24));
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->deleted, 0u);
  EXPECT_EQ(old->next_ordinal, 10u);
  EXPECT_FALSE(DecodeCounters(encoded.substr(0, 28)).has_value());
  Counters impossible{2, 1, 0, 3};  // more deleted than ever stored
  EXPECT_FALSE(DecodeCounters(EncodeCounters(impossible)).has_value());
}

TEST(EncodingTest, StateKeysHaveTheirOwnPrefix) {
  EXPECT_EQ(EncodeStateKey("feed/a"), "state/feed/a");
  EXPECT_NE(EncodeStateKey("").substr(0, 6), kCountersKey.substr(0, 6));
  EXPECT_NE(EncodeStateKey("").substr(0, 6), kSchemaKey.substr(0, 6));
}

}  // namespace
}  // namespace newsdedup
