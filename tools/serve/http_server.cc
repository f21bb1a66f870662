#include "tools/serve/http_server.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string_view>

#include "tools/json_output.h"
#include "tools/serve/http_read.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

// Streams events from `from` on as chunked JSON lines until the client goes
// away, stops reading for the idle timeout, or the server drains.
asio::awaitable<void> StreamEvents(beast::tcp_stream& stream,
                                   const HttpRequest& req, Pipeline& pipeline,
                                   uint64_t from, const ServeConfig& config) {
  const auto idle = std::chrono::seconds(config.idle_timeout_seconds);
  http::response<http::empty_body> res{http::status::ok, req.version()};
  res.set(http::field::server, "newsdedup");
  res.set(http::field::content_type, "application/x-ndjson");
  res.chunked(true);
  http::response_serializer<http::empty_body> serializer{res};
  boost::system::error_code ec;
  stream.expires_after(idle);
  co_await http::async_write_header(
      stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  co_await pipeline.FollowEvents(
      from,
      [](const pb::ClusterEvent& e, std::string* batch) {
        *batch += EventJson(e) + "\n";
      },
      [&](const std::string& batch) -> asio::awaitable<bool> {
        stream.expires_after(idle);  // a subscriber that stops reading goes
        co_await asio::async_write(
            stream, http::make_chunk(asio::buffer(batch)),
            asio::redirect_error(asio::use_awaitable, ec));
        co_return !ec;
      });
  if (!ec) {
    stream.expires_after(idle);
    co_await asio::async_write(stream, http::make_chunk_last(),
                               asio::redirect_error(asio::use_awaitable, ec));
  }
}

}  // namespace

HttpServer::HttpServer(Pipeline& pipeline, const ServeConfig& config)
    : Server(pipeline, config), budget_(config.max_pending_request_bytes) {}

asio::awaitable<void> HttpServer::Serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer = RequestBuffer(config_);
  HttpRoutes routes(pipeline_, config_);
  for (;;) {
    std::optional<HttpRequest> next =
        co_await ReadNextRequest(stream, buffer, config_, budget_);
    if (!next) break;
    HttpRequest req = std::move(*next);
    const std::string_view target(req.target().data(), req.target().size());
    const size_t q = target.find('?');
    if (target.substr(0, q) == "/v1/events" &&
        req.method() == http::verb::get && routes.Authorized(req)) {
      const std::string from = q == std::string_view::npos
                                   ? ""
                                   : QueryParam(target.substr(q + 1), "from");
      uint64_t from_sequence = 1;
      if (!from.empty()) {
        if (from.find_first_not_of("0123456789") != std::string::npos ||
            from.size() > 19) {
          HttpResponse res = HttpError(req, http::status::bad_request,
                                       "\"from\" must be a sequence number");
          if (!co_await WriteResponse(stream, res, config_)) break;
          continue;
        }
        from_sequence = std::stoull(from);
      }
      co_await StreamEvents(stream, req, pipeline_, from_sequence, config_);
      break;
    }
    HttpResponse res =
        co_await AnswerOrInternalError(req, [&] { return routes.Handle(req); });
    req = HttpRequest();  // its body's share of the budget goes back now
    res.keep_alive(res.keep_alive() && !pipeline_.draining());
    if (!co_await WriteResponse(stream, res, config_) || !res.keep_alive()) {
      break;
    }
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace newsdedup
