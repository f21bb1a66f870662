#include "tools/feeds/feed_state.h"

#include <algorithm>
#include <cstring>

#include "dedup/hash.h"
#include "storage/varint.h"

namespace newsdedup {
namespace {

// Bumped when the record's layout changes; an unknown version is refused
// rather than misread.
constexpr char kFeedStateVersion = 1;

std::string StateName(const std::string& url) { return "feed/" + url; }

void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

bool GetString(std::string_view& in, std::string* out) {
  uint64_t size = 0;
  if (!GetVarint(in, &size) || size > in.size()) return false;
  out->assign(in.substr(0, size));
  in.remove_prefix(size);
  return true;
}

}  // namespace

bool FeedState::Seen(std::string_view item_id) const {
  const uint64_t hash = Hash64(item_id);
  return std::find(seen.begin(), seen.end(), hash) != seen.end();
}

void FeedState::MarkSeen(std::string_view item_id) {
  if (Seen(item_id)) return;
  seen.push_back(Hash64(item_id));
  if (seen.size() > kMaxSeenItems) {
    seen.erase(seen.begin(), seen.begin() + (seen.size() - kMaxSeenItems));
  }
}

std::string EncodeFeedState(const FeedState& state) {
  std::string out(1, kFeedStateVersion);
  PutString(out, state.etag);
  PutString(out, state.last_modified);
  PutVarint(out, static_cast<uint64_t>(state.last_fetch_ms));
  PutString(out, state.last_outcome);
  PutVarint(out, state.consecutive_failures);
  PutVarint(out, static_cast<uint64_t>(state.next_poll_ms));
  PutVarint(out, state.seen.size());
  for (uint64_t hash : state.seen) {
    char bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>(hash >> (8 * i));
    out.append(bytes, 8);
  }
  return out;
}

StatusOr<FeedState> DecodeFeedState(std::string_view in) {
  const Status bad = Status::Corruption("feed state record does not decode");
  if (in.empty() || in[0] != kFeedStateVersion) return bad;
  in.remove_prefix(1);
  FeedState state;
  uint64_t fetch = 0, failures = 0, next = 0, seen = 0;
  if (!GetString(in, &state.etag) || !GetString(in, &state.last_modified) ||
      !GetVarint(in, &fetch) || !GetString(in, &state.last_outcome) ||
      !GetVarint(in, &failures) || !GetVarint(in, &next) ||
      !GetVarint(in, &seen) || seen > kMaxSeenItems || in.size() != seen * 8) {
    return bad;
  }
  state.last_fetch_ms = static_cast<int64_t>(fetch);
  state.consecutive_failures = static_cast<uint32_t>(failures);
  state.next_poll_ms = static_cast<int64_t>(next);
  state.seen.resize(seen);
  for (uint64_t k = 0; k < seen; ++k) {
    uint64_t hash = 0;
    for (int i = 0; i < 8; ++i) {
      hash |= static_cast<uint64_t>(static_cast<unsigned char>(in[k * 8 + i]))
              << (8 * i);
    }
    state.seen[k] = hash;
  }
  return state;
}

StatusOr<FeedState> LoadFeedState(const Store& store, const std::string& url) {
  StatusOr<std::optional<std::string>> bytes =
      store.GetState(StateName(url));
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return FeedState{};
  StatusOr<FeedState> state = DecodeFeedState(**bytes);
  if (!state.ok()) {
    return Status::Corruption(state.status().message() + " (feed " + url +
                              ")");
  }
  return state;
}

Status SaveFeedState(Store& store, const std::string& url,
                     const FeedState& state) {
  return store.PutState(StateName(url), EncodeFeedState(state));
}

}  // namespace newsdedup
