#include "tools/serve/http_read.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <chrono>
#include <exception>
#include <string>

namespace newsdedup {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Bytes of chunk framing allowed per chunk of a chunked body (its size in
// hex and two line ends), beyond the header bytes: what a well-formed
// chunk header takes. Extensions and trailers count as header bytes.
constexpr size_t kFramingPerChunk = 24;

}  // namespace

asio::awaitable<ReadFailure> ReadRequest(beast::tcp_stream& stream,
                                         beast::flat_buffer& buffer,
                                         http::request_parser<RequestBody>& parser,
                                         const ServeConfig& config,
                                         boost::system::error_code& ec) {
  size_t consumed = 0, chunks = 0;
  // Held by reference by the parser: it lives in this coroutine's frame.
  auto count_chunk = [&chunks](std::uint64_t, beast::string_view,
                               boost::system::error_code&) { ++chunks; };
  parser.on_chunk_header(count_chunk);
  while (!parser.is_done()) {
    stream.expires_after(std::chrono::seconds(config.idle_timeout_seconds));
    consumed += co_await http::async_read_some(
        stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == http::error::body_limit) co_return ReadFailure::kBodyTooLarge;
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      co_return ReadFailure::kHeaderTooLarge;
    }
    if (ec == asio::error::no_buffer_space) co_return ReadFailure::kOverBudget;
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted) {
      co_return ReadFailure::kClosed;
    }
    if (ec) co_return ReadFailure::kMalformed;
    const size_t body = parser.get().body().text.size();
    if (consumed - std::min(consumed, body) >
        config.max_header_bytes + kFramingPerChunk * chunks) {
      co_return ReadFailure::kHeaderTooLarge;
    }
  }
  co_return ReadFailure::kNone;
}

HttpResponse FailureResponse(ReadFailure failure, const ServeConfig& config,
                             const boost::system::error_code& ec) {
  HttpRequest req;
  req.version(11);
  req.keep_alive(false);
  switch (failure) {
    case ReadFailure::kBodyTooLarge:
      return HttpError(req, http::status::payload_too_large,
                       "request body is over the cap of " +
                           std::to_string(config.max_request_bytes) + " bytes");
    case ReadFailure::kHeaderTooLarge:
      return HttpError(req, http::status::request_header_fields_too_large,
                       "request header, chunk extensions and trailers are "
                       "over the cap of " +
                           std::to_string(config.max_header_bytes) + " bytes");
    case ReadFailure::kOverBudget: {
      HttpResponse res =
          HttpError(req, http::status::service_unavailable,
                    "requests in progress hold all the memory set aside for "
                    "them; retry later");
      res.set(http::field::retry_after, "1");
      return res;
    }
    default:
      return HttpError(req, http::status::bad_request,
                       "malformed HTTP request: " + ec.message());
  }
}

asio::awaitable<std::optional<HttpRequest>> ReadNextRequest(
    beast::tcp_stream& stream, beast::flat_buffer& buffer,
    const ServeConfig& config, RequestBudget& budget) {
  http::request_parser<RequestBody> parser;
  parser.body_limit(config.max_request_bytes);
  parser.header_limit(static_cast<std::uint32_t>(config.max_header_bytes));
  parser.get().body().budget = &budget;
  boost::system::error_code ec;
  const ReadFailure failure =
      co_await ReadRequest(stream, buffer, parser, config, ec);
  if (failure == ReadFailure::kClosed) co_return std::nullopt;
  if (failure != ReadFailure::kNone) {
    HttpResponse res = FailureResponse(failure, config, ec);
    co_await WriteResponse(stream, res, config);
    co_return std::nullopt;
  }
  co_return parser.release();
}

beast::flat_buffer RequestBuffer(const ServeConfig& config) {
  return beast::flat_buffer(
      std::max<size_t>(64 << 10, 2 * config.max_header_bytes));
}

asio::awaitable<HttpResponse> AnswerOrInternalError(
    const HttpRequest& req,
    const std::function<asio::awaitable<HttpResponse>()>& handle) {
  try {
    co_return co_await handle();
  } catch (const std::exception& e) {
    co_return HttpError(req, http::status::internal_server_error,
                        std::string("internal error: ") + e.what());
  }
}

asio::awaitable<bool> WriteResponse(beast::tcp_stream& stream,
                                    HttpResponse& res,
                                    const ServeConfig& config) {
  boost::system::error_code ec;
  stream.expires_after(std::chrono::seconds(config.idle_timeout_seconds));
  co_await http::async_write(stream, res,
                             asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

}  // namespace newsdedup
