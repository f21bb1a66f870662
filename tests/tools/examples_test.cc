// The usage examples in the front ends' headers, compiled here and held
// equal to the headers' text.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "tests/test_util.h"
#include "tools/serve/request_body.h"

namespace newsdedup {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

constexpr const char* kThisFile = "tests/tools/examples_test.cc";

asio::awaitable<void> RequestBodyExample(boost::beast::test::stream& stream,
                                         boost::beast::flat_buffer& buffer,
                                         std::string& out,
                                         size_t& held_while_read) {
  // Usage of tools/serve/request_body.h:
  RequestBudget budget(256 << 20);
  http::request_parser<RequestBody> parser;
  parser.get().body().budget = &budget;  // before the body is read
  co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  std::string_view text = parser.get().body().text;
  // End of usage.
  out = std::string(text);
  held_while_read = budget.held();
  parser.release();  // gives the bytes back before the budget goes
}

TEST(ToolsExamplesTest, RequestBody) {
  EXPECT_EQ(test::UsageInTest(kThisFile, "tools/serve/request_body.h"),
            test::HeaderUsage("tools/serve/request_body.h"));
  asio::io_context io;
  boost::beast::test::stream stream(io);
  stream.append(
      "POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
  boost::beast::flat_buffer buffer;
  std::string body;
  size_t held = 0;
  asio::co_spawn(io, RequestBodyExample(stream, buffer, body, held),
                 asio::detached);
  io.run();
  EXPECT_EQ(body, "hello");
  EXPECT_EQ(held, 5u);
}

}  // namespace
}  // namespace newsdedup
