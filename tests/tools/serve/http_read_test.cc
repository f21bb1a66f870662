#include "tools/serve/http_read.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <stdexcept>

namespace newsdedup {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

// What AnswerOrInternalError gives for `handle`, run to its end.
HttpResponse Answer(const HttpRequest& req,
                    std::function<asio::awaitable<HttpResponse>()> handle) {
  asio::io_context io;
  HttpResponse res;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        res = co_await AnswerOrInternalError(req, handle);
      },
      asio::detached);
  io.run();
  return res;
}

TEST(AnswerOrInternalErrorTest, PassesTheAnswerOn) {
  HttpRequest req(http::verb::get, "/v1/stats", 11);
  const HttpResponse res = Answer(req, [&]() -> asio::awaitable<HttpResponse> {
    co_return HttpReply(req, http::status::ok, "{}");
  });
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "{}\n");
}

TEST(AnswerOrInternalErrorTest, AThrowingHandlerIsA500NamingWhy) {
  HttpRequest req(http::verb::get, "/v1/stats", 11);
  const HttpResponse res = Answer(req, []() -> asio::awaitable<HttpResponse> {
    throw std::runtime_error("the index is gone");
    co_return HttpResponse();
  });
  EXPECT_EQ(res.result(), http::status::internal_server_error);
  EXPECT_NE(res.body().find("internal error: the index is gone"),
            std::string::npos)
      << res.body();
}

TEST(RequestBufferTest, HoldsTwoHeadersAndNeverLessThan64KiB) {
  ServeConfig config;
  config.max_header_bytes = 1000;
  EXPECT_EQ(RequestBuffer(config).max_size(), size_t{64 << 10});
  config.max_header_bytes = 100000;
  EXPECT_EQ(RequestBuffer(config).max_size(), size_t{200000});
}

}  // namespace
}  // namespace newsdedup
