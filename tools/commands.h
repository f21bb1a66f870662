// The subcommands of the `newsdedup` command line. Each takes its parsed
// arguments and returns the process exit status:
//   0 success, 1 the run finished but some input was rejected (or, for
//   lookups, the thing asked for does not exist), 2 the run could not be done
//   (bad arguments, unreadable input, store failure).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tools/batch.h"

namespace newsdedup {

struct CommonOptions {
  std::string db;        // store directory
  unsigned threads = 0;  // 0: all cores
};

int BatchCommand(const CommonOptions& common, BatchOptions batch);
int ClusterCommand(const CommonOptions& common, const std::string& id);
int StatsCommand(const CommonOptions& common);
// Explains the decision made for the stored article `id`.
int ExplainCommand(const CommonOptions& common, const std::string& id);
// Runs a labelled JSON Lines file through the detector (in `common.db`, or a
// temporary store when empty) and prints the scores against its labels.
// `mode` is "newsdedup" (the detector, through a store) or a baseline,
// "minhash" or "simhash" (dedup/baseline.h, in memory). With `fields`
// (names of tools/field_conditions.h, "all" for every one), the file is
// first rewritten under each condition in turn (`field_seed` chooses the
// boilerplate) and each run scored, then a table of them printed.
int EvalCommand(const CommonOptions& common, const std::string& labels_path,
                const std::string& mode,
                const std::vector<std::string>& fields = {},
                uint64_t field_seed = 1);

// Options shared by every command that opens a store for writing.
EngineOptions DefaultEngineOptions();

}  // namespace newsdedup
