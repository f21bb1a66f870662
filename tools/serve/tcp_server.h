// TcpServer: Protobuf over TCP (doc/protocol.md). Every message is
// length-delimited (a varint size, then the bytes). A client opens with a
// Hello frame saying what it is:
//   PRODUCE    then Article frames in; one Ack frame out per article, in
//              order, sent once the article is durable. While the queues are
//              full the server stops reading (back-pressure).
//   SUBSCRIBE  then ClusterEvent frames out from Hello.from_sequence on,
//              live, for as long as the connection stays open.
// Any other role is refused. A frame that does not decode gets an Ack with
// ok=false and the connection goes on; a length prefix that is not a varint,
// or a frame over the record cap, gets its Ack with ok=false and ends it.
// Every read and write must finish within the idle timeout, in every state
// (before the Hello, inside a frame, between frames, a subscriber that
// stops reading), or the connection is closed.
#pragma once

#include <utility>

#include "tools/serve/server.h"

namespace newsdedup {

class TcpServer : public Server {
 public:
  using Server::Server;
  const char* name() const override { return "Protobuf/TCP"; }
  boost::asio::awaitable<void> Serve(
      boost::asio::ip::tcp::socket socket) override;
};

}  // namespace newsdedup
