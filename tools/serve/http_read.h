// Reading one HTTP request within the daemon's caps, and writing its
// answer, shared by every HTTP front end (the daemon's http_server.h, the
// cluster's tools/nats/front.h).
//
// ReadRequest reads a piece at a time, each piece within the idle timeout.
// Beast checks the header against the parser's header_limit and the body
// against its body_limit; what it does not count (chunk extensions and
// trailers) is counted against the same header cap (max_header_bytes), so
// no part of a request is unbounded. FailureResponse is the answer to a
// request that could not be read, before the connection is closed (the
// byte stream no longer lines up with requests).
//
// Thread safety: on the connection's coroutine.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <functional>
#include <optional>

#include "tools/serve/config.h"
#include "tools/serve/http_routes.h"
#include "tools/serve/request_body.h"

namespace newsdedup {

// How one request's read ended, when it did not end well.
enum class ReadFailure {
  kNone,
  kClosed,          // the peer went away or went quiet: nothing to answer
  kMalformed,       // 400
  kBodyTooLarge,    // 413
  kHeaderTooLarge,  // 431: header, chunk extensions and trailers together
  kOverBudget,      // 503: unfinished requests hold the whole budget
};

// REQUIRES: the parser's body_limit and header_limit are set (from
// config.max_request_bytes and max_header_bytes).
boost::asio::awaitable<ReadFailure> ReadRequest(
    boost::beast::tcp_stream& stream, boost::beast::flat_buffer& buffer,
    boost::beast::http::request_parser<RequestBody>& parser,
    const ServeConfig& config, boost::system::error_code& ec);

// 400, 413, 431 or 503 (with Retry-After), each with {"error": ...}
// naming the cap or what was malformed; keep-alive off.
HttpResponse FailureResponse(ReadFailure failure, const ServeConfig& config,
                             const boost::system::error_code& ec);

// The next request of a connection, its body charged to `budget`, within
// config's caps; nullopt when the connection is to close: the peer went
// away, or the request could not be read (its FailureResponse is written
// first).
boost::asio::awaitable<std::optional<HttpRequest>> ReadNextRequest(
    boost::beast::tcp_stream& stream, boost::beast::flat_buffer& buffer,
    const ServeConfig& config, RequestBudget& budget);

// The buffer a connection reads requests into. Bounded: a line the parser
// must see whole (a header field, a chunk header, a trailer) cannot grow
// it past this.
boost::beast::flat_buffer RequestBuffer(const ServeConfig& config);

// What `handle` answers, or a 500 naming the exception it threw: the
// request ends with a clear error, and the connection and the process go
// on.
boost::asio::awaitable<HttpResponse> AnswerOrInternalError(
    const HttpRequest& req,
    const std::function<boost::asio::awaitable<HttpResponse>()>& handle);

// Writes `res` within the idle timeout (an answer may have taken a while:
// the write gets its own window); false when the write failed.
boost::asio::awaitable<bool> WriteResponse(boost::beast::tcp_stream& stream,
                                           HttpResponse& res,
                                           const ServeConfig& config);

}  // namespace newsdedup
