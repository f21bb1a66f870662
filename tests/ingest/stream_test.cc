#include "ingest/stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/sources/synthetic.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

// Articles from a vector, with some entries marked bad by the source and
// some that fail to parse on the workers ("bad:" bodies).
class VectorSource : public StreamSource {
 public:
  explicit VectorSource(std::vector<Article> articles)
      : articles_(std::move(articles)) {}

  Status Read(size_t max, std::vector<StreamEntry>& chunk) override {
    for (size_t taken = 0; taken < max && next_ < articles_.size(); ++taken) {
      StreamEntry& entry = chunk.emplace_back();
      entry.tag = next_;
      entry.raw = articles_[next_].body;
      entry.article = articles_[next_];
      ++next_;
      if (entry.raw == "source says no") {
        entry.error = Status::InvalidArgument("marked bad by the source");
      }
    }
    return Status::Ok();
  }
  StatusOr<Article> Parse(StreamEntry& entry) const override {
    if (entry.raw.rfind("bad:", 0) == 0) {
      return Status::InvalidArgument("body starts with bad:");
    }
    return StreamSource::Parse(entry);
  }
  std::string Name() const override { return "vector"; }
  std::string Where(const StreamEntry& entry) const override {
    return "vector:" + std::to_string(entry.tag);
  }

 private:
  std::vector<Article> articles_;
  size_t next_ = 0;
};

// Everything the sink hears, in order.
class Log : public StreamSink {
 public:
  void Recorded(const StreamEntry& entry, const Outcome&) override {
    recorded.push_back(entry.tag);
  }
  void Rejected(const StreamEntry& entry, const Status& why) override {
    lines.push_back("rejected " + std::to_string(entry.tag) + " " +
                    why.message());
  }
  void Durable(const StreamEntry& entry, Outcome outcome) override {
    lines.push_back(std::to_string(entry.tag) + " " +
                    outcome.decision.article_id() + " " +
                    outcome.decision.cluster_id() + " " +
                    std::to_string(outcome.decision.relation()));
  }
  void ChunkDone(double) override { lines.push_back("chunk"); }

  std::vector<std::string> lines;
  std::vector<uint64_t> recorded;
};

std::vector<Article> Stream(size_t n) {
  SyntheticOptions options;
  options.copy_share = 0.4;  // copies enough that clusters form
  SyntheticStream stream(options);
  std::vector<Article> articles;
  for (size_t i = 0; i < n; ++i) articles.push_back(stream.Next());
  return articles;
}

EngineOptions BatchOptions() {
  EngineOptions options;
  options.store.group_commit = true;
  options.now_ms = [] { return int64_t{1700000000000}; };
  return options;
}

// What Engine::Ingest decides for the same articles, one by one.
std::vector<std::string> IngestedOneByOne(const std::vector<Article>& articles) {
  test::TempDir dir;
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(dir.path(), BatchOptions());
  EXPECT_TRUE(engine.ok());
  std::vector<std::string> lines;
  for (size_t i = 0; i < articles.size(); ++i) {
    StatusOr<Outcome> outcome = (*engine)->Ingest((*engine)->Prepare(articles[i]));
    EXPECT_TRUE(outcome.ok());
    lines.push_back(std::to_string(i) + " " + outcome->decision.article_id() +
                    " " + outcome->decision.cluster_id() + " " +
                    std::to_string(outcome->decision.relation()));
  }
  return lines;
}

std::vector<std::string> Streamed(const std::vector<Article>& articles,
                                  unsigned threads, size_t chunk) {
  test::TempDir dir;
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(dir.path(), BatchOptions());
  EXPECT_TRUE(engine.ok());
  VectorSource source(articles);
  Log log;
  Status s = RunStream(**engine, source, log, StreamOptions{threads, chunk});
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::vector<std::string> decisions;
  for (const std::string& line : log.lines) {
    if (line != "chunk") decisions.push_back(line);
  }
  return decisions;
}

TEST(StreamTest, DecidesExactlyAsIngestWhateverTheThreadsAndChunks) {
  const std::vector<Article> articles = Stream(300);
  const std::vector<std::string> expected = IngestedOneByOne(articles);
  EXPECT_EQ(Streamed(articles, 1, 512), expected);
  EXPECT_EQ(Streamed(articles, 2, 7), expected);
  EXPECT_EQ(Streamed(articles, 3, 1), expected);
  // Not a vacuous comparison: the stream has copies in it.
  size_t copies = 0;
  for (const std::string& line : expected) copies += line.back() != '1';
  EXPECT_GT(copies, 50u);
}

TEST(StreamTest, RejectionsComeAtTheirChunksEndBeforeItsDecisions) {
  std::vector<Article> articles = Stream(6);
  articles[1].body = "bad: not an article";
  articles[4].body = "source says no";
  test::TempDir dir;
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(dir.path(), BatchOptions());
  ASSERT_TRUE(engine.ok());
  VectorSource source(articles);
  Log log;
  ASSERT_TRUE(RunStream(**engine, source, log, StreamOptions{2, 3}).ok());
  ASSERT_EQ(log.lines.size(), 8u);
  EXPECT_EQ(log.lines[0], "rejected 1 body starts with bad:");
  EXPECT_EQ(log.lines[1].substr(0, 2), "0 ");
  EXPECT_EQ(log.lines[2].substr(0, 2), "2 ");
  EXPECT_EQ(log.lines[3], "chunk");
  EXPECT_EQ(log.lines[4], "rejected 4 marked bad by the source");
  EXPECT_EQ(log.lines[5].substr(0, 2), "3 ");
  EXPECT_EQ(log.lines[6].substr(0, 2), "5 ");
  EXPECT_EQ(log.lines[7], "chunk");
  EXPECT_EQ(log.recorded, (std::vector<uint64_t>{0, 2, 3, 5}));
  EXPECT_EQ((*engine)->store().counters().next_ordinal, 4u);
}

// A source that fails part-way: what was decided before is still made
// durable and reported, and the failure names the source.
class FailingSource : public VectorSource {
 public:
  using VectorSource::VectorSource;
  Status Read(size_t max, std::vector<StreamEntry>& chunk) override {
    if (++reads_ == 3) return Status::IOError("disk gone");
    return VectorSource::Read(max, chunk);
  }

 private:
  int reads_ = 0;
};

TEST(StreamTest, ASourceFailureStillReportsWhatCameBefore) {
  test::TempDir dir;
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(dir.path(), BatchOptions());
  ASSERT_TRUE(engine.ok());
  FailingSource source(Stream(10));
  Log log;
  Status s = RunStream(**engine, source, log, StreamOptions{2, 2});
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_NE(s.message().find("vector"), std::string::npos) << s.ToString();
  // Reads 1 and 2 succeeded; the first chunk was decided and reported.
  ASSERT_GE(log.lines.size(), 3u);
  EXPECT_EQ(log.lines[0].substr(0, 2), "0 ");
  EXPECT_EQ(log.lines[1].substr(0, 2), "1 ");
  EXPECT_EQ(log.lines[2], "chunk");
}

}  // namespace
}  // namespace newsdedup
