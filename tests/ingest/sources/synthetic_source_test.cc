#include "ingest/sources/synthetic_source.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(SyntheticSourceTest, HandsOutTheStreamInOrderWithWhatEachCopies) {
  SyntheticOptions options;
  SyntheticStream reference(options);
  SyntheticSource source(options, 2500);
  std::vector<StreamEntry> chunk;
  uint64_t copies = 0;
  while (true) {
    const size_t before = chunk.size();
    ASSERT_TRUE(source.Read(700, chunk).ok());
    if (chunk.size() == before) break;
    EXPECT_LE(chunk.size() - before, 700u);
  }
  ASSERT_EQ(chunk.size(), 2500u);
  for (uint64_t i = 0; i < chunk.size(); ++i) {
    const Article expected = reference.Next();
    ASSERT_EQ(chunk[i].tag, i);
    ASSERT_TRUE(chunk[i].article.has_value());
    EXPECT_EQ(chunk[i].article->id, expected.id);
    const SyntheticSource::Planted& planted = source.planted(i);
    if (reference.last_original().empty()) {
      EXPECT_EQ(planted.original, SyntheticSource::Planted::kOriginal);
    } else {
      ++copies;
      EXPECT_EQ(planted.original, reference.last_original_index());
      EXPECT_LT(planted.original, i);
      EXPECT_STREQ(planted.kind, reference.last_kind());
    }
  }
  EXPECT_GT(copies, 100u);
  EXPECT_DOUBLE_EQ(source.Fraction(), 1.0);
}

TEST(SyntheticSourceTest, StopsCleanlyWhenLeftHalfRead) {
  SyntheticSource source(SyntheticOptions{}, 1000000);
  std::vector<StreamEntry> chunk;
  ASSERT_TRUE(source.Read(10, chunk).ok());
  EXPECT_EQ(chunk.size(), 10u);
  // The destructor must stop the generator rather than wait for a million.
}

}  // namespace
}  // namespace newsdedup
