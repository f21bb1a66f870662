// NatsCluster: a real JetStream cluster of nats-server processes on
// loopback, for the tests of the NATS client and of the scale-out roles.
//
// Each node gets free ports (client, cluster route, monitoring) from below
// the kernel's ephemeral range, and a temporary directory holding its config,
// its store and its log. Start returns once the cluster has elected a meta
// leader, so JetStream requests work at once. Not thread-safe: one test thread
// drives it.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "dedup/status.h"

namespace newsdedup::test {

class NatsCluster {
 public:
  // Starts `nodes` nats-server processes (the `nats-server` binary from
  // PATH, or /usr/sbin) forming one JetStream cluster on 127.0.0.1, and
  // waits (up to ~15 s) until every node sees a meta leader. Failure: a
  // Status naming what failed, with the tail of the server's log.
  static StatusOr<std::unique_ptr<NatsCluster>> Start(int nodes = 3);
  ~NatsCluster();  // SIGKILLs what is still running, removes the directories
  NatsCluster(const NatsCluster&) = delete;
  NatsCluster& operator=(const NatsCluster&) = delete;

  std::vector<std::string> urls() const;  // every node's client URL
  std::string url(int node) const;
  // The node's server_name ("n0", "n1", ...), as stream infos name leaders.
  std::string name(int node) const;
  // The node whose server_name is `name`, -1 for none.
  int NodeNamed(const std::string& name) const;
  bool running(int node) const;

  void Kill(int node);  // SIGKILL, waits for the process
  // Starts it again with the same config and store, and waits (~15 s)
  // until it sees the cluster's meta leader again.
  Status Restart(int node);

  // True when the nats-server binary is found.
  static bool available();

 private:
  struct Node {
    std::string dir;
    int client_port = 0;
    int route_port = 0;
    int monitor_port = 0;
    pid_t pid = -1;
  };
  NatsCluster() = default;
  // One try of Start, on newly chosen ports.
  static StatusOr<std::unique_ptr<NatsCluster>> StartOnce(int nodes);
  Status Spawn(int node);
  // Waits until the node's monitoring port reports a meta leader.
  Status WaitForMetaLeader(int node, int timeout_ms);
  std::string LogTail(int node) const;

  std::string binary_;
  std::vector<Node> nodes_;
};

}  // namespace newsdedup::test
