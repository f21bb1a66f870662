// The one place that keeps a connection's failure its own: a server whose
// Serve throws loses that connection, and the listener goes on serving.
#include "tools/serve/listener.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <stdexcept>
#include <thread>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// Answers "ok\n" to a connection whose first byte is not 'x', and throws
// on one whose first byte is: what Beast or Protobuf might do.
class Fragile : public Server {
 public:
  using Server::Server;
  const char* name() const override { return "fragile"; }
  asio::awaitable<void> Serve(tcp::socket socket) override {
    char first = 0;
    co_await asio::async_read(socket, asio::buffer(&first, 1),
                              asio::use_awaitable);
    if (first == 'x') throw std::length_error("field value too large");
    co_await asio::async_write(socket, asio::buffer("ok\n", 3),
                               asio::use_awaitable);
  }
};

std::string Ask(uint16_t port, char first) {
  asio::io_context io;
  tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer(&first, 1));
  std::string answer(3, '\0');
  boost::system::error_code ec;
  const size_t n = asio::read(socket, asio::buffer(answer), ec);
  answer.resize(n);
  return answer;
}

TEST(ListenerTest, AThrowingConnectionIsClosedAndServingGoesOn) {
  test::TempDir dir;
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir.path(), {});
  ASSERT_TRUE(engine.ok());
  Metrics metrics;
  Pipeline pipeline(**engine, Pipeline::Options{1, 8}, metrics);
  ServeConfig config;
  Fragile server(pipeline, config);
  asio::io_context io(1);
  Listener listener(io, 16);
  StatusOr<uint16_t> port = listener.Listen(Endpoint{"127.0.0.1", 0}, server);
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  std::thread network([&] { io.run(); });  // would rethrow and end the test

  EXPECT_EQ(Ask(*port, 'a'), "ok\n");
  EXPECT_EQ(Ask(*port, 'x'), "");  // closed, nothing answered
  EXPECT_EQ(Ask(*port, 'b'), "ok\n");

  listener.Close();
  io.stop();
  network.join();
}

}  // namespace
}  // namespace newsdedup
