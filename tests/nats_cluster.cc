#include "tests/nats_cluster.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

extern char** environ;

namespace newsdedup::test {
namespace {

namespace fs = std::filesystem;

std::string FindServerBinary() {
  std::vector<std::string> dirs;
  if (const char* path = getenv("PATH")) {
    std::istringstream parts(path);
    for (std::string dir; std::getline(parts, dir, ':');) dirs.push_back(dir);
  }
  // Debian puts it in /usr/sbin, which a non-root PATH may lack.
  dirs.push_back("/usr/sbin");
  dirs.push_back("/usr/local/sbin");
  for (const std::string& dir : dirs) {
    const std::string candidate = dir + "/nats-server";
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// The lowest port of the kernel's range for outgoing connections.
int EphemeralLow() {
  std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
  int low = 32768;
  range >> low;
  return low;
}

// A port free on 127.0.0.1 now, taken at random from below the kernel's
// ephemeral range: a nats-server binds it only later, and a port of that
// range could meanwhile become the local end of some outgoing connection
// (seen as "address already in use"). `taken` holds the ports already
// handed out, which are still unbound.
int FreePort(std::vector<int>& taken) {
  static std::mt19937 random{std::random_device{}()};
  const int high = std::max(EphemeralLow(), 12000);
  std::uniform_int_distribution<int> pick(high - 10000, high - 1);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int port = pick(random);
    if (std::find(taken.begin(), taken.end(), port) != taken.end()) continue;
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port);
    const bool free =
        bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    close(fd);
    if (free) {
      taken.push_back(port);
      return port;
    }
  }
  return 0;
}

// The body of GET `path` from 127.0.0.1:`port`, "" when it fails.
std::string HttpGet(int port, const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  timeval tv{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    const std::string request =
        "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      ssize_t n;
      while (response.size() < (1 << 20) &&
             (n = read(fd, buffer, sizeof(buffer))) > 0) {
        response.append(buffer, n);
      }
    }
  }
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  return body == std::string::npos ? "" : response.substr(body + 4);
}

}  // namespace

bool NatsCluster::available() { return !FindServerBinary().empty(); }

StatusOr<std::unique_ptr<NatsCluster>> NatsCluster::Start(int nodes) {
  if (FindServerBinary().empty()) {
    return Status::NotFound(
        "nats-server is not on PATH (tools/install-deps.sh installs it)");
  }
  // A port can still be taken between choosing and binding it by a process
  // outside this test; a cluster with such a node starts again elsewhere.
  Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto started = StartOnce(nodes);
    if (started.ok()) return started;
    last = started.status();
    if (last.message().find("address already in use") == std::string::npos) {
      break;
    }
  }
  return last;
}

StatusOr<std::unique_ptr<NatsCluster>> NatsCluster::StartOnce(int nodes) {
  std::unique_ptr<NatsCluster> cluster(new NatsCluster());
  cluster->binary_ = FindServerBinary();
  std::vector<int> taken;
  for (int i = 0; i < nodes; ++i) {
    Node node;
    std::string pattern =
        (fs::temp_directory_path() / "newsdedup-nats-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return Status::IOError("cannot create a directory for a NATS node");
    }
    node.dir = pattern;
    node.client_port = FreePort(taken);
    node.route_port = FreePort(taken);
    node.monitor_port = FreePort(taken);
    cluster->nodes_.push_back(node);
    if (node.client_port == 0 || node.route_port == 0 ||
        node.monitor_port == 0) {
      return Status::Unavailable("no free port on 127.0.0.1 for a NATS node");
    }
  }
  std::string routes;
  for (const Node& node : cluster->nodes_) {
    routes +=
        "    nats-route://127.0.0.1:" + std::to_string(node.route_port) + "\n";
  }
  for (int i = 0; i < nodes; ++i) {
    const Node& node = cluster->nodes_[i];
    std::ofstream config(node.dir + "/nats.conf");
    config << "server_name: " << cluster->name(i) << "\n"
           << "listen: 127.0.0.1:" << node.client_port << "\n"
           << "http: 127.0.0.1:" << node.monitor_port << "\n"
           << "max_payload: 8388608\n"  // StreamSpec's default max_msg_size
           << "jetstream {\n  store_dir: \"" << node.dir << "/store\"\n"
           << "  max_mem: 64MB\n  max_file: 1GB\n}\n"
           << "cluster {\n  name: newsdedup-test\n"
           << "  listen: 127.0.0.1:" << node.route_port << "\n"
           << "  routes: [\n"
           << routes << "  ]\n}\n";
    if (!config)
      return Status::IOError("cannot write " + node.dir + "/nats.conf");
  }
  for (int i = 0; i < nodes; ++i) {
    Status spawned = cluster->Spawn(i);
    if (!spawned.ok()) return spawned;
  }
  for (int i = 0; i < nodes; ++i) {
    Status ready = cluster->WaitForMetaLeader(i, 15000);
    if (!ready.ok()) return ready;
  }
  return cluster;
}

