#include "tests/tools/serve/server_process.h"

#include "tools/json_output.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <thread>

#include "ingest/sources/frame.h"
#include "tests/test_util.h"

namespace newsdedup::test {
namespace {

int Connect(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

bool WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n =
        send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Reads what is available within `timeout_ms`; false on close or timeout.
bool ReadSome(int fd, std::string* into, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return false;
  char chunk[65536];
  const ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
  if (n <= 0) return false;
  into->append(chunk, static_cast<size_t>(n));
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

ServerProcess::ServerProcess(const std::string& db,
                             const std::string& config_json) {
  char pattern[] = "/tmp/newsdedup-server-XXXXXX";
  dir_ = mkdtemp(pattern);
  std::vector<std::string> args = {
      NEWSDEDUP_BINARY, "serve",       "--db",         db,
      "--http",         "127.0.0.1:0", "--tcp",        "127.0.0.1:0",
      "--threads",      "2",           "--ready-file", dir_ + "/ready.json"};
  if (!config_json.empty()) {
    WriteFile(dir_ + "/config.json", config_json);
    args.push_back("--config");
    args.push_back(dir_ + "/config.json");
  }
  pid_ = fork();
  if (pid_ == 0) {
    const int err =
        open((dir_ + "/stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(err, STDERR_FILENO);
    const int null = open("/dev/null", O_RDWR);
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string ready = ReadFile(dir_ + "/ready.json");
    if (!ready.empty()) {
      http_port_ = static_cast<uint16_t>(
          std::stoi(ready.substr(ready.find("\"http\":") + 7)));
      tcp_port_ = static_cast<uint16_t>(
          std::stoi(ready.substr(ready.find("\"tcp\":") + 6)));
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << "server exited at start: " << StderrText();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "server did not become ready: " << StderrText();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop(SIGKILL);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

int ServerProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

bool ServerProcess::alive() const {
  if (pid_ <= 0) return false;
  int status = 0;
  return waitpid(pid_, &status, WNOHANG) == 0;
}

long ProcessStatusKb(pid_t pid, const std::string& field) {
  std::istringstream lines(ReadFile("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtol(line.c_str() + field.size() + 1, nullptr, 10);
    }
  }
  return -1;
}

RawConnection::RawConnection(uint16_t port) : fd_(Connect(port)) {}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::Send(const std::string& bytes) {
  return fd_ >= 0 && WriteAll(fd_, bytes);
}

bool RawConnection::ReadUntilClosed(int timeout_ms) {
  if (fd_ < 0) return true;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    const int left = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now())
            .count());
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, left) <= 0) return false;
    char chunk[65536];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n <= 0) return true;  // closed (or reset)
    received_.append(chunk, static_cast<size_t>(n));
  }
}

std::string ServerProcess::StderrText() const {
  return ReadFile(dir_ + "/stderr");
}

std::string ArticleJson(const Article& a) {
  return "{\"id\":" + JsonString(a.id) + ",\"body\":" + JsonString(a.body) +
         "}";
}

Article Numbered(int n) {
  Article a;
  a.id = "n" + std::to_string(n);
  a.body = "Regional council " + std::to_string(n) + " approved a budget of " +
           std::to_string(1000 + 7 * n) +
           " mln dlrs for road repairs on Tuesday, officials said. The plan "
           "covers bridge " +
           std::to_string(n * 13) +
           " and the ring road. "
           "Work starts in month " +
           std::to_string(n % 12 + 1) + ".";
  return a;
}

HttpResult HttpCall(uint16_t port, const std::string& method,
                    const std::string& target, const std::string& body,
                    const std::string& token, const std::string& content_type) {
  HttpResult result;
  const int fd = Connect(port);
  if (fd < 0) return result;
  std::string request = method + " " + target +
                        " HTTP/1.1\r\nHost: localhost\r\n"
                        "Connection: close\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n";
  if (!token.empty()) request += "Authorization: Bearer " + token + "\r\n";
  if (!content_type.empty()) request += "Content-Type: " + content_type + "\r\n";
  request += "\r\n" + body;
  std::string response;
  if (WriteAll(fd, request)) {
    while (ReadSome(fd, &response, 10000)) {
    }
  }
  close(fd);
  const size_t header_end = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.1 ", 0) != 0 || header_end == std::string::npos) {
    return result;
  }
  result.status = std::stoi(response.substr(9, 3));
  size_t pos = response.find("\r\n") + 2;
  while (pos < header_end) {
    const size_t eol = response.find("\r\n", pos);
    const std::string line = response.substr(pos, eol - pos);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      result.headers[Lower(line.substr(0, colon))] = line.substr(colon + 2);
    }
    pos = eol + 2;
  }
  result.body = response.substr(header_end + 4);
  return result;
}

std::vector<std::string> ReadEventLines(uint16_t port, uint64_t from,
                                        size_t count, int timeout_ms) {
  std::vector<std::string> lines;
  const int fd = Connect(port);
  if (fd < 0) return lines;
  WriteAll(fd, "GET /v1/events?from=" + std::to_string(from) +
                   " HTTP/1.1\r\nHost: localhost\r\n\r\n");
  std::string data;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (lines.size() < count && std::chrono::steady_clock::now() < deadline) {
    if (!ReadSome(fd, &data, 100)) continue;
    // Chunked framing aside, every event is one JSON line starting with '{'.
    size_t start;
    while (lines.size() < count &&
           (start = data.find("{\"sequence\"")) != std::string::npos) {
      const size_t nl = data.find('\n', start);
      if (nl == std::string::npos) break;
      lines.push_back(data.substr(start, nl - start));
      data.erase(0, nl + 1);
    }
  }
  close(fd);
  return lines;
}

TcpClient::TcpClient(uint16_t port, const pb::Hello& hello) {
  fd_ = Connect(port);
  if (fd_ >= 0 && !SendFrame(hello.SerializeAsString())) {
    close(fd_);
    fd_ = -1;
  }
}

TcpClient::~TcpClient() {
  if (fd_ >= 0) close(fd_);
}

bool TcpClient::SendRaw(const std::string& bytes) {
  return WriteAll(fd_, bytes);
}

bool TcpClient::SendFrame(const std::string& message) {
  return WriteAll(fd_, EncodeFrame(message));
}

bool TcpClient::ReadFrame(std::string* frame, int timeout_ms) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (reader_.Next(frame) == FrameReader::Result::kFrame) return true;
    const int left =
        static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(
                             deadline - std::chrono::steady_clock::now())
                             .count());
    if (left <= 0) return false;
    std::string data;
    if (!ReadSome(fd_, &data, left)) return false;
    reader_.Append(data);
  }
}

}  // namespace newsdedup::test
