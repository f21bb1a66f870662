#include "ingest/sources/json_lines_source.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

TEST(JsonLinesSourceTest, TagsEntriesWithLineNumbersAndSkipsBlankLines) {
  test::TempDir dir;
  const std::string path = dir.path() + "/in.jsonl";
  IngestLimits limits;
  limits.max_record_bytes = 200;
  test::WriteFile(path,
                  "{\"id\":\"a\",\"body\":\"one\"}\n"
                  "\n"
                  "   \n"
                  "{\"id\":\"b\",\"body\":\"" + std::string(200000, 'x') +
                      "\"}\n"
                  "{\"id\":\"c\"}\n"
                  "{\"id\":\"d\",\"body\":\"four\"}\n");
  StatusOr<std::unique_ptr<JsonLinesSource>> source =
      JsonLinesSource::Open(path, limits);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  std::vector<StreamEntry> chunk;
  ASSERT_TRUE((*source)->Read(3, chunk).ok());
  ASSERT_EQ(chunk.size(), 3u);
  EXPECT_EQ(chunk[0].tag, 1u);
  EXPECT_EQ(chunk[1].tag, 4u);
  EXPECT_EQ(chunk[2].tag, 5u);
  EXPECT_EQ((*source)->Where(chunk[2]), path + ":5");
  // Over the cap: rejected by the source, never parsed.
  EXPECT_FALSE(chunk[1].error.ok());
  EXPECT_NE(chunk[1].error.message().find("cap of 200 bytes"),
            std::string::npos);
  StatusOr<Article> a = (*source)->Parse(chunk[0]);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->id, "a");
  StatusOr<Article> c = (*source)->Parse(chunk[2]);
  EXPECT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("body"), std::string::npos);

  ASSERT_TRUE((*source)->Read(3, chunk).ok());
  ASSERT_EQ(chunk.size(), 4u);
  EXPECT_EQ(chunk[3].tag, 6u);
  EXPECT_DOUBLE_EQ((*source)->Fraction(), 1.0);
  ASSERT_TRUE((*source)->Read(3, chunk).ok());
  EXPECT_EQ(chunk.size(), 4u);  // at the end: nothing more
}

TEST(JsonLinesSourceTest, AMissingFileIsAnErrorNamingIt) {
  StatusOr<std::unique_ptr<JsonLinesSource>> source =
      JsonLinesSource::Open("/nonexistent/in.jsonl", IngestLimits{});
  ASSERT_FALSE(source.ok());
  EXPECT_NE(source.status().message().find("/nonexistent/in.jsonl"),
            std::string::npos);
}

}  // namespace
}  // namespace newsdedup
