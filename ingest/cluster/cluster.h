// The scale-out roles on NATS JetStream (doc/scale-out.md): one logical
// detector over many processes and machines, deciding exactly as one
// `newsdedup batch` over the same input order.
//
//   front ends --(input stream, Nats-Msg-Id = article id)--> fingerprint
//   workers (any number, stateless) --(prepared stream)--> the decider
//   (one; its own store) <--lookups / changes stream--> index shards (any
//   number, each one hash partition of the candidate index)
//   the decider --(decisions stream, events stream)--> front ends, readers
//
// The input stream's sequence is the global order. The decider decides in
// that order whatever order the workers finish in, stores each decision,
// then tells the shards (dedup/index_shards.h) and publishes it. Every
// step is repeatable: a role killed and restarted goes on from what the
// streams and its own store hold, and republished messages carry the same
// Nats-Msg-Id, so the streams hold each one once.
//
// Thread safety: each role is driven from one thread (its Step or Run);
// ClusterClient is safe from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/engine.h"
#include "ingest/nats/nats_client.h"
#include "proto/cluster.pb.h"

namespace newsdedup {

struct ClusterOptions {
  NatsOptions nats;
  // Streams are named PREFIX_IN, PREFIX_FP, PREFIX_OPS, PREFIX_DEC and
  // PREFIX_EV (upper case), subjects prefix.in, prefix.fp, ...: two
  // clusters can share one NATS under two prefixes.
  std::string prefix = "nd";
  // Copies of each stream JetStream keeps (1 on a single NATS node).
  int replicas = 3;
  uint32_t shard_count = 1;
  // How long a role waits for a shard's answer or a stream's ack.
  int timeout_ms = 30000;
};

// Creates the cluster's streams, or checks them (every role does at start).
Status EnsureClusterStreams(NatsConnection& nats,
                            const ClusterOptions& options);

// A front end's side: publishes articles and deletions to the input
// stream, and waits for their decisions.
class ClusterClient {
 public:
  static StatusOr<std::unique_ptr<ClusterClient>> Connect(
      const ClusterOptions& options);
  ~ClusterClient();
  // Publishes the article with Nats-Msg-Id = its id; its input sequence.
  // Sent again within the stream's duplicate window (two minutes), it is
  // the same entry (the same sequence), not a second one.
  StatusOr<uint64_t> Submit(const Article& article);
  // As Submit, and whether the stream already held the id (sent before
  // within the duplicate window): then the entry, and its decision, are
  // the earlier sending's, and a front end answers as for an id already
  // stored.
  struct Submitted {
    uint64_t sequence = 0;
    bool duplicate = false;
  };
  StatusOr<Submitted> SubmitArticle(const Article& article);
  StatusOr<uint64_t> SubmitDelete(const std::string& id);
  // The decision on the entry with input sequence `sequence`, once the
  // decider stored it; kUnavailable after timeout_ms.
  StatusOr<pb::DecisionMessage> AwaitDecision(uint64_t sequence,
                                              int timeout_ms);
  // Decisions in input order from `sequence` on, as they come: `visit`
  // returns false to stop. Stops with OK after idle_ms without one.
  Status ReadDecisions(uint64_t sequence, int idle_ms,
                       const std::function<bool(const pb::DecisionMessage&)>&
                           visit);
  // Cluster events in order from the events stream's sequence `sequence`
  // (1: the first); the same stopping rules.
  Status ReadEvents(uint64_t sequence, int idle_ms,
                    const std::function<bool(uint64_t stream_sequence,
                                             const pb::ClusterEvent&)>& visit);

 private:
  struct Impl;
  explicit ClusterClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A fingerprint worker: takes input entries from the shared work queue,
// fingerprints them on `threads` threads, publishes them prepared, and
// acknowledges them only then (a worker killed midway leaves its entries
// to be delivered again, to it or another).
class FingerprintWorker {
 public:
  static StatusOr<std::unique_ptr<FingerprintWorker>> Start(
      const ClusterOptions& options, EngineOptions engine, unsigned threads);
  ~FingerprintWorker();
  // Handles what arrives within timeout_ms (up to a batch); how many.
  StatusOr<size_t> Step(int timeout_ms);

 private:
  struct Impl;
  explicit FingerprintWorker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct ShardServerStats {
  uint64_t changes_applied = 0;
  uint64_t stream_sequence = 0;  // of the last change applied
  uint32_t article_count = 0;
  size_t memory_bytes = 0;
};

// One index shard: applies its changes from the changes stream in order,
// answers the decider's lookups once it has applied what they wait for,
// and saves itself in `dir` every `save_every` changes and when stopped,
// so that a restart reads its state and only the changes after it.
// Two servers of the same shard may run at once (either answers).
class IndexShardServer {
 public:
  static StatusOr<std::unique_ptr<IndexShardServer>> Start(
      const ClusterOptions& options, const DetectorOptions& detector,
      uint32_t shard, const std::string& dir, uint64_t save_every = 50000);
  ~IndexShardServer();
  // Applies changes until `stop`; saves before returning.
  Status Run(const std::atomic<bool>& stop);
  ShardServerStats stats() const;

 private:
  struct Impl;
  explicit IndexShardServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// What a decider sent and received, for the figures.
struct DeciderStats {
  uint64_t decided = 0;  // input entries
  uint64_t lookups = 0;  // requests to shards
  uint64_t lookup_bytes = 0, answer_bytes = 0;
  uint64_t change_messages = 0, change_bytes = 0;
};

// The decider: its own store (`db`), the index in the shards.
class Decider {
 public:
  static StatusOr<std::unique_ptr<Decider>> Open(const ClusterOptions& options,
                                                 const std::string& db,
                                                 EngineOptions engine);
  ~Decider();
  // Decides what has arrived, in input order, waiting up to timeout_ms
  // for the next entry; how many entries were decided.
  StatusOr<size_t> Step(int timeout_ms);
  // The next input sequence to decide.
  uint64_t next_input() const;
  Engine& engine();
  DeciderStats stats() const;

 private:
  struct Impl;
  explicit Decider(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdedup
