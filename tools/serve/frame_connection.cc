#include "tools/serve/frame_connection.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace newsdedup {
namespace asio = boost::asio;

FrameConnection::FrameConnection(asio::ip::tcp::socket socket,
                                 const ServeConfig& config)
    : stream(std::move(socket)),
      reader(config.limits.max_record_bytes),
      idle(config.idle_timeout_seconds) {}

void FrameConnection::Close() {
  boost::system::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

asio::awaitable<FrameReader::Result> ReadFrame(FrameConnection& c,
                                               std::string* frame) {
  char chunk[64 << 10];
  for (;;) {
    const FrameReader::Result r = c.reader.Next(frame);
    if (r != FrameReader::Result::kNeedMore) co_return r;
    c.stream.expires_after(c.idle);
    const size_t n = co_await c.stream.async_read_some(
        asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, c.ec));
    if (c.ec) co_return FrameReader::Result::kNeedMore;
    c.reader.Append(std::string_view(chunk, n));
  }
}

asio::awaitable<void> SendFrame(FrameConnection& c,
                                const google::protobuf::MessageLite& message) {
  const std::string frame = EncodeFrame(message.SerializeAsString());
  c.stream.expires_after(c.idle);
  co_await asio::async_write(c.stream, asio::buffer(frame),
                             asio::redirect_error(asio::use_awaitable, c.ec));
}

asio::awaitable<void> SendRefusal(FrameConnection& c, const std::string& id,
                                  const std::string& error) {
  pb::Ack ack;
  ack.set_article_id(id);
  ack.set_ok(false);
  ack.set_error(error);
  co_await SendFrame(c, ack);
}

asio::awaitable<std::optional<pb::Hello>> ReadHello(FrameConnection& c,
                                                    const std::string& token) {
  std::string frame;
  const FrameReader::Result r = co_await ReadFrame(c, &frame);
  pb::Hello hello;
  if (c.ec) co_return std::nullopt;  // closed, or silent past the timeout
  if (r != FrameReader::Result::kFrame || !hello.ParseFromString(frame)) {
    co_await SendRefusal(c, "", "expected a Hello frame first");
    co_return std::nullopt;
  }
  if (!token.empty() && hello.token() != token) {
    co_await SendRefusal(c, "", "missing or wrong token");
    co_return std::nullopt;
  }
  co_return hello;
}

}  // namespace newsdedup
