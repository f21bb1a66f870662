#include "tools/feeds/feed_state.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

TEST(FeedStateTest, RoundTripsThroughItsEncoding) {
  FeedState state;
  state.etag = "\"abc\"";
  state.last_modified = "Wed, 02 Dec 2026 10:00:00 GMT";
  state.last_fetch_ms = 1796205600000;
  state.last_outcome = "ok";
  state.consecutive_failures = 3;
  state.next_poll_ms = 1796206500000;
  state.MarkSeen("urn:a");
  state.MarkSeen("urn:b");
  StatusOr<FeedState> back = DecodeFeedState(EncodeFeedState(state));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->etag, state.etag);
  EXPECT_EQ(back->last_modified, state.last_modified);
  EXPECT_EQ(back->last_fetch_ms, state.last_fetch_ms);
  EXPECT_EQ(back->last_outcome, "ok");
  EXPECT_EQ(back->consecutive_failures, 3u);
  EXPECT_EQ(back->next_poll_ms, state.next_poll_ms);
  EXPECT_TRUE(back->Seen("urn:a"));
  EXPECT_TRUE(back->Seen("urn:b"));
  EXPECT_FALSE(back->Seen("urn:c"));
}

TEST(FeedStateTest, TheSeenListKeepsTheNewestIds) {
  FeedState state;
  for (size_t i = 0; i < kMaxSeenItems + 10; ++i) {
    state.MarkSeen("id-" + std::to_string(i));
  }
  state.MarkSeen("id-20");  // already there: not added twice
  EXPECT_EQ(state.seen.size(), kMaxSeenItems);
  EXPECT_FALSE(state.Seen("id-0"));
  EXPECT_FALSE(state.Seen("id-9"));
  EXPECT_TRUE(state.Seen("id-10"));
  EXPECT_TRUE(state.Seen("id-" + std::to_string(kMaxSeenItems + 9)));
  StatusOr<FeedState> back = DecodeFeedState(EncodeFeedState(state));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->seen, state.seen);
}

TEST(FeedStateTest, DamagedRecordsAreRefused) {
  FeedState state;
  state.etag = "x";
  state.MarkSeen("a");
  const std::string good = EncodeFeedState(state);
  EXPECT_FALSE(DecodeFeedState("").ok());
  EXPECT_FALSE(DecodeFeedState(good.substr(0, good.size() - 1)).ok());
  EXPECT_FALSE(DecodeFeedState(good + "z").ok());
  std::string other_version = good;
  other_version[0] = 9;
  EXPECT_FALSE(DecodeFeedState(other_version).ok());
}

TEST(FeedStateTest, LivesInTheStorePerUrl) {
  test::TempDir dir;
  StatusOr<std::unique_ptr<Store>> store = Store::Open(dir.path(), {});
  ASSERT_TRUE(store.ok());
  StatusOr<FeedState> none = LoadFeedState(**store, "http://a.example/f");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->last_fetch_ms, 0);
  FeedState state;
  state.etag = "e1";
  ASSERT_TRUE(SaveFeedState(**store, "http://a.example/f", state).ok());
  StatusOr<FeedState> a = LoadFeedState(**store, "http://a.example/f");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->etag, "e1");
  StatusOr<FeedState> b = LoadFeedState(**store, "http://b.example/f");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->etag, "");
}

}  // namespace
}  // namespace newsdedup
