// FeedServer: a small HTTP server on loopback for the feed tests, on a
// thread of its own. Each connection carries one request, answered with
// whatever bytes the handler returns (so a test can send a malformed or
// chunked response), then closed. Every request is recorded.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/detached.hpp>
#include <optional>
#include <boost/asio/ip/tcp.hpp>

namespace newsdedup::test {

struct SeenRequest {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

// A whole response: status line, the headers given, Content-Length, body.
std::string HttpResponseText(
    int status, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers = {});

class FeedServer {
 public:
  using Handler = std::function<std::string(const SeenRequest&)>;
  explicit FeedServer(Handler handler);
  ~FeedServer();

  uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" + path.
  std::string Url(const std::string& path) const;
  std::vector<SeenRequest> requests() const;
  size_t request_count() const;
  void set_handler(Handler handler);

 private:
  void Serve();

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  mutable std::mutex mu_;
  Handler handler_;
  std::vector<SeenRequest> requests_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// Runs `work` on an io_context of its own until it completes.
template <class T>
T RunAwaitable(boost::asio::awaitable<T> work) {
  boost::asio::io_context io(1);
  std::optional<T> result;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        result.emplace(co_await std::move(work));
      },
      boost::asio::detached);
  io.run();
  return std::move(*result);
}

}  // namespace newsdedup::test
