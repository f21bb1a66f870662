// `newsdedup batch`: runs inputs in any format (ingest/sources/input.h)
// through the engine in input order, as a stream would see them, and
// prints one decision per article once it is durable. The work is the stream loop's (ingest/stream.h); this is
// what is printed of it.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ingest/engine.h"
#include "ingest/formats/format.h"
#include "ingest/formats/limits.h"

namespace newsdedup {

struct BatchOptions {
  std::vector<std::string> inputs;  // files or folders; "-" is stdin
  std::optional<Format> format;     // none: each input's is sniffed
  std::string events_path;          // length-delimited ClusterEvents; optional
  unsigned threads = 0;             // fingerprinting workers; 0: all cores
  IngestLimits limits;              // caps on each line and article
  bool with_evidence = false;       // add "evidence" to each output line
  bool progress = false;            // draw progress on stderr
  // Where decision lines go; nullptr prints none.
  FILE* out = stdout;
  // Called with every decision, once it is durable (after Engine::Persist).
  std::function<void(const Outcome&)> on_decision;
  FILE* err = stderr;
};

struct BatchSummary {
  uint64_t articles = 0;  // newly stored
  uint64_t copies = 0;    // of which matched an earlier article
  uint64_t known = 0;     // ids already stored, not added again
  uint64_t rejected = 0;  // items (or whole inputs) reported as bad input
  double seconds = 0;
};

// Returns OK unless the run itself failed (an input that cannot be read,
// the store); rejected items, and documents that do not parse, are counted
// in the summary and reported on `err`, not returned as errors.
StatusOr<BatchSummary> RunBatch(Engine& engine, const BatchOptions& options);

}  // namespace newsdedup
