#include "tools/serve/tcp_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "ingest/formats/article_proto.h"
#include "ingest/sources/frame.h"

namespace newsdedup {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

using Clock = std::chrono::steady_clock;

// Reads until `reader` yields a result other than kNeedMore.
asio::awaitable<FrameReader::Result> ReadFrame(
    tcp::socket& socket, FrameReader& reader, std::string* frame,
    boost::system::error_code& ec) {
  char chunk[64 << 10];
  for (;;) {
    const FrameReader::Result r = reader.Next(frame);
    if (r != FrameReader::Result::kNeedMore) co_return r;
    const size_t n = co_await socket.async_read_some(
        asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return FrameReader::Result::kNeedMore;
    reader.Append(std::string_view(chunk, n));
  }
}

asio::awaitable<void> Send(tcp::socket& socket,
                           const google::protobuf::MessageLite& message,
                           boost::system::error_code& ec) {
  const std::string frame = EncodeFrame(message.SerializeAsString());
  co_await asio::async_write(socket, asio::buffer(frame),
                             asio::redirect_error(asio::use_awaitable, ec));
}

asio::awaitable<void> SendError(tcp::socket& socket, const std::string& id,
                                const std::string& error,
                                boost::system::error_code& ec) {
  pb::Ack ack;
  ack.set_article_id(id);
  ack.set_ok(false);
  ack.set_error(error);
  co_await Send(socket, ack, ec);
}

asio::awaitable<void> Produce(tcp::socket& socket, FrameReader& reader,
                              Pipeline& pipeline, const ServeConfig& config) {
  Metrics& m = pipeline.metrics();
  boost::system::error_code ec;
  std::string frame;
  asio::steady_timer wait(socket.get_executor());
  for (;;) {
    const FrameReader::Result r =
        co_await ReadFrame(socket, reader, &frame, ec);
    if (ec) co_return;
    if (r == FrameReader::Result::kBadLength) {
      co_await SendError(socket, "",
                         "frame length is not a valid varint; closing", ec);
      co_return;
    }
    m.articles_received.fetch_add(1);
    if (r == FrameReader::Result::kOversized) {
      m.articles_rejected.fetch_add(1);
      co_await SendError(socket, "",
                         "frame is over the cap of " +
                             std::to_string(config.limits.max_record_bytes) +
                             " bytes",
                         ec);
      if (ec) co_return;
      continue;
    }
    const auto start = Clock::now();
    StatusOr<Article> article = ParseArticleProto(frame, config.limits);
    if (!article.ok()) {
      m.articles_rejected.fetch_add(1);
      co_await SendError(socket, "", article.status().message(), ec);
      if (ec) co_return;
      continue;
    }
    // Full queues: stop reading until there is room (back-pressure).
    Pipeline::Admission admission = pipeline.TryAdmit(1);
    while (!admission) {
      if (pipeline.draining()) {
        co_await SendError(socket, article->id, "shutting down", ec);
        co_return;
      }
      wait.expires_after(std::chrono::milliseconds(2));
      co_await wait.async_wait(asio::redirect_error(asio::use_awaitable, ec));
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
    co_await Send(socket, ack, ec);
    if (ec) co_return;
  }
}

asio::awaitable<void> Subscribe(tcp::socket& socket, Pipeline& pipeline,
                                uint64_t from) {
  boost::system::error_code ec;
  co_await pipeline.FollowEvents(
      from,
      [](const pb::ClusterEvent& e, std::string* batch) {
        *batch += EncodeFrame(e.SerializeAsString());
      },
      [&](const std::string& batch) -> asio::awaitable<bool> {
        co_await asio::async_write(
            socket, asio::buffer(batch),
            asio::redirect_error(asio::use_awaitable, ec));
        co_return !ec;
      });
}

}  // namespace

asio::awaitable<void> TcpServer::Serve(tcp::socket socket) {
  FrameReader reader(config_.limits.max_record_bytes);
  boost::system::error_code ec;
  std::string frame;
  // The Hello must come within the idle timeout.
  asio::steady_timer deadline(
      socket.get_executor(),
      std::chrono::seconds(config_.idle_timeout_seconds));
  deadline.async_wait([&socket](boost::system::error_code wait_ec) {
    if (!wait_ec) {
      boost::system::error_code ignored;
      socket.cancel(ignored);
    }
  });
  const FrameReader::Result r =
      co_await ReadFrame(socket, reader, &frame, ec);
  deadline.cancel();
  pb::Hello hello;
  if (!ec && r == FrameReader::Result::kFrame &&
      hello.ParseFromString(frame) &&
      hello.role() != pb::Hello::ROLE_UNSPECIFIED) {
    if (!config_.token.empty() && hello.token() != config_.token) {
      co_await SendError(socket, "", "missing or wrong token", ec);
    } else if (hello.role() == pb::Hello::PRODUCE) {
      co_await Produce(socket, reader, pipeline_, config_);
    } else {
      co_await Subscribe(socket, pipeline_, hello.from_sequence());
    }
  } else if (!ec) {
    co_await SendError(socket, "", "expected a Hello frame first", ec);
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace newsdedup
