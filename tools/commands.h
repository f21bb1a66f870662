// The subcommands of the `newsdedup` command line. Each takes its parsed
// arguments and returns the process exit status:
//   0 success, 1 the run finished but some input was rejected (or, for
//   lookups, the thing asked for does not exist), 2 the run could not be done
//   (bad arguments, unreadable input, store failure).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/batch.h"

namespace newsdedup {

struct CommonOptions {
  std::string db;        // store directory
  unsigned threads = 0;  // 0: all cores
  RetentionOptions retention;  // batch: how long articles stay findable
};

int BatchCommand(const CommonOptions& common, BatchOptions batch);
int ClusterCommand(const CommonOptions& common, const std::string& id);
int StatsCommand(const CommonOptions& common);
struct ForgetOptions {
  std::vector<std::string> ids;
  bool compact = false;  // then compact the store, so the space comes back
};
// Deletes the articles (Engine::Forget), one JSON line of events each.
// Exit 1 when some id was not stored.
int ForgetCommand(const CommonOptions& common, const ForgetOptions& forget);
// Explains the decision made for the stored article `id`.
int ExplainCommand(const CommonOptions& common, const std::string& id);
struct EvalOptions {
  std::string labels_path;  // JSON Lines: id, body and the labels
  // "newsdedup" (the detector, through a store) or a baseline, "minhash"
  // or "simhash" (dedup/baseline.h, in memory).
  std::string mode = "newsdedup";
  // Names of tools/field_conditions.h ("all" for every one): the labelled
  // file is first rewritten under each condition in turn (`field_seed`
  // chooses the boilerplate), each run scored, then a table printed.
  std::vector<std::string> fields;
  uint64_t field_seed = 1;
  // The articles to score, in any input format (ingest/sources/input.h),
  // when they are not the labelled file itself: a feed or an archive made
  // of it. Their ids are the labels'.
  std::vector<std::string> inputs;
  std::optional<Format> format;  // of `inputs`; none: sniffed
};

// Runs the articles through the detector (in `common.db`, or a temporary
// store when empty) and prints the scores against the labels.
int EvalCommand(const CommonOptions& common, const EvalOptions& eval);

// Options shared by every command that opens a store for writing.
EngineOptions DefaultEngineOptions();

}  // namespace newsdedup
