// The scale-out roles on a real three-node NATS cluster: what they decide
// must be, byte for byte, what one `newsdedup batch` decides over the same
// input order, with two workers and two shards, and still after any role
// or a NATS node is killed midway and started again.
#include <gtest/gtest.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/util/delimited_message_util.h>

#include <chrono>
#include <fcntl.h>
#include <signal.h>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "ingest/cluster/cluster.h"
#include "tests/nats_cluster.h"
#include "tests/test_util.h"
#include "tests/tools/nats/role_process.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

// One role's process, killed and started again as a test needs; what it
// printed is kept across its lives.
class Role {
 public:
  explicit Role(std::vector<std::string> args) : args_(std::move(args)) {
    Start();
  }
  void Kill() {
    if (!process_) return;
    process_->Stop(SIGKILL);
    log_ += process_->StderrText();
    process_.reset();
  }
  void Restart() {
    Kill();
    Start();
  }
  std::string Log() const {
    return log_ + (process_ ? process_->StderrText() : "");
  }

 private:
  void Start() { process_ = std::make_unique<test::RoleProcess>(args_); }
  std::vector<std::string> args_;
  std::unique_ptr<test::RoleProcess> process_;
  std::string log_;
};

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<std::unique_ptr<test::NatsCluster>> nats =
        test::NatsCluster::Start(3);
    ASSERT_TRUE(nats.ok()) << nats.status().ToString();
    nats_ = std::move(*nats);
    for (const std::string& url : nats_->urls()) {
      servers_ += (servers_.empty() ? "" : ",") + url;
    }
  }

  std::vector<std::string> Common() const {
    return {"--nats", servers_, "--replicas", "3", "--shards", "2",
            "--timeout-ms", "20000"};
  }
  std::string CommonLine() const {
    std::string line;
    for (const std::string& a : Common()) line += " '" + a + "'";
    return line;
  }

  // `nats ROLE` with the cluster's options and `args` after them.
  std::unique_ptr<Role> Start(std::vector<std::string> args) {
    std::vector<std::string> all = {"nats", args[0]};
    for (const std::string& a : Common()) all.push_back(a);
    all.insert(all.end(), args.begin() + 1, args.end());
    return std::make_unique<Role>(all);
  }

  // Two shards, two workers and the decider (the extra arguments its own).
  void StartRoles(std::vector<std::string> decider_args = {}) {
    shards_.push_back(Start({"shard", "--shard", "0", "--dir",
                             dir_.path() + "/s0", "--save-every", "40"}));
    shards_.push_back(Start({"shard", "--shard", "1", "--dir",
                             dir_.path() + "/s1", "--save-every", "40"}));
    workers_.push_back(Start({"worker", "--threads", "1"}));
    workers_.push_back(Start({"worker", "--threads", "1"}));
    std::vector<std::string> args = {"decide", "--db", dir_.path() + "/db"};
    args.insert(args.end(), decider_args.begin(), decider_args.end());
    decider_ = Start(args);
  }

  std::string Logs() const {
    std::string out;
    for (const auto& r : shards_) out += r->Log();
    for (const auto& r : workers_) out += r->Log();
    if (decider_) out += decider_->Log();
    return out;
  }

  // What `batch` prints for `input`, and the events it writes, as JSON.
  void Batch(const std::string& input, const std::string& extra,
             std::string* decisions, std::vector<std::string>* events) {
    const std::string db = dir_.path() + "/batch-db";
    std::filesystem::remove_all(db);
    const std::string events_path = dir_.path() + "/batch-events";
    test::CommandResult batch = test::RunNewsdedup(
        "batch --db '" + db + "' --events '" + events_path + "' " + extra +
        " '" + input + "'");
    ASSERT_EQ(batch.exit_code, 0) << batch.err;
    *decisions = batch.out;
    const int fd = open(events_path.c_str(), O_RDONLY);
    ASSERT_GE(fd, 0);
    google::protobuf::io::FileInputStream in(fd);
    bool clean = false;
    for (pb::ClusterEvent event;
         google::protobuf::util::ParseDelimitedFromZeroCopyStream(&event, &in,
                                                                  &clean);
         event.Clear()) {
      events->push_back(Timeless(EventJson(event)));
    }
    close(fd);
  }

  // An event's JSON without the time it was made (which differs between
  // any two runs) or where the stream keeps it.
  static std::string Timeless(const std::string& json) {
    static const std::regex time(R"(,"time":[^,}]*)");
    static const std::regex at(R"("stream_sequence":\d+,)");
    return std::regex_replace(std::regex_replace(json, time, ""), at, "");
  }

  // The cluster's events, in stream order, until `count` or 20 s.
  std::vector<std::string> ClusterEvents(size_t count) {
    std::vector<std::string> lines;
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (lines.size() < count && std::chrono::steady_clock::now() < deadline) {
      test::CommandResult r = test::RunNewsdedup(
          "nats events" + CommonLine() + " --max " + std::to_string(count));
      std::istringstream in(r.out);
      lines.clear();
      for (std::string line; std::getline(in, line);) {
        lines.push_back(Timeless(line));
      }
    }
    return lines;
  }

  // `nats publish` of `input` (waiting for its decisions): its output.
  std::string Publish(const std::string& input, bool wait = true) {
    test::CommandResult r = test::RunNewsdedup(
        "nats publish" + CommonLine() + (wait ? "" : " --no-wait") + " '" +
        input + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err << Logs();
    return r.out;
  }

  // The first `count` lines of dev-small, as a file of their own.
  std::string DevSmallHead(size_t count, size_t from = 0) {
    std::ifstream in(test::DataFile("wirecopy/dev-small.jsonl"));
    const std::string path = dir_.path() + "/part-" + std::to_string(from) +
                             "-" + std::to_string(count) + ".jsonl";
    std::ofstream out(path);
    size_t n = 0;
    for (std::string line; std::getline(in, line) && n < from + count; ++n) {
      if (n >= from) out << line << "\n";
    }
    return path;
  }

  test::TempDir dir_;
  std::unique_ptr<test::NatsCluster> nats_;
  std::string servers_;
  std::vector<std::unique_ptr<Role>> shards_, workers_;
  std::unique_ptr<Role> decider_;
};

