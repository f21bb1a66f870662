// The decider's view of the index shards over NATS (dedup/index_shards.h):
// lookups are requests to every shard at once; changes are held until
// Flush, then published as one message on the changes stream, which every
// shard reads (so a change reaches all of them or none). A lookup carries
// the changes stream's sequence of the last change published, and a shard
// answers once it has applied that far. Internal to ingest/cluster.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "dedup/index_shards.h"
#include "ingest/cluster/names.h"
#include "ingest/nats/nats_client.h"

namespace newsdedup {

class NatsIndexShards : public IndexShards {
 public:
  // `nats` must outlive it.
  NatsIndexShards(NatsConnection& nats, const ClusterOptions& options);
  // Learns where the changes stream is: what the shards must have read
  // before they answer.
  Status Start();
  Status Lookup(const IndexLookup& lookup, IndexAnswer* answer) override;
  Status Apply(IndexChange change) override;
  Status Flush() override;
  StatusOr<ShardArticles> Articles(uint32_t from, uint32_t max) override;

  // Bytes and messages sent and received, for the figures.
  struct Traffic {
    uint64_t lookups = 0, lookup_bytes = 0, answer_bytes = 0;
    uint64_t change_messages = 0, change_bytes = 0;
  };
  const Traffic& traffic() const { return traffic_; }

 private:
  // Asks until `take` accepts a reply (OK) or fails for good (an error
  // other than kUnavailable), or the role's timeout passes: a shard that
  // restarts, or has not read the changes yet, is asked again.
  Status Ask(const std::string& subject, const std::string& request,
             const std::function<Status(std::string)>& take);

  NatsConnection& nats_;
  ClusterOptions options_;
  ClusterNames names_;
  uint64_t stream_through_ = 0;
  std::vector<IndexChange> pending_;
  Traffic traffic_;
  std::atomic<uint64_t> answer_bytes_{0};  // counted on the asking threads
};

}  // namespace newsdedup
