// The usage examples in dedup's headers, compiled here and held equal to
// the headers' text, so that an example never shows a call that no longer
// exists. Run where they can run on their own.
#include <gtest/gtest.h>

#include <string_view>

#include "dedup/detector.h"
#include "dedup/index_shard.h"
#include "dedup/status.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

StatusOr<int> ParsePort(std::string_view text) {
  if (text.empty() || text.size() > 5 ||
      text.find_first_not_of("0123456789") != std::string_view::npos) {
    return Status::InvalidArgument("not a port: " + std::string(text));
  }
  return std::stoi(std::string(text));
}

int listened = 0;
void Listen(int port) { listened = port; }

Status StatusExample(std::string_view text) {
  // Usage of dedup/status.h:
  StatusOr<int> port = ParsePort(text);
  if (!port.ok()) return port.status();
  Listen(*port);
  // End of usage.
  return Status::Ok();
}

TEST(DedupExamplesTest, Status) {
  EXPECT_EQ(test::UsageInTest("tests/dedup/examples_test.cc", "dedup/status.h"),
            test::HeaderUsage("dedup/status.h"));
  EXPECT_TRUE(StatusExample("8080").ok());
  EXPECT_EQ(listened, 8080);
  EXPECT_EQ(StatusExample("http").code(), Status::Code::kInvalidArgument);
}

// No stored articles to read: the detector is empty.
class NoArticles : public FingerprintSource {
 public:
  StatusOr<Fingerprint> LoadFingerprint(uint32_t ordinal) override {
    return Status::NotFound("article " + std::to_string(ordinal));
  }
  StatusOr<std::string> LoadBody(uint32_t ordinal) override {
    return Status::NotFound("article " + std::to_string(ordinal));
  }
};

Status DetectorExample(Fingerprint fp, DerivedFeatures features,
                       std::string_view body, uint32_t* count) {
  NoArticles source;
  // Usage of dedup/detector.h:
  Detector detector(DetectorOptions{}, &source);  // a FingerprintSource
  StatusOr<MatchResult> match = detector.Match(fp, features, body);
  if (!match.ok()) return match.status();  // nothing stored yet
  const uint32_t ordinal = detector.article_count();
  const uint32_t cluster =
      match->verdict.relation == Relation::kNew
          ? ordinal
          : detector.ClusterOf(match->best->evidence.candidate);
  // ... store the decision, then make the article findable:
  detector.Add(ordinal, cluster, std::move(fp), std::move(features), &*match);
  // End of usage.
  *count = detector.article_count();
  return Status::Ok();
}

TEST(DedupExamplesTest, Detector) {
  EXPECT_EQ(
      test::UsageInTest("tests/dedup/examples_test.cc", "dedup/detector.h"),
      test::HeaderUsage("dedup/detector.h"));
  const std::string body = "The board approved the plan on Tuesday.";
  Fingerprinter fingerprinter(FingerprintOptions{});
  Fingerprint fp = fingerprinter.Compute(Article{"a", body});
  DerivedFeatures features = DeriveFeatures(fp, FingerprintOptions{});
  uint32_t count = 0;
  ASSERT_TRUE(DetectorExample(std::move(fp), std::move(features), body, &count)
                  .ok());
  EXPECT_EQ(count, 1u);
}

TEST(DedupExamplesTest, IndexShard) {
  EXPECT_EQ(
      test::UsageInTest("tests/dedup/examples_test.cc", "dedup/index_shard.h"),
      test::HeaderUsage("dedup/index_shard.h"));
  IndexChange change;
  change.keys[IndexKind::kTerms] = {42};
  IndexLookup lookup;
  lookup.keys[IndexKind::kTerms] = {42};
  // Usage of dedup/index_shard.h:
  IndexShard shard(DetectorOptions{});
  Status applied = shard.Apply(ChangeForShard(change, 0, 1));
  IndexAnswer answer = shard.Answer(LookupForShard(lookup, 0, 1));
  // End of usage.
  ASSERT_TRUE(applied.ok());
  ASSERT_EQ(answer[IndexKind::kTerms].size(), 1u);
  EXPECT_EQ(answer[IndexKind::kTerms][0].tally, 1u);
}

}  // namespace
}  // namespace newsdedup
