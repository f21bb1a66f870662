// A `newsdedup` child process for the cluster tests: started with the
// given arguments, its stdout and stderr in files of a directory of its
// own, killed (SIGKILL unless told otherwise) and reaped when the object
// dies. Not thread-safe: one test thread drives it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace newsdedup::test {

class RoleProcess {
 public:
  // Starts NEWSDEDUP_BINARY with `args` (without the program name).
  explicit RoleProcess(std::vector<std::string> args);
  ~RoleProcess();
  RoleProcess(const RoleProcess&) = delete;
  RoleProcess& operator=(const RoleProcess&) = delete;

  pid_t pid() const { return pid_; }
  const std::string& dir() const { return dir_; }
  // True while the process has not exited.
  bool alive();
  // Sends `signal` (SIGSTOP and SIGCONT leave it running).
  void Signal(int signal);
  // Sends `signal` and waits for the exit; 128 + signal when killed by it.
  int Stop(int signal);
  std::string StderrText() const;

 private:
  std::string dir_;
  pid_t pid_ = -1;
};

// The `newsdedup nats front` of a test, started with --ready-file; waits
// (up to 20 s) until it listens.
class FrontProcess {
 public:
  // `args`: the options after `nats front` (the NATS servers and so on).
  explicit FrontProcess(std::vector<std::string> args);
  RoleProcess& process() { return process_; }
  uint16_t http_port() const { return http_port_; }
  uint16_t tcp_port() const { return tcp_port_; }

 private:
  static std::vector<std::string> WithReadyFile(std::vector<std::string> args,
                                                const std::string& ready);
  std::string ready_;
  RoleProcess process_;
  uint16_t http_port_ = 0;
  uint16_t tcp_port_ = 0;
};

}  // namespace newsdedup::test
