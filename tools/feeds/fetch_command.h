// `newsdedup fetch`: one conditional poll of each feed URL given
// (tools/feeds/poll_feed.h), using and updating the state the daemon keeps
// for the same URLs in the same store, with the new items stored through
// the engine. Prints one decision JSON line per article stored (as `batch`
// does, tools/json_output.h) once it is durable, each failure on stderr,
// and a summary line on stderr.
//
// Returns the exit status: 0 all fetched and stored, 1 some fetch or item
// failed (the rest was done), 2 the store could not be opened.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "tools/feeds/poll_feed.h"

namespace newsdedup {

struct FetchOptions {
  std::string db;
  std::vector<std::string> urls;
  FeedPollOptions poll;
  bool with_evidence = false;  // add "evidence" to each decision line
  FILE* out = stdout;
  FILE* err = stderr;
};

int FetchCommand(const FetchOptions& options);

}  // namespace newsdedup
