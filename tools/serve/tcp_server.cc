#include "tools/serve/tcp_server.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "ingest/formats/article_proto.h"
#include "ingest/sources/frame.h"
#include "tools/serve/frame_connection.h"

namespace newsdedup {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

using Clock = std::chrono::steady_clock;

asio::awaitable<void> Produce(FrameConnection& c, Pipeline& pipeline,
                              const ServeConfig& config) {
  Metrics& m = pipeline.metrics();
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
    m.articles_received.fetch_add(1);
    if (r == FrameReader::Result::kOversized) {
      // The frame's bytes would have to be read and dropped, however many
      // the length claims: say why, and close instead.
      m.articles_rejected.fetch_add(1);
      co_await SendRefusal(c, "",
                           "frame is over the cap of " +
                               std::to_string(config.limits.max_record_bytes) +
                               " bytes; closing");
      co_return;
    }
    const auto start = Clock::now();
    StatusOr<Article> article = ParseArticleProto(frame, config.limits);
    if (!article.ok()) {
      m.articles_rejected.fetch_add(1);
      co_await SendRefusal(c, "", article.status().message());
      if (c.ec) co_return;
      continue;
    }
    // Full queues: stop reading until there is room (back-pressure).
    Pipeline::Admission admission = pipeline.TryAdmit(1);
    while (!admission) {
      if (pipeline.draining()) {
        co_await SendRefusal(c, article->id, "shutting down");
        co_return;
      }
      wait.expires_after(std::chrono::milliseconds(2));
      boost::system::error_code ignored;
      co_await wait.async_wait(
          asio::redirect_error(asio::use_awaitable, ignored));
      admission = pipeline.TryAdmit(1);
    }
    const std::string id = article->id;
    std::vector<Article> batch;
    batch.push_back(std::move(*article));
    std::vector<StatusOr<Outcome>> outcomes =
        co_await pipeline.Ingest(std::move(batch));
    m.ack_latency.Record(
        std::chrono::duration<double, std::milli>(Clock::now() - start)
            .count());
    pb::Ack ack;
    ack.set_article_id(id);
    if (!outcomes[0].ok()) {
      ack.set_ok(false);
      ack.set_error(outcomes[0].status().ToString());
    } else {
      *ack.mutable_decision() = outcomes[0]->decision;
      ack.set_already_known(outcomes[0]->already_known);
      ack.set_ok(!outcomes[0]->already_known);
      if (outcomes[0]->already_known) {
        ack.set_error("id \"" + id + "\" is already stored");
      }
    }
    co_await SendFrame(c, ack);
    if (c.ec) co_return;
  }
}

asio::awaitable<void> Subscribe(FrameConnection& c, Pipeline& pipeline,
                                uint64_t from) {
  co_await pipeline.FollowEvents(
      from,
      [](const pb::ClusterEvent& e, std::string* batch) {
        *batch += EncodeFrame(e.SerializeAsString());
      },
      [&](const std::string& batch) -> asio::awaitable<bool> {
        // A subscriber that stops reading for the idle timeout is closed.
        c.stream.expires_after(c.idle);
        co_await asio::async_write(
            c.stream, asio::buffer(batch),
            asio::redirect_error(asio::use_awaitable, c.ec));
        co_return !c.ec;
      });
}

}  // namespace

asio::awaitable<void> TcpServer::Serve(tcp::socket socket) {
  FrameConnection c(std::move(socket), config_);
  const std::optional<pb::Hello> hello = co_await ReadHello(c, config_.token);
  if (!hello) {
    // Gone, or refused and told why.
  } else if (hello->role() == pb::Hello::PRODUCE) {
    co_await Produce(c, pipeline_, config_);
  } else if (hello->role() == pb::Hello::SUBSCRIBE) {
    co_await Subscribe(c, pipeline_, hello->from_sequence());
  } else {
    co_await SendRefusal(c, "",
                         "Hello role " + std::to_string(hello->role()) +
                             " is neither PRODUCE nor SUBSCRIBE");
  }
  c.Close();
}

}  // namespace newsdedup
