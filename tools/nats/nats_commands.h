// `newsdedup nats ...`: the scale-out roles on NATS JetStream
// (ingest/cluster/cluster.h, doc/scale-out.md), each a long-running
// process until SIGINT or SIGTERM, and the clients that feed and read a
// cluster.
//
//   nats shard --shard K     one partition of the candidate index
//   nats worker              fingerprints input entries (any number)
//   nats decide --db DIR     the decider, with its own store
//   nats publish FILES...    a front end for files: publishes them and
//                            prints each decision as `batch` does
//   nats front               a front end for HTTP clients
//   nats events              prints the cluster events
//
// Every role of one cluster is given the same servers, prefix, replicas
// and shard count. Roles reconnect and reopen by themselves after a
// failure (a NATS node or a shard gone), so a supervisor need only
// restart a process that died.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ingest/cluster/cluster.h"
#include "ingest/formats/format.h"
#include "ingest/formats/limits.h"
#include "tools/commands.h"

namespace newsdedup {

struct NatsCommonOptions {
  std::string servers = "nats://127.0.0.1:4222";  // comma-separated URLs
  std::string prefix = "nd";
  int replicas = 3;
  uint32_t shards = 1;
  int timeout_ms = 30000;
};

// kInvalidArgument for a server URL that is not nats://HOST:PORT.
StatusOr<ClusterOptions> ToClusterOptions(const NatsCommonOptions& common);

struct NatsShardOptions {
  uint32_t shard = 0;
  std::string dir;  // where the shard saves itself
  uint64_t save_every = 50000;
};
int NatsShardCommand(const NatsCommonOptions& common,
                     const NatsShardOptions& shard);

int NatsWorkerCommand(const NatsCommonOptions& common, unsigned threads);

// The decider on the store in `engine.db`, under `engine.retention`.
int NatsDecideCommand(const NatsCommonOptions& common,
                      const CommonOptions& engine);

struct NatsPublishOptions {
  std::vector<std::string> inputs;  // files or folders
  std::optional<Format> format;
  IngestLimits limits;
  bool wait = true;  // wait for the decisions and print them
};
// Exit 0, or 1 when some article was refused, 2 when the run failed.
int NatsPublishCommand(const NatsCommonOptions& common,
                       const NatsPublishOptions& publish);

// Prints events from the events stream's sequence `from`, as JSON lines
// ({"stream_sequence": N, ...the event}); stops after `max` (0: never)
// or, without `follow`, once none came for a second.
int NatsEventsCommand(const NatsCommonOptions& common, uint64_t from,
                      uint64_t max, bool follow);

}  // namespace newsdedup
