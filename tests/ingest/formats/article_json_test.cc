#include "ingest/formats/article_json.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

Status ErrorOf(const std::string& json, IngestLimits limits = {}) {
  StatusOr<Article> a = ParseArticleJson(json, limits);
  return a.ok() ? Status::Ok() : a.status();
}

TEST(ArticleJsonTest, ParsesAllFieldsAndIgnoresUnknownOnes) {
  StatusOr<Article> a = ParseArticleJson(
      R"({"id":"a1","body":"Text \u00e9","title":"T","source":"S",)"
      R"("url":"https://x.example/1","published":"1987-02-26T15:19:15Z",)"
      R"("group":"g","extra":{"nested":[1,2]}})",
      {});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->id, "a1");
  EXPECT_EQ(a->body, "Text \xC3\xA9");
  EXPECT_EQ(a->title, "T");
  EXPECT_EQ(a->source, "S");
  EXPECT_EQ(a->url, "https://x.example/1");
  ASSERT_TRUE(a->published_ms.has_value());
  EXPECT_EQ(*a->published_ms, 541351155000);
}

TEST(ArticleJsonTest, NullOptionalFieldsAreAbsent) {
  StatusOr<Article> a = ParseArticleJson(
      R"({"id":"a","body":"b","title":null,"published":null})", {});
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_TRUE(a->title.empty());
  EXPECT_FALSE(a->published_ms.has_value());
}

TEST(ArticleJsonTest, RejectsBrokenJson) {
  EXPECT_NE(ErrorOf(R"({"id":"a","body":"b")").message().find("not valid JSON"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"id":"a","body":"b"} trailing)")
                .message()
                .find("not valid JSON"),
            std::string::npos);
  EXPECT_EQ(ErrorOf(R"(["id","body"])").message(), "not a JSON object");
  EXPECT_FALSE(ErrorOf("").ok());
}

TEST(ArticleJsonTest, NamesTheMissingOrWrongField) {
  EXPECT_EQ(ErrorOf(R"({"body":"b"})").message(), "missing field \"id\"");
  EXPECT_EQ(ErrorOf(R"({"id":"a"})").message(), "missing field \"body\"");
  EXPECT_EQ(ErrorOf(R"({"id":7,"body":"b"})").message(),
            "field \"id\" must be a string");
  EXPECT_EQ(ErrorOf(R"({"id":"","body":"b"})").message(), "empty \"id\"");
  EXPECT_EQ(ErrorOf(R"({"id":"a","body":"  \n "})").message(),
            "empty \"body\"");
  EXPECT_EQ(ErrorOf(R"({"id":"a\u0001","body":"b"})").message(),
            "\"id\" contains a control character");
  EXPECT_NE(ErrorOf(R"({"id":"a","body":"b","published":"yesterday"})")
                .message()
                .find("RFC 3339"),
            std::string::npos);
}

TEST(ArticleJsonTest, RejectsInvalidUtf8WithItsOffset) {
  const std::string json = "{\"id\":\"a\",\"body\":\"caf\xC3\"}";
  EXPECT_EQ(ErrorOf(json).message(), "invalid UTF-8 at byte 21");
}

TEST(ArticleJsonTest, EnforcesSizeCaps) {
  IngestLimits limits;
  limits.max_body_bytes = 10;
  EXPECT_NE(ErrorOf(R"({"id":"a","body":"01234567890"})", limits)
                .message()
                .find("over the cap of 10"),
            std::string::npos);
  limits = IngestLimits{};
  limits.max_record_bytes = 20;
  EXPECT_NE(ErrorOf(R"({"id":"a","body":"0123456789"})", limits)
                .message()
                .find("record is"),
            std::string::npos);
  limits = IngestLimits{};
  EXPECT_FALSE(
      ErrorOf("{\"id\":\"" + std::string(300, 'x') + "\",\"body\":\"b\"}")
          .ok());
}

TEST(ArticleJsonTest, AnArrayGivesOneResultPerElementInOrder) {
  StatusOr<std::vector<StatusOr<Article>>> items = ParseArticleJsonArray(
      R"([{"id":"a","body":"first"}, {"id":"b"}, 7, {"id":"c","body":"x"}])",
      {});
  ASSERT_TRUE(items.ok()) << items.status().ToString();
  ASSERT_EQ(items->size(), 4u);
  ASSERT_TRUE((*items)[0].ok());
  EXPECT_EQ((*items)[0]->id, "a");
  EXPECT_EQ((*items)[0]->body, "first");
  EXPECT_EQ((*items)[1].status().message(), "missing field \"body\"");
  EXPECT_EQ((*items)[2].status().message(), "not a JSON object");
  ASSERT_TRUE((*items)[3].ok());
  EXPECT_EQ((*items)[3]->id, "c");
}

TEST(ArticleJsonTest, AnArrayThatIsNotOneIsRefusedWhole) {
  EXPECT_FALSE(ParseArticleJsonArray(R"({"id":"a","body":"b"})", {}).ok());
  EXPECT_FALSE(ParseArticleJsonArray(R"([{"id":"a","body":"b"})", {}).ok());
  IngestLimits small;
  small.max_document_bytes = 10;
  StatusOr<std::vector<StatusOr<Article>>> big =
      ParseArticleJsonArray(R"([{"id":"a","body":"b"}])", small);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("over the cap"), std::string::npos);
}

TEST(ArticleJsonTest, AnArrayOfArticlesIsToldFromNinjs) {
  EXPECT_TRUE(IsArticleJsonArray(R"([{"id":"a","body":"b"}])"));
  EXPECT_TRUE(IsArticleJsonArray(R"( [{"body":"b","id":"a"}, 3])"));
  EXPECT_FALSE(IsArticleJsonArray(R"([{"uri":"u","body_text":"b"}])"));
  EXPECT_FALSE(IsArticleJsonArray(R"([])"));
  EXPECT_FALSE(IsArticleJsonArray(R"({"id":"a","body":"b"})"));
  EXPECT_FALSE(IsArticleJsonArray("[not json"));
}

}  // namespace
}  // namespace newsdedup
