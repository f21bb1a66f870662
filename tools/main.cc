// newsdedup: near-duplicate and syndication detection for news feeds.
// The command line: parses arguments and hands over to tools/commands.h.
#include <CLI/CLI.hpp>

#include "tools/bench.h"
#include "tools/client.h"
#include "tools/commands.h"
#include "tools/feeds/fetch_command.h"
#include "tools/nats/front.h"
#include "tools/nats/nats_commands.h"
#include "tools/report/report.h"
#include "tools/serve/serve.h"

namespace {

constexpr const char* kFormatHelp =
    "Input format: jsonl, feed (rss, atom, rdf), html, ninjs, newsml, nitf "
    "or warc (default: told from each input's first bytes and name)";

// --format takes the names of ingest/formats/format.h.
CLI::Validator FormatCheck() {
  return CLI::Validator(
      [](std::string& name) -> std::string {
        return newsdedup::FormatNamed(name) ? "" : "unknown format " + name;
      },
      "FORMAT");
}

CLI::Validator RetentionCheck() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        newsdedup::StatusOr<newsdedup::RetentionOptions> parsed =
            newsdedup::ParseRetention(text);
        return parsed.ok() ? "" : parsed.status().message();
      },
      "WINDOW");
}

std::optional<newsdedup::Format> FormatOption(const std::string& name) {
  if (name.empty()) return std::nullopt;
  return newsdedup::FormatNamed(name);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace newsdedup;
  CLI::App app{"newsdedup: find copies, rewrites and syndication in news"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "newsdedup " NEWSDEDUP_VERSION);

  CommonOptions common;
  BatchOptions batch;
  std::string id;

  CLI::App* batch_cmd =
      app.add_subcommand("batch",
                         "Cluster articles (JSON Lines, feeds, pages, "
                         "ninjs, NewsML-G2, NITF, WARC) in input order; one "
                         "decision per line on stdout");
  batch_cmd
      ->add_option("--db", common.db, "Store directory (created if missing)")
      ->required();
  batch_cmd->add_option("--threads", common.threads,
                        "Fingerprinting threads (default: all cores)");
  batch_cmd->add_option(
      "--events", batch.events_path,
      "Write cluster events here as length-delimited Protobuf");
  batch_cmd->add_flag("--evidence", batch.with_evidence,
                      "Add the evidence behind each decision to its line");
  std::string batch_format;
  batch_cmd->add_option("--format", batch_format, kFormatHelp)
      ->check(FormatCheck());
  std::string retention_text;
  batch_cmd
      ->add_option("--retention", retention_text,
                   "Keep only a window findable: count:N, ingested:DURATION "
                   "or published:DURATION (e.g. published:14d)")
      ->check(RetentionCheck());
  bool retention_deletes = false;
  batch_cmd->add_flag("--retention-deletes", retention_deletes,
                      "Delete expired articles from the store too");
  batch_cmd
      ->add_option("inputs", batch.inputs,
                   "Files or folders in any format (.gz and .zst too); - "
                   "for stdin (JSON Lines unless --format)")
      ->required();

  CLI::App* cluster_cmd =
      app.add_subcommand("cluster", "Show a cluster's members and original");
  cluster_cmd->add_option("--db", common.db, "Store directory")->required();
  cluster_cmd->add_option("id", id, "Cluster id, or the id of any member")
      ->required();

  ForgetOptions forget;
  CLI::App* forget_cmd = app.add_subcommand(
      "forget",
      "Delete articles from a store; one JSON line of events each");
  forget_cmd->add_option("--db", common.db, "Store directory")->required();
  forget_cmd->add_flag("--compact", forget.compact,
                       "Compact the store afterwards, so the space comes back");
  forget_cmd->add_option("ids", forget.ids, "Article ids")->required();

  CLI::App* stats_cmd =
      app.add_subcommand("stats", "Print store statistics as JSON");
  stats_cmd->add_option("--db", common.db, "Store directory")->required();

  CLI::App* explain_cmd = app.add_subcommand(
      "explain", "Show why a stored article was decided as it was");
  explain_cmd->add_option("--db", common.db, "Store directory")->required();
  explain_cmd->add_option("id", id, "Article id")->required();

  EvalOptions eval;
  CLI::App* eval_cmd = app.add_subcommand(
      "eval", "Score the detector on a labelled JSON Lines file");
  eval_cmd
      ->add_option("--labels", eval.labels_path,
                   "JSON Lines with id, body and the labels group, relation, "
                   "hard_negative_of, hard_negative_kind")
      ->required();
  eval_cmd->add_option("--db", common.db,
                       "Store directory (default: a temporary one)");
  eval_cmd->add_option("--threads", common.threads, "Fingerprinting threads");
  eval_cmd
      ->add_option("--mode", eval.mode,
                   "newsdedup (default), or a baseline: minhash, simhash")
      ->check(CLI::IsMember({"newsdedup", "minhash", "simhash"}));
  eval_cmd
      ->add_option("--field", eval.fields,
                   "Rewrite the articles as the field would first: footer, "
                   "header-footer, source-footer, html, lead1, lead2, lead3, "
                   "footer-lead2, clean, or all (repeatable, or a list)")
      ->delimiter(',');
  eval_cmd->add_option("--field-seed", eval.field_seed,
                       "Seed of the field boilerplate (default 1)");
  eval_cmd->add_option("--input", eval.inputs,
                       "Score these inputs (any format) instead of the "
                       "labelled file; their ids are the labels'");
  std::string eval_format;
  eval_cmd->add_option("--format", eval_format, kFormatHelp)
      ->check(FormatCheck());

  ServeOptions serve;
  CLI::App* serve_cmd = app.add_subcommand(
      "serve",
      "Run the daemon: HTTP/JSON and Protobuf/TCP ingest, live cluster events");
  serve_cmd
      ->add_option("--db", serve.db, "Store directory (created if missing)")
      ->required();
  serve_cmd->add_option("--config", serve.config_path, "JSON config file");
  serve_cmd->add_option("--http", serve.http,
                        "HTTP listen address (default 127.0.0.1:8080)");
  serve_cmd->add_option("--tcp", serve.tcp,
                        "Protobuf/TCP listen address (default 127.0.0.1:8081)");
  serve_cmd->add_option("--threads", serve.workers, "Fingerprinting threads");
  serve_cmd->add_option(
      "--ready-file", serve.ready_file,
      "Write {\"http\":PORT,\"tcp\":PORT} here once listening");

  PostOptions post;
  CLI::App* post_cmd = app.add_subcommand(
      "post", "Send JSON Lines articles to a server; prints the decisions");
  post_cmd->add_option("--url", post.url,
                       "Server (default http://127.0.0.1:8080)");
  post_cmd->add_option("--concurrency", post.concurrency,
                       "Connections (default 1)");
  post_cmd->add_option(
      "--rate", post.rate,
      "Offered load in articles/s (default: as fast as acked)");
  post_cmd->add_option("--batch", post.batch,
                       "Articles per request (default 1)");
  post_cmd->add_option("--token", post.token, "Bearer token");
  post_cmd->add_flag("--quiet", post.quiet, "Print only the summary");
  post_cmd->add_option("--tcp", post.tcp,
                       "Send over Protobuf/TCP to HOST:PORT instead of HTTP");
  post_cmd->add_option("inputs", post.inputs, "JSON Lines files")->required();

  EventsOptions events;
  CLI::App* events_cmd = app.add_subcommand(
      "events", "Tail a server's cluster events as JSON lines");
  events_cmd->add_option("--url", events.url,
                         "Server (default http://127.0.0.1:8080)");
  events_cmd->add_option("--from", events.from,
                         "First sequence number (default 1)");
  events_cmd->add_option("--max", events.max, "Stop after this many events");
  events_cmd->add_option("--token", events.token, "Bearer token");

  FetchOptions fetch;
  CLI::App* fetch_cmd = app.add_subcommand(
      "fetch",
      "Fetch feeds once (conditionally) and store their new items; one "
      "decision per line on stdout");
  fetch_cmd->add_option("--db", fetch.db, "Store directory (created if missing)")
      ->required();
  fetch_cmd->add_option("--max-bytes", fetch.poll.http.max_body_bytes,
                        "A feed document at most (default 8 MiB)");
  fetch_cmd->add_flag("--evidence", fetch.with_evidence,
                      "Add the evidence behind each decision to its line");
  fetch_cmd->add_option("urls", fetch.urls, "Feed URLs (http or https)")
      ->required();

  BenchOptions bench;
  CLI::App* bench_cmd = app.add_subcommand(
      "bench",
      "End-to-end benchmark on a seeded synthetic stream; prints one table");
  bench_cmd->add_option("--articles", bench.articles,
                        "Articles (default 100000)");
  bench_cmd->add_option("--threads", bench.threads, "Fingerprinting threads");
  bench_cmd->add_option("--db", bench.db,
                        "Store directory (default: temporary)");
  bench_cmd->add_option("--seed", bench.seed, "Generator seed (default 1987)");
  std::string bench_retention;
  bench_cmd
      ->add_option("--retention", bench_retention,
                   "Keep a window (count:N, ingested:D, published:D) and "
                   "print the run as a curve")
      ->check(RetentionCheck());
  bool bench_retention_deletes = false;
  bench_cmd->add_flag("--retention-deletes", bench_retention_deletes,
                      "Delete expired articles from the store too");
  bench_cmd->add_option("--index-shards", bench.index_shards,
                        "Split the index over this many in-process shards "
                        "and print each one's memory (doc/scale-out.md)");

  ReportOptions report;
  std::string report_since, report_out;
  CLI::App* report_cmd = app.add_subcommand(
      "report",
      "Write one self-contained HTML page of the store's syndication");
  report_cmd->add_option("--db", common.db, "Store directory")->required();
  report_cmd->add_option("--out", report_out, "The HTML file to write")
      ->required();
  report_cmd
      ->add_option("--since", report_since,
                   "Only articles published (else stored) from this time: "
                   "RFC 3339, or a date YYYY-MM-DD (UTC)")
      ->check(CLI::Validator(
          [](std::string& t) -> std::string {
            return ReportSince(t) ? "" : "not an RFC 3339 time or date: " + t;
          },
          "TIME"));
  report_cmd->add_option("--top", report.top_clusters,
                         "Most-copied originals listed (default 20)");

  // The scale-out roles (tools/nats/nats_commands.h).
  NatsCommonOptions nats;
  CLI::App* nats_cmd = app.add_subcommand(
      "nats", "Run one role of a cluster on NATS JetStream (doc/scale-out.md)");
  nats_cmd->require_subcommand(1);
  auto nats_role = [&](const char* name, const char* help) {
    CLI::App* role = nats_cmd->add_subcommand(name, help);
    role->add_option("--nats", nats.servers,
                     "NATS servers, comma-separated (default "
                     "nats://127.0.0.1:4222)");
    role->add_option("--prefix", nats.prefix,
                     "Names of the cluster's streams and subjects (default nd)");
    role->add_option("--replicas", nats.replicas,
                     "Copies of each stream (default 3)");
    role->add_option("--shards", nats.shards,
                     "Index shards in the cluster (default 1)");
    role->add_option("--timeout-ms", nats.timeout_ms,
                     "How long to wait for a shard or a stream (default 30000)");
    return role;
  };
  NatsShardOptions nats_shard;
  CLI::App* nats_shard_cmd =
      nats_role("shard", "Hold one partition of the candidate index");
  nats_shard_cmd->add_option("--shard", nats_shard.shard, "Which (0-based)")
      ->required();
  nats_shard_cmd->add_option("--dir", nats_shard.dir,
                             "Where the shard saves itself")
      ->required();
  nats_shard_cmd->add_option("--save-every", nats_shard.save_every,
                             "Changes between saves (default 50000)");
  unsigned nats_threads = 0;
  CLI::App* nats_worker_cmd =
      nats_role("worker", "Fingerprint input entries for the decider");
  nats_worker_cmd->add_option("--threads", nats_threads,
                              "Fingerprinting threads (default: all cores)");
  CommonOptions nats_engine;
  std::string nats_retention;
  bool nats_retention_deletes = false;
  CLI::App* nats_decide_cmd =
      nats_role("decide", "Decide in input order, over the index shards");
  nats_decide_cmd->add_option("--db", nats_engine.db, "The decider's store")
      ->required();
  nats_decide_cmd
      ->add_option("--retention", nats_retention,
                   "How long articles stay findable: count:N, ingested:14d "
                   "or published:14d")
      ->check(RetentionCheck());
  nats_decide_cmd->add_flag("--retention-deletes", nats_retention_deletes,
                            "Expired articles leave the store too");
  NatsPublishOptions nats_publish;
  std::string nats_publish_format;
  bool nats_no_wait = false;
  CLI::App* nats_publish_cmd = nats_role(
      "publish",
      "Publish articles to the cluster; one decision per line on stdout");
  nats_publish_cmd->add_option("--format", nats_publish_format, kFormatHelp)
      ->check(FormatCheck());
  nats_publish_cmd->add_flag("--no-wait", nats_no_wait,
                             "Publish only; print no decisions");
  nats_publish_cmd->add_option("inputs", nats_publish.inputs, "Files or folders")
      ->required();
  uint64_t nats_events_from = 1, nats_events_max = 0;
  bool nats_follow = false;
  CLI::App* nats_events_cmd =
      nats_role("events", "Print the cluster's events as JSON lines");
  nats_events_cmd->add_option("--from", nats_events_from,
                              "First stream sequence (default 1)");
  nats_events_cmd->add_option("--max", nats_events_max,
                              "Stop after this many events");
  nats_events_cmd->add_flag("--follow", nats_follow, "Wait for new events");
  NatsFrontOptions nats_front;
  std::string nats_front_http, nats_front_tcp;
  CLI::App* nats_front_cmd = nats_role(
      "front", "Serve the daemon's HTTP and TCP APIs for the cluster");
  nats_front_cmd->add_option("--http", nats_front_http,
                             "HTTP listen address (default 127.0.0.1:8080)");
  nats_front_cmd->add_option("--tcp", nats_front_tcp,
                             "Protobuf/TCP listen address (default "
                             "127.0.0.1:8081)");
  nats_front_cmd->add_option("--token", nats_front.serve.token,
                             "Bearer token every request must carry");
  nats_front_cmd->add_option("--max-in-flight", nats_front.max_in_flight,
                             "Requests waiting on the cluster at once "
                             "(default 64)");
  nats_front_cmd->add_option("--max-request-bytes",
                             nats_front.serve.max_request_bytes,
                             "An HTTP request body at most (default 16 MiB)");
  nats_front_cmd->add_option("--ready-file", nats_front.ready_file,
                             "Write the bound ports here once listening");

  CLI11_PARSE(app, argc, argv);

  batch.format = FormatOption(batch_format);
  if (!bench_retention.empty()) {
    bench.retention = *ParseRetention(bench_retention);  // checked above
    bench.retention.delete_from_store = bench_retention_deletes;
  }
  if (!retention_text.empty()) {
    common.retention = *ParseRetention(retention_text);  // checked above
    common.retention.delete_from_store = retention_deletes;
  }
  eval.format = FormatOption(eval_format);
  if (*nats_shard_cmd) return NatsShardCommand(nats, nats_shard);
  if (*nats_worker_cmd) return NatsWorkerCommand(nats, nats_threads);
  if (*nats_decide_cmd) {
    if (!nats_retention.empty()) {
      nats_engine.retention = *ParseRetention(nats_retention);
      nats_engine.retention.delete_from_store = nats_retention_deletes;
    }
    return NatsDecideCommand(nats, nats_engine);
  }
  if (*nats_publish_cmd) {
    nats_publish.format = FormatOption(nats_publish_format);
    nats_publish.wait = !nats_no_wait;
    return NatsPublishCommand(nats, nats_publish);
  }
  if (*nats_front_cmd) {
    for (auto [text, endpoint] :
         {std::pair{&nats_front_http, &nats_front.serve.http},
          std::pair{&nats_front_tcp, &nats_front.serve.tcp}}) {
      if (text->empty()) continue;
      StatusOr<Endpoint> parsed = ParseEndpoint(*text);
      if (!parsed.ok()) {
        std::fprintf(stderr, "newsdedup nats front: %s\n",
                     parsed.status().message().c_str());
        return 2;
      }
      *endpoint = *parsed;
    }
    return NatsFrontCommand(nats, nats_front);
  }
  if (*nats_events_cmd) {
    return NatsEventsCommand(nats, nats_events_from, nats_events_max,
                             nats_follow);
  }
  if (*batch_cmd) return BatchCommand(common, batch);
  if (*cluster_cmd) return ClusterCommand(common, id);
  if (*forget_cmd) return ForgetCommand(common, forget);
  if (*stats_cmd) return StatsCommand(common);
  if (*eval_cmd) return EvalCommand(common, eval);
  if (*explain_cmd) return ExplainCommand(common, id);
  if (*serve_cmd) return Serve(serve);
  if (*post_cmd) return PostCommand(post);
  if (*events_cmd) return EventsCommand(events);
  if (*bench_cmd) return BenchCommand(bench);
  if (*fetch_cmd) return FetchCommand(fetch);
  if (*report_cmd) {
    if (!report_since.empty()) report.since_ms = ReportSince(report_since);
    return ReportCommand(common.db, report, report_out);
  }
  return 2;
}
