#include "tools/nats/nats_commands.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "ingest/sources/input.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

std::atomic<bool> stopping{false};

void OnSignal(int) { stopping.store(true); }

// Roles run until SIGINT or SIGTERM, then finish what they hold.
void StopOnSignals() {
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
}

// A pause between attempts that a signal cuts short.
void Pause(int ms) {
  for (int waited = 0; waited < ms && !stopping.load(); waited += 50) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

void Log(const char* role, const std::string& what) {
  std::fprintf(stderr, "newsdedup nats %s: %s\n", role, what.c_str());
  std::fflush(stderr);
}

}  // namespace

StatusOr<ClusterOptions> ToClusterOptions(const NatsCommonOptions& common) {
  ClusterOptions options;
  std::stringstream servers(common.servers);
  for (std::string url; std::getline(servers, url, ',');) {
    if (url.rfind("nats://", 0) != 0 || url.size() <= 7) {
      return Status::InvalidArgument("not a nats://HOST:PORT server: " + url);
    }
    options.nats.servers.push_back(url);
  }
  if (options.nats.servers.empty()) {
    return Status::InvalidArgument("no NATS server given");
  }
  if (common.shards == 0 || common.shards > 1024) {
    return Status::InvalidArgument("shards must be 1 to 1024");
  }
  if (common.prefix.empty() ||
      common.prefix.find_first_of(".*> \t") != std::string::npos) {
    return Status::InvalidArgument("prefix must be one subject token");
  }
  options.prefix = common.prefix;
  options.replicas = common.replicas;
  options.shard_count = common.shards;
  options.timeout_ms = common.timeout_ms;
  return options;
}

int NatsShardCommand(const NatsCommonOptions& common,
                     const NatsShardOptions& shard) {
  StatusOr<ClusterOptions> options = ToClusterOptions(common);
  if (!options.ok()) {
    Log("shard", options.status().message());
    return 2;
  }
  StopOnSignals();
  while (!stopping.load()) {
    StatusOr<std::unique_ptr<IndexShardServer>> server =
        IndexShardServer::Start(*options, DefaultEngineOptions().detector,
                                shard.shard, shard.dir, shard.save_every);
    if (!server.ok()) {
      if (server.status().code() != Status::Code::kUnavailable) {
        Log("shard", server.status().ToString());
        return 2;
      }
      Log("shard", server.status().ToString() + "; trying again");
      Pause(1000);
      continue;
    }
    ShardServerStats at = (*server)->stats();
    Log("shard", "shard " + std::to_string(shard.shard) + " of " +
                     std::to_string(common.shards) + " serving from change " +
                     std::to_string(at.stream_sequence) + " (" +
                     std::to_string(at.article_count) + " articles, index " +
                     std::to_string(at.memory_bytes) + " bytes)");
    Status s = (*server)->Run(stopping);
    at = (*server)->stats();
    Log("shard", "shard " + std::to_string(shard.shard) + ": " +
                     std::to_string(at.article_count) + " articles, " +
                     std::to_string(at.changes_applied) +
                     " change messages applied, index " +
                     std::to_string(at.memory_bytes) + " bytes");
    if (s.ok()) return 0;
    Log("shard", s.ToString());
    // A change it cannot apply means it no longer matches the decider:
    // it must not answer.
    if (s.code() != Status::Code::kUnavailable) return 2;
    Pause(1000);
  }
  return 0;
}

int NatsWorkerCommand(const NatsCommonOptions& common, unsigned threads) {
  StatusOr<ClusterOptions> options = ToClusterOptions(common);
  if (!options.ok()) {
    Log("worker", options.status().message());
    return 2;
  }
  StopOnSignals();
  uint64_t handled = 0;
  while (!stopping.load()) {
    StatusOr<std::unique_ptr<FingerprintWorker>> worker =
        FingerprintWorker::Start(*options, DefaultEngineOptions(), threads);
    if (!worker.ok()) {
      Log("worker", worker.status().ToString() + "; trying again");
      Pause(1000);
      continue;
    }
    while (!stopping.load()) {
      StatusOr<size_t> n = (*worker)->Step(500);
      if (!n.ok()) {
        Log("worker", n.status().ToString() + "; starting again");
        break;
      }
      handled += *n;
    }
    Pause(200);
  }
  Log("worker", "stopped after " + std::to_string(handled) + " entries");
  return 0;
}

int NatsDecideCommand(const NatsCommonOptions& common,
                      const CommonOptions& engine) {
  StatusOr<ClusterOptions> options = ToClusterOptions(common);
  if (!options.ok()) {
    Log("decide", options.status().message());
    return 2;
  }
  StopOnSignals();
  EngineOptions engine_options = DefaultEngineOptions();
  engine_options.retention = engine.retention;
  while (!stopping.load()) {
    StatusOr<std::unique_ptr<Decider>> decider =
        Decider::Open(*options, engine.db, engine_options);
    if (!decider.ok()) {
      Log("decide", decider.status().ToString() + "; trying again");
      Pause(1000);
      continue;
    }
    Log("decide", (*decider)->engine().index_opening().Describe() +
                      "; deciding from entry " +
                      std::to_string((*decider)->next_input()));
    while (!stopping.load()) {
      StatusOr<size_t> n = (*decider)->Step(200);
      if (!n.ok()) {
        // Reopened: the engine takes the index back from the shards and
        // sends them what they lack, then decides on.
        Log("decide", n.status().ToString() + "; opening again");
        break;
      }
    }
    const DeciderStats st = (*decider)->stats();
    char line[256];
    std::snprintf(line, sizeof line,
                  "%llu entries decided; %llu lookups (%llu bytes out, %llu "
                  "back), %llu change messages (%llu bytes)",
                  static_cast<unsigned long long>(st.decided),
                  static_cast<unsigned long long>(st.lookups),
                  static_cast<unsigned long long>(st.lookup_bytes),
                  static_cast<unsigned long long>(st.answer_bytes),
                  static_cast<unsigned long long>(st.change_messages),
                  static_cast<unsigned long long>(st.change_bytes));
    Log("decide", line);
    Pause(500);
  }
  return 0;
}

