// Fuzzes the daemon's HTTP handling without sockets: the bytes go through
// Beast's request parser with the daemon's limits and its RequestBody, and
// a request that parses is answered by HttpRoutes against a real engine in
// a scratch store, as the server would answer it. Whatever the bytes, the
// process must not fail, every answer must have a status, and every error
// body must be valid UTF-8 (it is JSON).
#include <utility>  // before asio's awaitable with GCC 12 and clang

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/http.hpp>

#include "dedup/text.h"
#include "ingest/engine.h"
#include "ingest/pipeline.h"
#include "tools/serve/http_routes.h"

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using namespace newsdedup;

// One engine and pipeline for the whole run: opening a store per input
// would leave no time for fuzzing.
struct Daemon {
  Daemon() {
    dir = std::filesystem::temp_directory_path() /
          ("newsdedup-http-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    StatusOr<std::unique_ptr<Engine>> opened = Engine::Open(dir.string(), {});
    if (!opened.ok()) std::abort();
    engine = std::move(*opened);
    pipeline = std::make_unique<Pipeline>(*engine, Pipeline::Options{1, 64},
                                          metrics);
    config.max_request_bytes = 1 << 20;
    config.max_header_bytes = 16 << 10;
    budget = std::make_unique<RequestBudget>(4 << 20);
  }
  std::filesystem::path dir;
  Metrics metrics;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Pipeline> pipeline;
  ServeConfig config;
  std::unique_ptr<RequestBudget> budget;
};

Daemon* the_daemon = nullptr;

Daemon& TheDaemon() {
  if (the_daemon == nullptr) {
    the_daemon = new Daemon();  // lives for the run; its store goes at exit
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(the_daemon->dir, ignored);
    });
  }
  return *the_daemon;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Daemon& d = TheDaemon();
  http::request_parser<RequestBody> parser;
  parser.body_limit(d.config.max_request_bytes);
  parser.header_limit(static_cast<std::uint32_t>(d.config.max_header_bytes));
  parser.get().body().budget = d.budget.get();
  parser.eager(true);
  boost::system::error_code ec;
  size_t used = 0;
  // Fed as a socket would: what the parser has not taken is offered again
  // with nothing more, until it takes nothing.
  while (used < size && !parser.is_done()) {
    const size_t n = parser.put(asio::buffer(data + used, size - used), ec);
    if (ec == http::error::need_more) break;
    if (ec) break;
    if (n == 0) break;
    used += n;
  }
  if (!ec && !parser.is_done() && used == size && parser.got_some()) {
    parser.put_eof(ec);
  }
  if (ec || !parser.is_done()) return 0;

  HttpRequest request = parser.release();
  HttpRoutes routes(*d.pipeline, d.config);
  asio::io_context io(1);
  bool answered = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        HttpResponse response = co_await routes.Handle(request);
        if (response.result_int() < 100 || response.result_int() > 599) {
          std::abort();
        }
        if (response.result_int() >= 400 &&
            !IsValidUtf8(response.body())) {
          std::abort();
        }
        answered = true;
      },
      asio::detached);
  io.run();
  if (!answered) std::abort();
  // Its body's charge goes back with the request.
  request = HttpRequest();
  if (d.budget->held() != 0) std::abort();
  return 0;
}
