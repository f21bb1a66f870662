// `newsdedup nats front`: the network front end of a cluster on NATS
// JetStream (doc/scale-out.md). It speaks the daemon's client protocols,
// HTTP/JSON and Protobuf/TCP (front_servers.h), and publishes what it is
// sent to the cluster's input stream through ClusterClient
// (ingest/cluster/cluster.h), answering each article once the decider
// stored its decision. It holds no state of its own: any number may run,
// and one killed midway loses nothing a client was told was stored (a
// client that sends again gets the decision of the first sending).
//
// One network thread runs both listeners (tools/serve/listener.h); the
// blocking work with NATS runs on the gate's pool (cluster_gate.h).
#pragma once

#include <cstddef>
#include <string>

#include "tools/nats/nats_commands.h"
#include "tools/serve/config.h"

namespace newsdedup {

struct NatsFrontOptions {
  // The endpoints, token, request caps, idle timeout and ingest limits the
  // daemon takes (tools/serve/config.h); loopback by default.
  ServeConfig serve;
  // Requests waiting on the cluster at once, at most; beyond it HTTP gets
  // 503 and TCP producers wait. Also the size of the thread pool they
  // wait on.
  size_t max_in_flight = 64;
  // Written with {"http":PORT,"tcp":PORT,"pid":PID} once listening.
  std::string ready_file;
};

// Runs until SIGINT or SIGTERM: stops accepting, lets the requests in
// flight finish, and returns 0. Returns 2 when it cannot start (a bad
// option, a port it cannot listen on). A cluster it cannot reach is not a
// reason not to start: requests get 503 until it answers.
int NatsFrontCommand(const NatsCommonOptions& common,
                     const NatsFrontOptions& front);

}  // namespace newsdedup
