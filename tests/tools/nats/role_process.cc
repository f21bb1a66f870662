#include "tests/tools/nats/role_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "tests/test_util.h"

namespace newsdedup::test {
namespace {

std::string MakeDir() {
  char pattern[] = "/tmp/newsdedup-role-XXXXXX";
  const char* made = mkdtemp(pattern);
  return made == nullptr ? std::string() : std::string(made);
}

}  // namespace

RoleProcess::RoleProcess(std::vector<std::string> args) : dir_(MakeDir()) {
  args.insert(args.begin(), NEWSDEDUP_BINARY);
  pid_ = fork();
  if (pid_ == 0) {
    const int out =
        open((dir_ + "/stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err =
        open((dir_ + "/stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null = open("/dev/null", O_RDONLY);
    dup2(null, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
}

RoleProcess::~RoleProcess() {
  if (pid_ > 0) Stop(SIGKILL);
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

bool RoleProcess::alive() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

void RoleProcess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

int RoleProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGCONT);  // a stopped process must run to take SIGTERM
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string RoleProcess::StderrText() const {
  return ReadFile(dir_ + "/stderr");
}

std::vector<std::string> FrontProcess::WithReadyFile(
    std::vector<std::string> args, const std::string& ready) {
  args.insert(args.begin(), {"nats", "front"});
  args.insert(args.end(), {"--http", "127.0.0.1:0", "--tcp", "127.0.0.1:0",
                           "--ready-file", ready});
  return args;
}

FrontProcess::FrontProcess(std::vector<std::string> args)
    : ready_(MakeDir() + "/ready.json"),
      process_(WithReadyFile(std::move(args), ready_)) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string ready = ReadFile(ready_);
    if (!ready.empty()) {
      http_port_ = static_cast<uint16_t>(
          std::stoi(ready.substr(ready.find("\"http\":") + 7)));
      tcp_port_ = static_cast<uint16_t>(
          std::stoi(ready.substr(ready.find("\"tcp\":") + 6)));
      std::error_code ec;
      std::filesystem::remove_all(std::filesystem::path(ready_).parent_path(),
                                  ec);
      return;
    }
    if (!process_.alive()) {
      ADD_FAILURE() << "the front end exited at start: "
                    << process_.StderrText();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "the front end did not become ready: "
                << process_.StderrText();
}

}  // namespace newsdedup::test
