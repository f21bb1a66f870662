// A real `newsdedup serve` child process on ephemeral loopback ports, and
// plain clients to talk to it, for the daemon's integration tests.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "dedup/article.h"
#include "ingest/sources/frame.h"
#include "proto/newsdedup.pb.h"

namespace newsdedup::test {

class ServerProcess {
 public:
  // Starts the server on `db`, with `config_json` written to a config file
  // when not empty, and waits until it listens.
  ServerProcess(const std::string& db, const std::string& config_json = "");
  ~ServerProcess();  // SIGKILL if still running

  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // True while the process has not exited (it may have been killed).
  bool alive() const;
  uint16_t http_port() const { return http_port_; }
  uint16_t tcp_port() const { return tcp_port_; }
  // Sends `signal` and waits for the exit; returns the exit status (or
  // 128 + signal when killed by it).
  int Stop(int signal);
  std::string StderrText() const;

 private:
  std::string dir_;
  pid_t pid_ = -1;
  uint16_t http_port_ = 0;
  uint16_t tcp_port_ = 0;
};

struct HttpResult {
  int status = 0;  // 0: no answer (connection failed)
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

// An article as POST /v1/articles takes it: {"id", "body"}.
std::string ArticleJson(const Article& a);
// A distinct, realistic-looking article per number, id "n<number>".
Article Numbered(int n);

HttpResult HttpCall(uint16_t port, const std::string& method,
                    const std::string& target, const std::string& body = "",
                    const std::string& token = "",
                    const std::string& content_type = "");

// Reads `count` lines of GET /v1/events?from=FROM within `timeout_ms`.
std::vector<std::string> ReadEventLines(uint16_t port, uint64_t from,
                                        size_t count, int timeout_ms = 5000);

// A field of /proc/PID/status in kB ("VmRSS", "VmSize"); -1 when absent.
long ProcessStatusKb(pid_t pid, const std::string& field);

// A plain TCP connection for sending whatever bytes a test likes.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  bool connected() const { return fd_ >= 0; }
  bool Send(const std::string& bytes);
  // Reads until the peer closes (true) or `timeout_ms` passes (false);
  // what was read is in received().
  bool ReadUntilClosed(int timeout_ms);
  const std::string& received() const { return received_; }

 private:
  int fd_ = -1;
  std::string received_;
};

// A Protobuf/TCP connection that has sent its Hello.
class TcpClient {
 public:
  TcpClient(uint16_t port, const pb::Hello& hello);
  ~TcpClient();
  bool connected() const { return fd_ >= 0; }
  bool SendRaw(const std::string& bytes);
  bool SendFrame(const std::string& message);
  // Next frame's bytes, or false after `timeout_ms` / on close.
  bool ReadFrame(std::string* frame, int timeout_ms = 5000);

 private:
  int fd_ = -1;
  FrameReader reader_{64 << 20};
};

}  // namespace newsdedup::test
