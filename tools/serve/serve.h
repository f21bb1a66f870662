// `newsdedup serve`: the newsroom daemon. Owns the io_context, the pipeline,
// both listeners and the signal handling; see pipeline.h for the stages.
#pragma once

#include <string>

namespace newsdedup {

struct ServeOptions {
  std::string db;
  std::string config_path;  // optional JSON config
  std::string http;         // overrides the config when set
  std::string tcp;
  int workers = -1;        // overrides the config when >= 0
  std::string ready_file;  // written with the bound ports once listening
};

// Runs until SIGTERM or SIGINT, then stops accepting, finishes and commits
// what is in flight, and returns 0. Returns 2 when it cannot start.
int Serve(const ServeOptions& options);

}  // namespace newsdedup