TEST_F(ClusterTest, DecidesAsBatchOnDevSmall) {
  StartRoles();
  const std::string input = test::DataFile("wirecopy/dev-small.jsonl");
  const std::string decided = Publish(input);
  std::string expected;
  std::vector<std::string> expected_events;
  Batch(input, "", &expected, &expected_events);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(decided, expected) << Logs();
  // Copies of every kind were found, or the equality would prove little.
  for (const char* relation : {"exact", "near_duplicate", "rewrite"}) {
    EXPECT_NE(expected.find("\"relation\":\"" + std::string(relation) + "\""),
              std::string::npos)
        << relation;
  }
  // The events stream holds the store's events, gap-free and in order.
  EXPECT_EQ(ClusterEvents(expected_events.size()), expected_events);
}

TEST_F(ClusterTest, KillingAnyRoleOrANatsNodeChangesNoDecision) {
  StartRoles();
  const std::string all = DevSmallHead(300);
  // Published in parts, each part's work still in flight when a role is
  // killed; the role comes back at once, as a supervisor would bring it.
  Publish(DevSmallHead(60, 0), false);
  workers_[0]->Kill();
  Publish(DevSmallHead(40, 60), false);
  workers_[0]->Restart();
  shards_[1]->Kill();
  Publish(DevSmallHead(40, 100), false);
  shards_[1]->Restart();
  decider_->Kill();
  Publish(DevSmallHead(40, 140), false);
  decider_->Restart();
  // The NATS node that leads the input stream.
  nats_->Kill(0);
  Publish(DevSmallHead(40, 180), false);
  ASSERT_TRUE(nats_->Restart(0).ok());
  workers_[1]->Kill();
  shards_[0]->Kill();
  Publish(DevSmallHead(80, 220), false);
  workers_[1]->Restart();
  shards_[0]->Restart();
  // Everything again: each article is the entry it already is (same id,
  // same message id), so this prints the decisions made.
  const std::string decided = Publish(all);
  std::string expected;
  std::vector<std::string> expected_events;
  Batch(all, "", &expected, &expected_events);
  EXPECT_EQ(decided, expected) << Logs();
  EXPECT_EQ(ClusterEvents(expected_events.size()), expected_events);
}

TEST_F(ClusterTest, RetentionAndDeletionAcrossShards) {
  StartRoles({"--retention", "count:80", "--retention-deletes"});
  const std::string input = DevSmallHead(200);
  const std::string decided = Publish(input);
  std::string expected;
  std::vector<std::string> expected_events;
  Batch(input, "--retention count:80 --retention-deletes", &expected,
        &expected_events);
  EXPECT_EQ(decided, expected) << Logs();
  EXPECT_EQ(ClusterEvents(expected_events.size()), expected_events);

  // A deletion is an entry of the input stream too, decided in its turn.
  ClusterOptions options;
  options.nats.servers = nats_->urls();
  options.shard_count = 2;
  StatusOr<std::unique_ptr<ClusterClient>> client =
      ClusterClient::Connect(options);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  // The last article decided, still in the window.
  const std::string last = expected.substr(expected.rfind("{\"id\":\""));
  const std::string id = last.substr(7, last.find('"', 7) - 7);
  StatusOr<uint64_t> at = (*client)->SubmitDelete(id);
  ASSERT_TRUE(at.ok()) << at.status().ToString();
  StatusOr<pb::DecisionMessage> done = (*client)->AwaitDecision(*at, 20000);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->deleted_id(), id);
  at = (*client)->SubmitDelete(id);
  ASSERT_TRUE(at.ok());
  done = (*client)->AwaitDecision(*at, 20000);
  ASSERT_TRUE(done.ok());
  EXPECT_NE(done->error().find("no article"), std::string::npos);
}

}  // namespace
}  // namespace newsdedup
