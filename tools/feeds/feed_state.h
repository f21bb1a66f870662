// FeedState: what newsdedup remembers of a polled feed between polls and
// across restarts, kept in the store as a state record (Store::PutState,
// name "feed/" + URL; layout in doc/storage.md).
//
// The validators make the next fetch conditional (a 304 costs nothing), the
// times and failures say when to poll next, and the seen list makes an item
// already stored cost one comparison instead of a trip to the engine: it
// holds the XXH3-64 hashes of the ids of the last kMaxSeenItems items
// stored, oldest first. An id pushed out of it is still known to the
// engine, which answers "already stored" for it.
//
// Thread safety: FeedState is a value; LoadFeedState and SaveFeedState are
// as safe as the store's GetState and PutState (any thread).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/status.h"
#include "storage/store.h"

namespace newsdedup {

inline constexpr size_t kMaxSeenItems = 4096;

struct FeedState {
  std::string etag;           // sent back as If-None-Match
  std::string last_modified;  // sent back as If-Modified-Since
  int64_t last_fetch_ms = 0;  // when the last poll ended, 0: never polled
  std::string last_outcome;   // "ok", "not modified" or the error
  uint32_t consecutive_failures = 0;
  // Not polled again before this: the interval after a success, the
  // backoff after a failure. 0: at once.
  int64_t next_poll_ms = 0;
  std::vector<uint64_t> seen;  // id hashes, oldest first

  bool Seen(std::string_view item_id) const;
  // Adds the id (when new), dropping the oldest beyond kMaxSeenItems.
  void MarkSeen(std::string_view item_id);
};

std::string EncodeFeedState(const FeedState& state);
StatusOr<FeedState> DecodeFeedState(std::string_view bytes);

// The state of the feed at `url`; a default state for a feed never polled.
StatusOr<FeedState> LoadFeedState(const Store& store, const std::string& url);
Status SaveFeedState(Store& store, const std::string& url,
                     const FeedState& state);

}  // namespace newsdedup
