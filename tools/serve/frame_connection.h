// FrameConnection: one Protobuf/TCP connection (doc/protocol.md) as the
// daemon's and the cluster front end's TCP servers both speak it: frames
// read and written, each read and write within the idle timeout (Beast
// closes the socket when one does not), and the first error kept.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "ingest/sources/frame.h"
#include "proto/newsdedup.pb.h"
#include "tools/serve/config.h"

namespace newsdedup {

struct FrameConnection {
  // Frames capped at config.limits.max_record_bytes, each read and write
  // within config.idle_timeout_seconds.
  FrameConnection(boost::asio::ip::tcp::socket socket,
                  const ServeConfig& config);
  // Shuts the socket down both ways (what fails is of no more interest).
  void Close();

  boost::beast::tcp_stream stream;
  FrameReader reader;
  std::chrono::seconds idle;
  boost::system::error_code ec;  // the first error; the connection is done
};

// The next frame; kNeedMore with c.ec set when a read failed.
boost::asio::awaitable<FrameReader::Result> ReadFrame(FrameConnection& c,
                                                      std::string* frame);
// Writes `message` as one frame (c.ec set when the write failed).
boost::asio::awaitable<void> SendFrame(
    FrameConnection& c, const google::protobuf::MessageLite& message);
// An Ack refusing the article `id` (empty when unknown) for `error`.
boost::asio::awaitable<void> SendRefusal(FrameConnection& c,
                                         const std::string& id,
                                         const std::string& error);
// The connection's opening Hello, checked against `token` (none when
// empty); nullopt when the peer went away or was refused (told why).
boost::asio::awaitable<std::optional<pb::Hello>> ReadHello(
    FrameConnection& c, const std::string& token);

}  // namespace newsdedup
