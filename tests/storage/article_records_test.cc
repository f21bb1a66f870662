#include "storage/article_records.h"

#include <gtest/gtest.h>

#include <iterator>
#include <set>
#include <string>

namespace newsdedup {
namespace {

TEST(ArticleRecordsTest, ArticleRoundTripsWithAndWithoutTime) {
  Article article{"a1", "Body text.", "Title", "Wire", "https://x.test/a", 42};
  Article back = FromProto(ToProto(article));
  EXPECT_EQ(back.id, "a1");
  EXPECT_EQ(back.body, "Body text.");
  EXPECT_EQ(back.title, "Title");
  EXPECT_EQ(back.source, "Wire");
  EXPECT_EQ(back.url, "https://x.test/a");
  EXPECT_EQ(back.published_ms, 42);

  article.published_ms.reset();
  EXPECT_FALSE(ToProto(article).has_published_ms());
  EXPECT_FALSE(FromProto(ToProto(article)).published_ms.has_value());
}

TEST(ArticleRecordsTest, EveryRelationHasItsOwnWireValueAndComesBack) {
  const Relation all[] = {Relation::kNew,       Relation::kExact,
                          Relation::kNearDuplicate, Relation::kContained,
                          Relation::kContains,  Relation::kRewrite};
  std::set<int> wire_values;
  for (Relation r : all) {
    const pb::Relation wire = ToProto(r);
    EXPECT_NE(wire, pb::RELATION_UNSPECIFIED) << RelationName(r);
    wire_values.insert(wire);
    EXPECT_EQ(FromProto(wire), r) << RelationName(r);
  }
  EXPECT_EQ(wire_values.size(), std::size(all));
  // Names follow the wire values' own spelling, lower-cased.
  EXPECT_STREQ(RelationName(FromProto(pb::NEAR_DUPLICATE)), "near_duplicate");
}

TEST(ArticleRecordsTest, UnknownWireRelationsReadAsNew) {
  EXPECT_EQ(FromProto(pb::RELATION_UNSPECIFIED), Relation::kNew);
  EXPECT_EQ(FromProto(static_cast<pb::Relation>(99)), Relation::kNew);
}

TEST(ArticleRecordsTest, ScoresCarryTheVerdictScoreAndTheEvidence) {
  Evidence e;
  e.shingle_containment = 0.5;
  e.term_containment = 0.75;
  e.aligned_share = 0.25;
  e.simhash_distance = 7;
  const pb::Scores s = ScoresOf(e, 0.625);
  EXPECT_DOUBLE_EQ(s.score(), 0.625);
  EXPECT_DOUBLE_EQ(s.shingle_containment(), 0.5);
  EXPECT_DOUBLE_EQ(s.term_containment(), 0.75);
  EXPECT_DOUBLE_EQ(s.aligned_sentences(), 0.25);
  EXPECT_EQ(s.simhash_distance(), 7u);
}

}  // namespace
}  // namespace newsdedup
