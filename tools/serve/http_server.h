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

#include "tools/serve/server.h"

namespace newsdedup {

class HttpServer : public Server {
 public:
  using Server::Server;
  const char* name() const override { return "HTTP"; }
  boost::asio::awaitable<void> Serve(
      boost::asio::ip::tcp::socket socket) override;
};

}  // namespace newsdedup
