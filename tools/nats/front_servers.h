// The protocols of `newsdedup nats front` (front.h): the daemon's HTTP/JSON
// and Protobuf/TCP client interfaces (doc/api.md, doc/protocol.md), served
// for a cluster. Every article goes through the ClusterGate
// (cluster_gate.h) and is acknowledged only once the decider stored its
// decision.
//
// FrontHttp:
//   POST   /v1/articles       the daemon's bodies (tools/serve/request_items.h)
//                             and answers: one article, its decision (409
//                             with it when the id was known); many, a line
//                             each, a decision or {"line"|"item", "error"}
//   DELETE /v1/articles/{id}  {"deleted": id}, or 404 when not stored
//   GET    /healthz           {"status":"ok"}, never needs the token
// Anything else 404 (405 for a known path with another method). Requests
// are read within the daemon's caps (tools/serve/http_read.h); the
// cluster unreachable, a decision not in time, or more requests in flight
// than the gate holds: 503 with {"error": ...} and Retry-After.
//
// FrontTcp: Hello (PRODUCE) then Article frames in, one Ack out per
// article, in order, once decided (ok=false and already_known for an id
// known before). While the gate is full it stops reading (back-pressure).
// SUBSCRIBE is refused: the cluster's events are read with `nats events`.
//
// Thread safety: Serve runs on the network io_context; the servers hold
// nothing across connections but the gate, the config and the budget.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include "tools/nats/cluster_gate.h"
#include "tools/serve/config.h"
#include "tools/serve/request_body.h"
#include "tools/serve/server.h"

namespace newsdedup {

class FrontHttp : public Protocol {
 public:
  // `gate` and `config` must outlive the server. Of the config, the
  // token, the request and header caps, the batch cap, the idle timeout
  // and the ingest limits apply.
  FrontHttp(ClusterGate& gate, const ServeConfig& config)
      : gate_(gate),
        config_(config),
        budget_(config.max_pending_request_bytes) {}
  const char* name() const override { return "HTTP"; }
  boost::asio::awaitable<void> Serve(
      boost::asio::ip::tcp::socket socket) override;

 private:
  ClusterGate& gate_;
  const ServeConfig& config_;
  RequestBudget budget_;
};

class FrontTcp : public Protocol {
 public:
  FrontTcp(ClusterGate& gate, const ServeConfig& config)
      : gate_(gate), config_(config) {}
  const char* name() const override { return "Protobuf/TCP"; }
  boost::asio::awaitable<void> Serve(
      boost::asio::ip::tcp::socket socket) override;

 private:
  ClusterGate& gate_;
  const ServeConfig& config_;
};

}  // namespace newsdedup
