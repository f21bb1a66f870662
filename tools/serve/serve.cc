#include "tools/serve/serve.h"

#include <utility>  // before asio's awaitable with GCC 12

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tools/commands.h"
#include "tools/serve/config.h"
#include "ingest/engine.h"
#include "tools/serve/http_server.h"
#include "tools/serve/listener.h"
#include "ingest/metrics.h"
#include "ingest/pipeline.h"
#include "tools/serve/tcp_server.h"
#include "tools/feeds/feed_poller.h"

namespace newsdedup {
namespace asio = boost::asio;

namespace {

int Fail(const Status& s) {
  std::fprintf(stderr, "newsdedup serve: %s\n", s.ToString().c_str());
  return 2;
}

// Written atomically so a watcher never reads half a file.
void WriteReadyFile(const std::string& path, uint16_t http, uint16_t tcp) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "{\"http\":" << http << ",\"tcp\":" << tcp << ",\"pid\":" << getpid()
        << "}\n";
  }
  std::filesystem::rename(tmp, path);
}

}  // namespace

int Serve(const ServeOptions& options) {
  ServeConfig config;
  if (!options.config_path.empty()) {
    StatusOr<ServeConfig> loaded = LoadServeConfig(options.config_path);
    if (!loaded.ok()) return Fail(loaded.status());
    config = *loaded;
  }
  if (!options.http.empty()) {
    StatusOr<Endpoint> e = ParseEndpoint(options.http);
    if (!e.ok()) return Fail(e.status());
    config.http = *e;
  }
  if (!options.tcp.empty()) {
    StatusOr<Endpoint> e = ParseEndpoint(options.tcp);
    if (!e.ok()) return Fail(e.status());
    config.tcp = *e;
  }
  if (options.workers >= 0)
    config.workers = static_cast<unsigned>(options.workers);

  EngineOptions engine_options = DefaultEngineOptions();
  engine_options.store.sync_writes = config.sync_writes;
  // A crash then replays at most this many articles on top of the last
  // snapshot (some seconds), and a checkpoint holds decisions up for about
  // a second per 300 MB of index, this often.
  engine_options.checkpoint_every = 100000;
  engine_options.retention = config.retention;
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(options.db, engine_options);
  if (!engine.ok()) return Fail(engine.status());
  std::fprintf(stderr, "newsdedup serve: %s\n",
               (*engine)->index_opening().Describe().c_str());

  // One network thread: handlers only parse and wait; fingerprinting runs on
  // the worker pool and decisions on the writer thread (pipeline.h).
  // The io_context is declared after the pipeline and the servers so that it
  // is destroyed first: coroutine frames it still holds may release queue
  // slots into the pipeline.
  Metrics metrics;
  Pipeline pipeline(**engine,
                    Pipeline::Options{config.workers, config.queue_capacity},
                    metrics);
  // Polled feeds take the same way in as POST /v1/articles: admission, then
  // the pipeline, answered once durable, so their events reach subscribers.
  IngestArticles feed_ingest = [&pipeline](std::vector<Article> articles)
      -> asio::awaitable<std::vector<StatusOr<Outcome>>> {
    pipeline.metrics().articles_received.fetch_add(articles.size());
    Pipeline::Admission admission = pipeline.TryAdmit(articles.size());
    if (!admission) {
      pipeline.metrics().overloaded.fetch_add(articles.size());
      co_return std::vector<StatusOr<Outcome>>(
          articles.size(),
          Status::Unavailable("queues are full; fetched again next poll"));
    }
    co_return co_await pipeline.Ingest(std::move(articles));
  };
  FeedPollerOptions poller_options;
  poller_options.poll.http.max_body_bytes = config.max_feed_bytes;
  poller_options.poll.limits = config.limits;
  poller_options.poll.ingest_batch =
      std::max<size_t>(1, std::min<size_t>(64, config.queue_capacity));
  FeedPoller poller((*engine)->store(), config.feeds, feed_ingest,
                    poller_options);
  metrics.more = [&poller] { return poller.RenderMetrics(); };
  HttpServer http(pipeline, config);
  TcpServer tcp(pipeline, config);
  asio::io_context io(1);
  // Every protocol the same way: its own listener on its own endpoint.
  struct Served {
    Server& server;
    const Endpoint& endpoint;
    Listener listener;
    uint16_t port = 0;
  };
  Served served[] = {{http, config.http, Listener(io, config.max_connections)},
                     {tcp, config.tcp, Listener(io, config.max_connections)}};
  std::string listening;
  for (Served& s : served) {
    StatusOr<uint16_t> port = s.listener.Listen(s.endpoint, s.server);
    if (!port.ok()) return Fail(port.status());
    s.port = *port;
    listening += std::string(listening.empty() ? "" : ", ") + s.server.name() +
                 " on " + s.endpoint.host + ":" + std::to_string(s.port);
  }
  std::fprintf(stderr,
               "newsdedup serve: %llu articles in %s; %s; %zu feeds; "
               "retention %s%s\n",
               static_cast<unsigned long long>(
                   (*engine)->store().counters().live()),
               options.db.c_str(), listening.c_str(), config.feeds.size(),
               config.retention.ToString().c_str(),
               config.retention.delete_from_store ? ", deleting" : "");
  if (!options.ready_file.empty()) {
    WriteReadyFile(options.ready_file, served[0].port, served[1].port);
  }

  asio::steady_timer expiry_timer(io);  // retention's, below
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    std::fprintf(stderr,
                 "newsdedup serve: signal %d, finishing in-flight work\n",
                 signal);
    for (Served& s : served) s.listener.Close();
    poller.Stop();
    expiry_timer.cancel();
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          co_await pipeline.Drain();
          io.stop();
        },
        asio::detached);
  });
  poller.Start(io.get_executor());
  // A time window moves on while nothing arrives: a step a second, on the
  // writer thread between decisions (each step is bounded).
  if (config.retention.enabled()) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          for (;;) {
            expiry_timer.expires_after(std::chrono::seconds(1));
            boost::system::error_code ec;
            co_await expiry_timer.async_wait(
                asio::redirect_error(asio::use_awaitable, ec));
            if (ec || pipeline.draining()) co_return;
            StatusOr<ExpiryStep> step = co_await pipeline.Expire();
            if (!step.ok()) {
              std::fprintf(stderr, "newsdedup serve: expiry: %s\n",
                           step.status().ToString().c_str());
            }
          }
        },
        asio::detached);
  }
  io.run();
  // Drained: nothing is in flight, and the writer thread is idle.
  if (Status saved = (*engine)->Checkpoint(); !saved.ok()) {
    std::fprintf(stderr, "newsdedup serve: index snapshot not saved: %s\n",
                 saved.ToString().c_str());
  }
  if (!(*engine)->auto_checkpoint_status().ok()) {
    std::fprintf(stderr, "newsdedup serve: a periodic checkpoint failed: %s\n",
                 (*engine)->auto_checkpoint_status().ToString().c_str());
  }
  std::fprintf(stderr, "newsdedup serve: stopped; %llu articles stored\n",
               static_cast<unsigned long long>(
                   (*engine)->store().counters().live()));
  return 0;
}

}  // namespace newsdedup
