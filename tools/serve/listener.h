// Listener: a TCP acceptor bound to an endpoint, and the accept loop every
// Server (server.h) runs behind: one coroutine per connection, refused
// beyond a cap on open connections rather than queued. An exception that
// escapes a server's Serve closes that connection (and is logged); the
// listener and every other connection go on.
#pragma once

#include <utility>

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>

#include "dedup/status.h"
#include "tools/serve/config.h"
#include "tools/serve/server.h"

namespace newsdedup {

class Listener {
 public:
  Listener(boost::asio::io_context& io, size_t max_connections);

  // Binds, listens and starts accepting; every connection is handed to
  // `server` on its own coroutine. `server` must outlive the io_context's
  // run. Returns the bound port.
  StatusOr<uint16_t> Listen(const Endpoint& endpoint, Protocol& server);
  // Stops accepting; open connections go on.
  void Close();

 private:
  boost::asio::awaitable<void> Accept(Protocol& server);

  boost::asio::io_context& io_;
  size_t max_connections_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<std::atomic<size_t>> connections_;
};

}  // namespace newsdedup
