// FrontTcp (front_servers.h): the daemon's Protobuf/TCP producer protocol
// (doc/protocol.md), each article decided through the cluster gate.
#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <optional>

#include "ingest/formats/article_proto.h"
#include "ingest/sources/frame.h"
#include "tools/serve/frame_connection.h"
#include "tools/nats/front_servers.h"

namespace newsdedup {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

asio::awaitable<void> Produce(FrameConnection& c, ClusterGate& gate,
                              const ServeConfig& config) {
  std::string frame;
  asio::steady_timer wait(c.stream.get_executor());
  for (;;) {
    const FrameReader::Result r = co_await ReadFrame(c, &frame);
    if (c.ec) co_return;
    if (r == FrameReader::Result::kBadLength) {
      co_await SendRefusal(c, "",
                           "frame length is not a valid varint; closing");
      co_return;
    }
    if (r == FrameReader::Result::kOversized) {
      co_await SendRefusal(c, "",
                           "frame is over the cap of " +
                               std::to_string(config.limits.max_record_bytes) +
                               " bytes; closing");
      co_return;
    }
    StatusOr<Article> article = ParseArticleProto(frame, config.limits);
    if (!article.ok()) {
      co_await SendRefusal(c, "", article.status().message());
      if (c.ec) co_return;
      continue;
    }
    // The gate full: stop reading until there is room (back-pressure).
    std::optional<ClusterGate::Ticket> ticket(gate.TryEnter());
    while (!*ticket) {
      wait.expires_after(std::chrono::milliseconds(5));
      boost::system::error_code ignored;
      co_await wait.async_wait(
          asio::redirect_error(asio::use_awaitable, ignored));
      ticket.emplace(gate.TryEnter());
    }
    const std::string id = article->id;
    std::vector<Article> one;
    one.push_back(std::move(*article));
    StatusOr<std::vector<ClusterOutcome>> decided =
        co_await gate.Decide(std::move(one));
    pb::Ack ack;
    ack.set_article_id(id);
    if (!decided.ok()) {
      ack.set_error(decided.status().ToString());
    } else if (!(*decided)[0].message.has_decision()) {
      ack.set_error((*decided)[0].message.error());
    } else {
      const ClusterOutcome& o = (*decided)[0];
      *ack.mutable_decision() = o.message.decision();
      ack.set_already_known(o.known);
      ack.set_ok(!o.known);
      if (o.known) ack.set_error("id \"" + id + "\" is already stored");
    }
    co_await SendFrame(c, ack);
    if (c.ec) co_return;
  }
}

}  // namespace

asio::awaitable<void> FrontTcp::Serve(tcp::socket socket) {
  FrameConnection c(std::move(socket), config_);
  const std::optional<pb::Hello> hello = co_await ReadHello(c, config_.token);
  if (!hello) {
    // Gone, or refused and told why.
  } else if (hello->role() == pb::Hello::PRODUCE) {
    co_await Produce(c, gate_, config_);
  } else {
    co_await SendRefusal(c, "",
                         "the cluster front end serves only PRODUCE; read the "
                         "cluster's events with `newsdedup nats events`");
  }
  c.Close();
}

}  // namespace newsdedup