int NatsPublishCommand(const NatsCommonOptions& common,
                       const NatsPublishOptions& publish) {
  StatusOr<ClusterOptions> options = ToClusterOptions(common);
  if (!options.ok()) {
    Log("publish", options.status().message());
    return 2;
  }
  StatusOr<std::unique_ptr<ClusterClient>> client =
      ClusterClient::Connect(*options);
  if (!client.ok()) {
    Log("publish", client.status().ToString());
    return 2;
  }
  StatusOr<std::vector<std::string>> inputs = ExpandInputs(publish.inputs);
  if (!inputs.ok()) {
    Log("publish", inputs.status().message());
    return 2;
  }
  std::vector<uint64_t> sent;  // input sequences, in publishing order
  bool refused = false;
  for (const std::string& path : *inputs) {
    StatusOr<std::unique_ptr<StreamSource>> source =
        OpenInput(path, publish.format, publish.limits);
    if (!source.ok()) {
      std::fprintf(stderr, "%s\n", source.status().message().c_str());
      refused = true;
      continue;
    }
    for (;;) {
      std::vector<StreamEntry> chunk;
      Status s = (*source)->Read(256, chunk);
      if (!s.ok()) {
        Log("publish", s.ToString());
        return 2;
      }
      if (chunk.empty()) break;
      for (StreamEntry& entry : chunk) {
        StatusOr<Article> article = entry.error.ok()
                                        ? (*source)->Parse(entry)
                                        : StatusOr<Article>(entry.error);
        StatusOr<uint64_t> at =
            article.ok() ? (*client)->Submit(*article) : article.status();
        if (!at.ok()) {
          if (at.status().code() == Status::Code::kUnavailable) {
            Log("publish", at.status().ToString());
            return 2;
          }
          std::fprintf(stderr, "%s: %s\n", (*source)->Where(entry).c_str(),
                       at.status().message().c_str());
          refused = true;
          continue;
        }
        sent.push_back(*at);
      }
    }
  }
  if (!publish.wait || sent.empty()) return refused ? 1 : 0;
  // Decisions come in input order; an article sent twice (the same id) is
  // one entry, decided once, and printed each time as batch prints an id
  // already stored.
  std::map<uint64_t, pb::DecisionMessage> decided;
  std::set<uint64_t> awaited;
  awaited.insert(sent.begin(), sent.end());
  // A role that fails over (a shard or the decider restarting) can hold
  // decisions back for a timeout or two: waited for three.
  const int patience_ms = 3 * options->timeout_ms;
  Status read = (*client)->ReadDecisions(
      *awaited.begin(), patience_ms,
      [&](const pb::DecisionMessage& m) {
        if (awaited.erase(m.input_sequence())) decided[m.input_sequence()] = m;
        return !awaited.empty();
      });
  if (!read.ok()) {
    Log("publish", read.ToString());
    return 2;
  }
  std::map<uint64_t, bool> printed;
  for (const uint64_t sequence : sent) {
    auto it = decided.find(sequence);
    if (it == decided.end()) {
      Log("publish", "no decision on entry " + std::to_string(sequence) +
                         " within " + std::to_string(patience_ms) + " ms");
      return 2;
    }
    const pb::DecisionMessage& m = it->second;
    if (m.has_decision()) {
      const bool again = printed[sequence];
      printed[sequence] = true;
      std::puts(DecisionJson(m.decision(), m.already_known() || again).c_str());
    } else if (!m.error().empty()) {
      std::fprintf(stderr, "entry %llu: %s\n",
                   static_cast<unsigned long long>(sequence),
                   m.error().c_str());
      refused = true;
    }
  }
  std::fflush(stdout);
  return refused ? 1 : 0;
}

int NatsEventsCommand(const NatsCommonOptions& common, uint64_t from,
                      uint64_t max, bool follow) {
  StatusOr<ClusterOptions> options = ToClusterOptions(common);
  if (!options.ok()) {
    Log("events", options.status().message());
    return 2;
  }
  StatusOr<std::unique_ptr<ClusterClient>> client =
      ClusterClient::Connect(*options);
  if (!client.ok()) {
    Log("events", client.status().ToString());
    return 2;
  }
  StopOnSignals();
  uint64_t printed = 0, next = std::max<uint64_t>(from, 1);
  do {
    Status s = (*client)->ReadEvents(
        next, 1000, [&](uint64_t at, const pb::ClusterEvent& event) {
          std::string json = EventJson(event);
          json.insert(1, "\"stream_sequence\":" + std::to_string(at) + ",");
          std::puts(json.c_str());
          std::fflush(stdout);
          next = at + 1;
          return !stopping.load() && (max == 0 || ++printed < max);
        });
    if (!s.ok()) {
      Log("events", s.ToString());
      return 2;
    }
  } while (follow && !stopping.load() && (max == 0 || printed < max));
  return 0;
}

}  // namespace newsdedup
