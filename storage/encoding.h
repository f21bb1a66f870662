// Key and record encodings of the store, all in one place. The layout is
// written up in doc/storage.md; change both together.
//
// Column families and their keys:
//   "default"       meta: kCountersKey -> Counters (4 x fixed64 LE; 3 in
//                   stores from before deletion),
//                   kClusterNamePrefix + ordinal (fixed32 BE) -> cluster id,
//                   kSchemaKey -> schema version (decimal text),
//                   kStatePrefix + name -> a front end's state (opaque)
//   "articles"      article id (bytes)            -> pb::StoredArticle
//   "fingerprints"  ordinal (fixed32 big-endian)  -> pb::StoredFingerprint
//   "clusters"      cluster id (bytes)            -> pb::StoredCluster
//   "members"       cluster id, 0x00, article id  -> empty
//   "events"        sequence (fixed64 big-endian) -> pb::ClusterEvent
// Big-endian integers make RocksDB's byte order the numeric order, so a scan
// from a key walks ordinals or sequences upwards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdedup {

inline constexpr int kSchemaVersion = 1;
inline constexpr std::string_view kSchemaKey = "schema";
inline constexpr std::string_view kCountersKey = "counters";
// Keys of front ends' own small records (a polled feed's validators and the
// items it has seen): "state/" then a name the front end chooses. No other
// meta key starts with it.
inline constexpr std::string_view kStatePrefix = "state/";

// The id of a cluster whose first article was deleted while others remain
// (a cluster is otherwise named through its first article's fingerprint):
// "cluster/" then the cluster's ordinal, fixed32 big-endian.
inline constexpr std::string_view kClusterNamePrefix = "cluster/";

inline constexpr const char* kArticlesFamily = "articles";
inline constexpr const char* kFingerprintsFamily = "fingerprints";
inline constexpr const char* kClustersFamily = "clusters";
inline constexpr const char* kMembersFamily = "members";
inline constexpr const char* kEventsFamily = "events";

// Counters that grow with every commit, stored atomically with it.
struct Counters {
  uint64_t next_ordinal = 0;   // ordinal the next article gets
  uint64_t next_sequence = 1;  // sequence number of the next event
  uint64_t clusters = 0;       // clusters with members, not merged
  uint64_t deleted = 0;        // articles deleted (or expired) from the store
  // Articles in the store.
  uint64_t live() const { return next_ordinal - deleted; }
};

std::string EncodeOrdinal(uint32_t ordinal);
std::string EncodeClusterNameKey(uint32_t cluster_ordinal);
std::optional<uint32_t> DecodeOrdinal(std::string_view key);
std::string EncodeSequence(uint64_t sequence);
std::optional<uint64_t> DecodeSequence(std::string_view key);

std::string EncodeMemberKey(std::string_view cluster_id,
                            std::string_view article_id);
// The prefix every member key of `cluster_id` starts with.
std::string MemberPrefix(std::string_view cluster_id);

// kStatePrefix + name.
std::string EncodeStateKey(std::string_view name);

std::string EncodeCounters(const Counters& counters);
std::optional<Counters> DecodeCounters(std::string_view value);

}  // namespace newsdedup
