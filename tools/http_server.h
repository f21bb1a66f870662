// HttpServer: the daemon's HTTP/1.1 JSON interface (Boost.Beast), one
// coroutine per connection on the network io_context.
//
//   POST /v1/articles      one JSON article, or JSON Lines for many; answers
//                          once every article is durable (doc/api.md)
//   POST /v1/match         what one article would match, storing nothing
//   GET  /v1/articles/{id} the stored article and its decision
//   GET  /v1/clusters/{id} a cluster's members and original
//   GET  /v1/events?from=N cluster events from sequence N on, as JSON lines,
//                          streamed (chunked) as new ones are committed
//   GET  /healthz          liveness, never needs the token
//   GET  /metrics          Prometheus text format
//
// Bad input gets 400 with {"error": "..."} naming what was wrong; a duplicate
// id 409; a body over the cap 413; full queues 503 with Retry-After.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "tools/daemon_config.h"
#include "tools/listener.h"
#include "tools/pipeline.h"

namespace newsdedup {

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, Pipeline& pipeline,
             const ServeConfig& config);

  // Binds and starts accepting; returns the bound port.
  StatusOr<uint16_t> Listen(const Endpoint& endpoint);
  // Stops accepting new connections; open ones finish their request.
  void Close();

 private:
  boost::asio::awaitable<void> Serve(boost::asio::ip::tcp::socket socket);

  Pipeline& pipeline_;
  const ServeConfig& config_;
  Listener listener_;
};

}  // namespace newsdedup
