// `newsdedup bench`: the end-to-end benchmark. Generates a seeded synthetic
// stream (ingest/sources/synthetic_source.h) and runs it through the batch
// path itself, the stream loop of ingest/stream.h — fingerprinting on a
// worker pool, decisions and RocksDB commits in order — against a fresh
// store, then prints one table: articles/s, MB/s, per-article
// latency p50/p99, peak RSS, store and index bytes per article, candidates
// verified per article, and the planted copies found. With a retention
// window, a curve of the run as well.
#pragma once

#include <cstdint>
#include <string>

#include "ingest/retention.h"

namespace newsdedup {

struct BenchOptions {
  uint64_t articles = 100000;
  unsigned threads = 0;  // fingerprinting workers; 0: all cores
  std::string db;        // default: a temporary store, removed afterwards
  uint64_t seed = 1987;
  // With a window, the run is also printed as a curve (every twentieth of
  // the stream: index articles and bytes, RSS, rate), to show that memory
  // and speed stay flat once the window is full.
  RetentionOptions retention;
  // The candidate index split over this many shards in this process
  // (dedup/index_shard.h), each one's memory printed at the end; 0: one
  // index, as always. What a cluster's shards would each hold.
  uint32_t index_shards = 0;
};

int BenchCommand(const BenchOptions& options);

}  // namespace newsdedup
