// Server: the one shape of every protocol the daemon speaks (HTTP/JSON in
// http_server.h, Protobuf over TCP in tcp_server.h). A server owns no
// socket: a Listener accepts connections and hands each to Serve on a
// coroutine of its own, on the daemon's single network thread. A server
// reads and writes only through the pipeline (ingest/pipeline.h), which
// decides where the work runs.
//
// Thread safety: Serve runs on the network io_context; a server holds no
// state across connections beyond the pipeline and config it was given.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "ingest/pipeline.h"
#include "tools/serve/config.h"

namespace newsdedup {

// What a Listener (listener.h) hands each connection to: a protocol's
// connection loop. Server below is the daemon's; other front ends (the
// cluster's, tools/nats/front.h) serve without a pipeline.
class Protocol {
 public:
  virtual ~Protocol() = default;
  // The protocol's name, for logs: "HTTP", "Protobuf/TCP".
  virtual const char* name() const = 0;
  // Serves one connection until it closes.
  virtual boost::asio::awaitable<void> Serve(
      boost::asio::ip::tcp::socket socket) = 0;
};

class Server : public Protocol {
 public:
  // `pipeline` and `config` must outlive the server.
  Server(Pipeline& pipeline, const ServeConfig& config)
      : pipeline_(pipeline), config_(config) {}
  virtual ~Server() = default;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The protocol's name, for logs: "HTTP", "Protobuf/TCP".
  virtual const char* name() const = 0;

  // Serves one connection until it closes.
  virtual boost::asio::awaitable<void> Serve(
      boost::asio::ip::tcp::socket socket) = 0;

 protected:
  Pipeline& pipeline_;
  const ServeConfig& config_;
};

}  // namespace newsdedup
