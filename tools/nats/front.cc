#include "tools/nats/front.h"

#include <utility>  // before asio's awaitable with GCC 12

#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tools/nats/cluster_gate.h"
#include "tools/nats/front_servers.h"
#include "tools/serve/listener.h"

namespace newsdedup {
namespace asio = boost::asio;

namespace {

void Log(const std::string& what) {
  std::fprintf(stderr, "newsdedup nats front: %s\n", what.c_str());
  std::fflush(stderr);
}

// Written atomically so a watcher never reads half a file.
Status WriteReadyFile(const std::string& path, uint16_t http, uint16_t tcp) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "{\"http\":" << http << ",\"tcp\":" << tcp << ",\"pid\":" << getpid()
        << "}\n";
    if (!out) return Status::IOError("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IOError("cannot write " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

int NatsFrontCommand(const NatsCommonOptions& common,
                     const NatsFrontOptions& front) {
  StatusOr<ClusterOptions> options = ToClusterOptions(common);
  if (!options.ok()) {
    Log(options.status().message());
    return 2;
  }
  const ServeConfig& config = front.serve;
  ClusterGate gate(*options, front.max_in_flight, common.timeout_ms);
  FrontHttp http(gate, config);
  FrontTcp tcp(gate, config);
  asio::io_context io(1);
  // Before the ready file: a supervisor may signal as soon as it appears.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  Listener http_listener(io, config.max_connections);
  Listener tcp_listener(io, config.max_connections);
  StatusOr<uint16_t> http_port = http_listener.Listen(config.http, http);
  if (!http_port.ok()) {
    Log(http_port.status().ToString());
    return 2;
  }
  StatusOr<uint16_t> tcp_port = tcp_listener.Listen(config.tcp, tcp);
  if (!tcp_port.ok()) {
    Log(tcp_port.status().ToString());
    return 2;
  }
  Log("HTTP on " + config.http.host + ":" + std::to_string(*http_port) +
      ", Protobuf/TCP on " + config.tcp.host + ":" + std::to_string(*tcp_port) +
      "; cluster " + common.servers + " (" + common.prefix + ")");
  if (!front.ready_file.empty()) {
    if (Status s = WriteReadyFile(front.ready_file, *http_port, *tcp_port);
        !s.ok()) {
      Log(s.ToString());
      return 2;
    }
  }
  // Connected before the first request if the cluster answers; if not,
  // the first requests find out (503) and the gate tries again.
  std::thread connect([&gate] {
    if (Status s = gate.Connect(); !s.ok()) Log(s.ToString());
  });

  asio::steady_timer drain(io);
  signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    Log("signal " + std::to_string(signal) +
        ", finishing the requests in flight");
    http_listener.Close();
    tcp_listener.Close();
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          while (gate.in_flight() > 0) {
            drain.expires_after(std::chrono::milliseconds(20));
            boost::system::error_code ignored;
            co_await drain.async_wait(
                asio::redirect_error(asio::use_awaitable, ignored));
          }
          // Their answers are being written: a moment for that.
          drain.expires_after(std::chrono::milliseconds(200));
          boost::system::error_code ignored;
          co_await drain.async_wait(
              asio::redirect_error(asio::use_awaitable, ignored));
          io.stop();
        },
        asio::detached);
  });
  io.run();
  connect.join();
  Log("stopped");
  return 0;
}

}  // namespace newsdedup
