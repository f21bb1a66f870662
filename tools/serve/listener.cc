#include "tools/serve/listener.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <exception>

namespace newsdedup {
namespace asio = boost::asio;
using asio::ip::tcp;

Listener::Listener(asio::io_context& io, size_t max_connections)
    : io_(io),
      max_connections_(max_connections),
      acceptor_(io),
      connections_(std::make_shared<std::atomic<size_t>>(0)) {}

StatusOr<uint16_t> Listener::Listen(const Endpoint& endpoint, Protocol& server) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(endpoint.host, ec);
  if (ec) return Status::InvalidArgument("bad listen address " + endpoint.host);
  const tcp::endpoint ep(address, endpoint.port);
  acceptor_.open(ep.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(ep, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::IOError("cannot listen on " + endpoint.host + ":" +
                           std::to_string(endpoint.port) + ": " + ec.message());
  }
  asio::co_spawn(io_, Accept(server), asio::detached);
  return acceptor_.local_endpoint().port();
}

void Listener::Close() {
  boost::system::error_code ec;
  acceptor_.close(ec);
}

asio::awaitable<void> Listener::Accept(Protocol& server) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(
        asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!acceptor_.is_open()) co_return;
      continue;
    }
    if (connections_->load() >= max_connections_) {
      socket.close(ec);  // over the cap: refuse rather than queue
      continue;
    }
    connections_->fetch_add(1);
    asio::co_spawn(
        io_,
        [&server, connections = connections_,
         socket = std::move(socket)]() mutable -> asio::awaitable<void> {
          // The one place that keeps a connection's failure its own: an
          // exception from Beast, Asio, Protobuf or the store ends this
          // connection, never the process (a detached coroutine's
          // exception would reach io_context::run and abort).
          try {
            co_await server.Serve(std::move(socket));
          } catch (const std::exception& e) {
            std::fprintf(stderr,
                         "newsdedup serve: a %s connection failed and was "
                         "closed: %s\n",
                         server.name(), e.what());
          } catch (...) {
            std::fprintf(stderr,
                         "newsdedup serve: a %s connection failed and was "
                         "closed\n",
                         server.name());
          }
          connections->fetch_sub(1);
        },
        asio::detached);
  }
}

}  // namespace newsdedup
