// HttpServer: the daemon's HTTP/1.1 JSON interface (Boost.Beast), one
// coroutine per connection on the network io_context. It reads each
// request (bounded in every part: header, chunk extensions and trailers
// together under max_header_bytes, the body under max_request_bytes, and
// every body held charged to one budget shared by all connections), hands
// it to HttpRoutes (http_routes.h), and writes the answer; it serves
// GET /v1/events?from=N itself, as a chunked stream of JSON lines that
// follows new events as they are committed.
//
// Every read and write has the idle deadline. A request that cannot be
// read gets its error (400 malformed, 413 body, 431 header, 503 over the
// budget) and the connection is closed; an exception while answering gets
// 500 and the connection goes on.
#pragma once

#include <utility>

#include "tools/serve/http_routes.h"
#include "tools/serve/request_body.h"
#include "tools/serve/server.h"

namespace newsdedup {

class HttpServer : public Server {
 public:
  HttpServer(Pipeline& pipeline, const ServeConfig& config);
  const char* name() const override { return "HTTP"; }
  boost::asio::awaitable<void> Serve(
      boost::asio::ip::tcp::socket socket) override;

 private:
  RequestBudget budget_;  // bodies held by every connection's requests
};

}  // namespace newsdedup
