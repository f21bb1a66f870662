#include "ingest/formats/article_proto.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace newsdedup {
namespace {

pb::Article Message(int64_t published_ms) {
  pb::Article message;
  message.set_id("a1");
  message.set_body("Stocks rose on Monday.");
  message.set_published_ms(published_ms);
  return message;
}

TEST(ArticleProtoTest, DecodesAndValidates) {
  StatusOr<Article> article =
      ParseArticleProto(Message(1712568600000).SerializeAsString(), {});
  ASSERT_TRUE(article.ok()) << article.status().ToString();
  EXPECT_EQ(article->id, "a1");
  EXPECT_EQ(article->body, "Stocks rose on Monday.");
  EXPECT_EQ(article->published_ms, 1712568600000);
  EXPECT_FALSE(ParseArticleProto("\xff\xff", {}).ok());
}

TEST(ArticleProtoTest, RejectsAPublishedTimeRfc3339CannotWrite) {
  // 9999-12-31T23:59:59.999Z is the last time outputs can write.
  EXPECT_TRUE(
      ParseArticleProto(Message(253402300799999).SerializeAsString(), {}).ok());
  for (int64_t ms : {int64_t{253402300800000}, int64_t{-62167219200001},
                     std::numeric_limits<int64_t>::max(),
                     std::numeric_limits<int64_t>::min()}) {
    StatusOr<Article> article =
        ParseArticleProto(Message(ms).SerializeAsString(), {});
    ASSERT_FALSE(article.ok()) << ms;
    EXPECT_NE(article.status().message().find("published"), std::string::npos);
  }
}

}  // namespace
}  // namespace newsdedup
