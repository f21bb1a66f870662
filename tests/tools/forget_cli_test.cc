// `newsdedup forget` and `batch --retention`: the built binary on a real
// store, as an archive team would run them.
#include <fcntl.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/util/delimited_message_util.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "proto/newsdedup.pb.h"

#include "tests/test_util.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

// The seed documents as a JSON Lines file; returns its path.
std::string SeedsFile(const std::string& dir) {
  const std::string path = dir + "/seeds.jsonl";
  std::ofstream out(path);
  for (const Article& a : test::SeedArticles()) {
    out << "{\"id\":" << JsonString(a.id) << ",\"body\":" << JsonString(a.body)
        << "}\n";
  }
  return path;
}

TEST(ForgetCliTest, DeletesPrintsTheEventsAndTheIdCanComeBack) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  const std::string seeds = SeedsFile(dir.path());
  ASSERT_EQ(test::RunNewsdedup("batch --db " + db + " " + seeds).exit_code, 0);
  const std::string original = test::SeedArticles()[0].id;
  const std::string rewrite = test::SeedArticles()[1].id;

  test::CommandResult forget =
      test::RunNewsdedup("forget --compact --db " + db + " " + original +
                         " no-such-article");
  EXPECT_EQ(forget.exit_code, 1) << forget.err;  // one id was not stored
  EXPECT_NE(forget.err.find("no article \"no-such-article\""),
            std::string::npos)
      << forget.err;
  EXPECT_NE(forget.out.find("\"kind\":\"article_removed\""), std::string::npos)
      << forget.out;
  // 001 is the cluster's original now; the cluster keeps its name.
  EXPECT_NE(forget.out.find("\"kind\":\"original_changed\""),
            std::string::npos);
  EXPECT_NE(forget.out.find("\"original\":\"" + rewrite + "\""),
            std::string::npos);

  test::CommandResult stats = test::RunNewsdedup("stats --db " + db);
  EXPECT_NE(stats.out.find("\"articles\":4,\"deleted\":1,\"ever_stored\":5"),
            std::string::npos)
      << stats.out;
  test::CommandResult cluster = test::RunNewsdedup("cluster --db " + db + " " +
                                                   rewrite);
  EXPECT_NE(cluster.out.find("\"cluster\":\"" + original + "\""),
            std::string::npos)
      << cluster.out;
  EXPECT_EQ(test::RunNewsdedup("cluster --db " + db + " " + original)
                .out.find("\"id\":\"" + original + "\""),
            std::string::npos);

  // Explaining the copy says its match is gone, rather than failing.
  test::CommandResult explain =
      test::RunNewsdedup("explain --db " + db + " " + rewrite);
  EXPECT_EQ(explain.exit_code, 0) << explain.err;
  EXPECT_NE(explain.out.find("has been deleted since"), std::string::npos)
      << explain.out;

  // Sent again, the deleted article is stored anew, in its old cluster.
  test::CommandResult again = test::RunNewsdedup("batch --db " + db + " " + seeds);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("{\"id\":\"" + original + "\",\"cluster\":\"" +
                           original + "\",\"relation\":\"rewrite\""),
            std::string::npos)
      << again.out;
  stats = test::RunNewsdedup("stats --db " + db);
  EXPECT_NE(stats.out.find("\"articles\":5,\"deleted\":1,\"ever_stored\":6"),
            std::string::npos)
      << stats.out;
}

TEST(ForgetCliTest, BatchKeepsACountWindow) {
  test::TempDir dir;
  const std::string db = dir.path() + "/db";
  const std::string seeds = SeedsFile(dir.path());
  const std::string events_path = dir.path() + "/events.pb";
  test::CommandResult batch = test::RunNewsdedup(
      "batch --retention count:3 --retention-deletes --events " + events_path +
      " --db " + db + " " + seeds);
  EXPECT_EQ(batch.exit_code, 0) << batch.err;
  // The events file has the expiries too, in sequence, without a gap.
  const int fd = open(events_path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  google::protobuf::io::FileInputStream stream(fd);
  pb::ClusterEvent event;
  bool clean_eof = false;
  uint64_t next = 1;
  int removed = 0;
  while (google::protobuf::util::ParseDelimitedFromZeroCopyStream(
      &event, &stream, &clean_eof)) {
    EXPECT_EQ(event.sequence(), next++);
    removed += event.kind() == pb::ClusterEvent::ARTICLE_REMOVED;
  }
  EXPECT_TRUE(clean_eof);
  close(fd);
  EXPECT_EQ(removed, 2);
  test::CommandResult stats = test::RunNewsdedup("stats --db " + db);
  EXPECT_NE(stats.out.find("\"articles\":3,\"deleted\":2,\"ever_stored\":5"),
            std::string::npos)
      << stats.out;
  // Index only: the store keeps all five.
  const std::string kept = dir.path() + "/kept";
  EXPECT_EQ(test::RunNewsdedup("batch --retention count:3 --db " + kept + " " +
                               seeds)
                .exit_code,
            0);
  stats = test::RunNewsdedup("stats --db " + kept);
  EXPECT_NE(stats.out.find("\"articles\":5,\"deleted\":0"), std::string::npos)
      << stats.out;
  test::CommandResult bad =
      test::RunNewsdedup("batch --retention forever --db " + kept + " " + seeds);
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("forever"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace newsdedup
