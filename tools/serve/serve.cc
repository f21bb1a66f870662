#include "tools/serve/serve.h"

#include <utility>  // before asio's awaitable with GCC 12

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tools/serve/config.h"
#include "ingest/engine.h"
#include "tools/serve/http_server.h"
#include "tools/serve/listener.h"
#include "ingest/metrics.h"
#include "ingest/pipeline.h"
#include "tools/serve/tcp_server.h"

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

  EngineOptions engine_options;
  engine_options.store.sync_writes = config.sync_writes;
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(options.db, engine_options);
  if (!engine.ok()) return Fail(engine.status());

  // One network thread: handlers only parse and wait; fingerprinting runs on
  // the worker pool and decisions on the writer thread (pipeline.h).
  // The io_context is declared after the pipeline and the servers so that it
  // is destroyed first: coroutine frames it still holds may release queue
  // slots into the pipeline.
  Metrics metrics;
  Pipeline pipeline(**engine,
                    Pipeline::Options{config.workers, config.queue_capacity},
                    metrics);
  HttpServer http(pipeline, config);
  TcpServer tcp(pipeline, config);
  asio::io_context io(1);
  Listener http_listener(io, config.max_connections);
  Listener tcp_listener(io, config.max_connections);
  StatusOr<uint16_t> http_port = http_listener.Listen(
      config.http,
      [&http](asio::ip::tcp::socket s) { return http.Serve(std::move(s)); });
  if (!http_port.ok()) return Fail(http_port.status());
  StatusOr<uint16_t> tcp_port = tcp_listener.Listen(
      config.tcp,
      [&tcp](asio::ip::tcp::socket s) { return tcp.Serve(std::move(s)); });
  if (!tcp_port.ok()) return Fail(tcp_port.status());
  std::fprintf(stderr,
               "newsdedup serve: %llu articles in %s; HTTP on %s:%u, "
               "Protobuf/TCP on %s:%u\n",
               static_cast<unsigned long long>(
                   (*engine)->store().counters().next_ordinal),
               options.db.c_str(), config.http.host.c_str(), *http_port,
               config.tcp.host.c_str(), *tcp_port);
  if (!options.ready_file.empty()) {
    WriteReadyFile(options.ready_file, *http_port, *tcp_port);
  }

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    std::fprintf(stderr,
                 "newsdedup serve: signal %d, finishing in-flight work\n",
                 signal);
    http_listener.Close();
    tcp_listener.Close();
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          co_await pipeline.Drain();
          io.stop();
        },
        asio::detached);
  });
  io.run();
  std::fprintf(stderr, "newsdedup serve: stopped; %llu articles stored\n",
               static_cast<unsigned long long>(
                   (*engine)->store().counters().next_ordinal));
  return 0;
}

}  // namespace newsdedup
