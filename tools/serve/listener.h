// Listener: a TCP acceptor bound to an endpoint and the accept loop both
// servers share — one coroutine per connection, refused beyond a cap on
// open connections rather than queued.
#pragma once

#include <utility>

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>

#include "dedup/status.h"
#include "tools/serve/config.h"

namespace newsdedup {

class Listener {
 public:
  using Handler =
      std::function<boost::asio::awaitable<void>(boost::asio::ip::tcp::socket)>;

  Listener(boost::asio::io_context& io, size_t max_connections);

  // Binds, listens and starts accepting; every connection is handed to
  // `handler` on its own coroutine. Returns the bound port.
  StatusOr<uint16_t> Listen(const Endpoint& endpoint, Handler handler);
  // Stops accepting; open connections go on.
  void Close();

 private:
  boost::asio::awaitable<void> Accept(Handler handler);

  boost::asio::io_context& io_;
  size_t max_connections_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<std::atomic<size_t>> connections_;
};

}  // namespace newsdedup
