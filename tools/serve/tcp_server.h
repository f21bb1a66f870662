// TcpServer: Protobuf over TCP (doc/protocol.md). Every message is
// length-delimited (a varint size, then the bytes). A client opens with a
// Hello frame saying what it is:
//   PRODUCE    then Article frames in; one Ack frame out per article, in
//              order, sent once the article is durable. While the queues are
//              full the server stops reading (back-pressure).
//   SUBSCRIBE  then ClusterEvent frames out from Hello.from_sequence on,
//              live, for as long as the connection stays open.
// A frame that does not decode gets an Ack with ok=false and the connection
// goes on; a length prefix that is not a varint ends it.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "tools/serve/config.h"
#include "ingest/pipeline.h"

namespace newsdedup {

class TcpServer {
 public:
  // `pipeline` and `config` must outlive the server.
  TcpServer(Pipeline& pipeline, const ServeConfig& config)
      : pipeline_(pipeline), config_(config) {}

  // Serves one connection until it closes (a Listener's handler).
  boost::asio::awaitable<void> Serve(boost::asio::ip::tcp::socket socket);

 private:
  Pipeline& pipeline_;
  const ServeConfig& config_;
};

}  // namespace newsdedup
