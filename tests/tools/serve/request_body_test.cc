#include "tools/serve/request_body.h"

#include <gtest/gtest.h>

#include <boost/beast/http/parser.hpp>

namespace newsdedup {
namespace {

namespace http = boost::beast::http;

TEST(RequestBudgetTest, TakesUpToItsCapAndGetsBytesBack) {
  RequestBudget budget(100);
  EXPECT_TRUE(budget.Take(60));
  EXPECT_FALSE(budget.Take(41));
  EXPECT_TRUE(budget.Take(40));
  EXPECT_EQ(budget.held(), 100u);
  budget.Give(60);
  EXPECT_TRUE(budget.Take(60));
  EXPECT_FALSE(budget.Take(SIZE_MAX));  // no overflow past the cap
}

// Feeds `wire` to `parser`, whose body charges `budget`.
void Parse(http::request_parser<RequestBody>& parser, const std::string& wire,
           RequestBudget& budget, boost::system::error_code& ec) {
  parser.get().body().budget = &budget;
  parser.body_limit(64 << 20);
  parser.eager(true);
  parser.put(boost::asio::buffer(wire), ec);
}

TEST(RequestBodyTest, AnAnnouncedLengthReservesNothing) {
  RequestBudget budget(1 << 20);
  boost::system::error_code ec;
  http::request_parser<RequestBody> parser;
  Parse(parser, "POST / HTTP/1.1\r\nContent-Length: 16000000\r\n\r\nabc",
        budget, ec);
  EXPECT_FALSE(ec) << ec.message();
  EXPECT_EQ(parser.get().body().text, "abc");
  EXPECT_LT(parser.get().body().text.capacity(), 1024u);
  EXPECT_EQ(budget.held(), 3u);
}

TEST(RequestBodyTest, ABodyOverTheBudgetFailsAndTheChargeComesBack) {
  RequestBudget budget(4);
  boost::system::error_code ec;
  {
    http::request_parser<RequestBody> parser;
    Parse(parser, "POST / HTTP/1.1\r\nContent-Length: 6\r\n\r\nabcdef",
          budget, ec);
    EXPECT_EQ(ec, boost::asio::error::no_buffer_space);
  }
  EXPECT_EQ(budget.held(), 0u);
  {
    http::request_parser<RequestBody> parser;
    Parse(parser, "POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", budget,
          ec);
    EXPECT_FALSE(ec);
    http::request<RequestBody> request = parser.release();
    EXPECT_EQ(budget.held(), 3u);  // the moved message holds the charge
  }
  EXPECT_EQ(budget.held(), 0u);
}

}  // namespace
}  // namespace newsdedup
