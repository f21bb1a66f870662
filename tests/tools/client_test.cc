// `newsdedup post` against a real server: what its summary reports.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <thread>

#include "tests/test_util.h"
#include "tests/tools/serve/server_process.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

struct PostSummary {
  unsigned long long total = 0, sent = 0, unsent = 0, invalid = 0;
  unsigned long long acknowledged = 0, stored = 0, known = 0, rejected = 0;
  unsigned long long failed = 0;
  double seconds = 0, rate = 0;
};

// Reads the summary line `newsdedup post` ends with.
bool ParseSummary(const std::string& err, PostSummary* s) {
  const size_t at = err.rfind("newsdedup post: ");
  if (at == std::string::npos) return false;
  return std::sscanf(
             err.c_str() + at,
             "newsdedup post: %llu articles: %llu sent, %llu unsent, %llu "
             "invalid; %llu acknowledged (%llu stored, %llu already known, "
             "%llu rejected), %llu failed; %lf s, %lf acknowledged",
             &s->total, &s->sent, &s->unsent, &s->invalid, &s->acknowledged,
             &s->stored, &s->known, &s->rejected, &s->failed, &s->seconds,
             &s->rate) == 11;
}

// Posts `count` articles at 40 a second and kills the server (SIGKILL) once
// it has stored `kill_after` of them, well before the end.
PostSummary PostAndKillTheServer(bool tcp, int count, int kill_after,
                                 int* exit_code) {
  test::TempDir dir;
  std::string lines;
  for (int n = 0; n < count; ++n) {
    lines += "{\"id\":\"p" + std::to_string(n) + "\",\"body\":" +
             JsonString("Port authority " + std::to_string(n) +
                        " reported cargo of " + std::to_string(50 + 3 * n) +
                        " thousand tonnes in week " + std::to_string(n % 52) +
                        ", officials said.") +
             "}\n";
  }
  test::WriteFile(dir.path() + "/articles.jsonl", lines);
  test::ServerProcess server(dir.path() + "/db");
  EXPECT_TRUE(server.running());
  const uint16_t http_port = server.http_port();
  std::thread killer([&] {
    // Every article here starts a cluster: one event each, once stored.
    EXPECT_EQ(test::ReadEventLines(http_port, 1, kill_after, 60000).size(),
              static_cast<size_t>(kill_after));
    server.Stop(SIGKILL);
  });
  const std::string target =
      tcp ? "--tcp 127.0.0.1:" + std::to_string(server.tcp_port())
          : "--url http://127.0.0.1:" + std::to_string(http_port);
  const test::CommandResult post = test::RunNewsdedup(
      "post --quiet --rate 40 " + target + " " + dir.path() + "/articles.jsonl");
  killer.join();
  *exit_code = post.exit_code;
  PostSummary summary;
  EXPECT_TRUE(ParseSummary(post.err, &summary)) << post.err;
  return summary;
}

void ExpectSummaryOfAKilledServer(const PostSummary& s, int count,
                                  int kill_after) {
  EXPECT_EQ(s.total, static_cast<unsigned long long>(count));
  // Every article is counted once: sent (then answered or not) or not.
  EXPECT_EQ(s.sent + s.unsent + s.invalid, s.total);
  EXPECT_EQ(s.acknowledged + s.failed, s.sent);
  EXPECT_EQ(s.stored + s.known + s.rejected, s.acknowledged);
  EXPECT_EQ(s.invalid, 0u);
  EXPECT_EQ(s.known + s.rejected, 0u);
  // The server had stored kill_after when it was killed (the answer to the
  // last may not have arrived), and maybe a few more by the time it died,
  // far from all. One article at a time: at most one was left unanswered.
  EXPECT_GE(s.acknowledged, static_cast<unsigned long long>(kill_after - 1));
  EXPECT_LT(s.acknowledged, static_cast<unsigned long long>(count / 2));
  EXPECT_LE(s.failed, 1u);
  EXPECT_GT(s.unsent, static_cast<unsigned long long>(count / 2));
  // The rate is of acknowledged articles, not of all the input.
  ASSERT_GT(s.seconds, 0);
  EXPECT_NEAR(s.rate, s.acknowledged / s.seconds, 1.0);
}

TEST(PostTest, HttpSummaryCountsWhatTheKilledServerNeverGot) {
  int exit_code = 0;
  const PostSummary s = PostAndKillTheServer(false, 400, 10, &exit_code);
  ExpectSummaryOfAKilledServer(s, 400, 10);
  EXPECT_EQ(exit_code, 2);
}

TEST(PostTest, TcpSummaryCountsWhatTheKilledServerNeverGot) {
  int exit_code = 0;
  const PostSummary s = PostAndKillTheServer(true, 400, 10, &exit_code);
  ExpectSummaryOfAKilledServer(s, 400, 10);
  EXPECT_EQ(exit_code, 2);
}

}  // namespace
}  // namespace newsdedup