NatsCluster::~NatsCluster() {
  for (size_t i = 0; i < nodes_.size(); ++i) Kill(static_cast<int>(i));
  for (const Node& node : nodes_) {
    std::error_code ec;
    fs::remove_all(node.dir, ec);
  }
}

Status NatsCluster::Spawn(int i) {
  Node& node = nodes_[i];
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string log = node.dir + "/server.log";
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  const std::string config = node.dir + "/nats.conf";
  std::vector<char*> argv = {const_cast<char*>(binary_.c_str()),
                             const_cast<char*>("-c"),
                             const_cast<char*>(config.c_str()), nullptr};
  const int err = posix_spawn(&node.pid, binary_.c_str(), &actions, nullptr,
                              argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (err != 0) {
    node.pid = -1;
    return Status::IOError("cannot start " + binary_ + ": " + strerror(err));
  }
  return Status::Ok();
}

Status NatsCluster::WaitForMetaLeader(int i, int timeout_ms) {
  const Node& node = nodes_[i];
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(node.pid, &status, WNOHANG) == node.pid) {
      nodes_[i].pid = -1;
      return Status::Unavailable("nats-server " + name(i) +
                                 " exited at start:\n" + LogTail(i));
    }
    // /jsz names the meta leader once the cluster elected one.
    const std::string jsz = HttpGet(node.monitor_port, "/jsz");
    const size_t leader = jsz.find("\"leader\": \"");
    if (leader != std::string::npos && jsz.compare(leader + 11, 1, "\"") != 0) {
      return Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return Status::Unavailable(
      "nats-server " + name(i) + " saw no JetStream meta leader within " +
      std::to_string(timeout_ms) + " ms:\n" + LogTail(i));
}

std::string NatsCluster::LogTail(int i) const {
  std::ifstream in(nodes_[i].dir + "/server.log");
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

std::vector<std::string> NatsCluster::urls() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < nodes_.size(); ++i) out.push_back(url(i));
  return out;
}

std::string NatsCluster::url(int node) const {
  return "nats://127.0.0.1:" + std::to_string(nodes_[node].client_port);
}

std::string NatsCluster::name(int node) const {
  return "n" + std::to_string(node);
}

int NatsCluster::NodeNamed(const std::string& wanted) const {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (name(i) == wanted) return static_cast<int>(i);
  }
  return -1;
}

bool NatsCluster::running(int node) const { return nodes_[node].pid > 0; }

void NatsCluster::Kill(int i) {
  Node& node = nodes_[i];
  if (node.pid <= 0) return;
  kill(node.pid, SIGKILL);
  int status = 0;
  waitpid(node.pid, &status, 0);
  node.pid = -1;
}

Status NatsCluster::Restart(int i) {
  Kill(i);
  Status spawned = Spawn(i);
  if (!spawned.ok()) return spawned;
  return WaitForMetaLeader(i, 15000);
}

}  // namespace newsdedup::test
