// The scale-out roles as child processes of a test: `newsdedup nats ROLE`
// on a NatsCluster (tests/nats_cluster.h), each with its output in a file,
// killed with SIGKILL and started again as a test needs.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace newsdedup::test {

class RoleProcess {
 public:
  // Starts `newsdedup nats ARGS...`; its stderr goes to `log`.
  RoleProcess(std::vector<std::string> args, std::string log);
  ~RoleProcess();  // SIGTERM, then SIGKILL if it does not go
  RoleProcess(const RoleProcess&) = delete;
  RoleProcess& operator=(const RoleProcess&) = delete;

  void Kill();     // SIGKILL, waited for
  int Stop();      // SIGTERM, waited for; the exit status
  void Restart();  // started again with the same arguments
  bool alive() const;
  std::string Log() const;

 private:
  void Spawn();
  std::vector<std::string> args_;
  std::string log_;
  pid_t pid_ = -1;
};

}  // namespace newsdedup::test
