// Small clients of the daemon: `newsdedup post` sends JSON Lines articles
// over HTTP (and is the load generator: fixed offered rate, concurrency,
// latency percentiles); `newsdedup events` tails the cluster-event stream
// from a sequence number.
#pragma once

#include <string>
#include <vector>

namespace newsdedup {

struct PostOptions {
  std::string url = "http://127.0.0.1:8080";
  std::vector<std::string> inputs;
  unsigned concurrency = 1;  // connections, each one request at a time
  double rate = 0;           // articles per second offered; 0: as fast as acked
  unsigned batch = 1;        // articles per request
  std::string token;
  bool quiet = false;  // no per-article output, only the summary
  // Send over Protobuf/TCP to this HOST:PORT instead of HTTP (one article
  // per frame; --batch does not apply).
  std::string tcp;
};

struct EventsOptions {
  std::string url = "http://127.0.0.1:8080";
  unsigned long long from = 1;
  unsigned long long max = 0;  // stop after this many events; 0: never
  std::string token;
};

// Sends every article of the inputs and ends with a summary on stderr:
// each article was sent (and then acknowledged, or failed: no answer came),
// unsent (the server could not be reached, or was gone before its turn) or
// invalid (over TCP only: not an article, so not sent); the rate counts
// acknowledged articles only. Exit status 2 when some were failed or
// unsent, else 1 when some were rejected or invalid, else 0.
int PostCommand(const PostOptions& options);
int EventsCommand(const EventsOptions& options);

}  // namespace newsdedup
