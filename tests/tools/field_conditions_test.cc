// The field conditions are a measuring instrument: they must be
// reproducible, change only the body, and cut leads where a reader would.
#include "tools/field_conditions.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

Article Sample() {
  Article a;
  a.id = "a1";
  a.title = "Acme Corp Raises Dividend";
  a.source = "Example Wire";
  a.body =
      "Posted Mar. 2, 1987 | Updated Mar. 2, 1987\n\n"
      "NEW YORK, March 2 - Acme Corp said it raised its quarterly dividend "
      "to 25 cts a share from 20 cts. The U.S. company said the dividend is "
      "payable April 1 to holders of record March 15.\n\n"
      "Acme's chairman, Mr. J. Smith, said results were \"strong\" this year. "
      "It gave no other details & declined to comment.";
  return a;
}

TEST(FieldConditionsTest, NamesRoundTrip) {
  for (FieldCondition c : AllFieldConditions()) {
    EXPECT_EQ(ParseFieldCondition(FieldConditionName(c)), c);
  }
  EXPECT_FALSE(ParseFieldCondition("nope").has_value());
}

TEST(FieldConditionsTest, DeterministicAndOnlyTheBodyChanges) {
  const Article a = Sample();
  for (FieldCondition c : AllFieldConditions()) {
    const Article x = ApplyFieldCondition(a, c, 7);
    const Article y = ApplyFieldCondition(a, c, 7);
    EXPECT_EQ(x.body, y.body) << FieldConditionName(c);
    EXPECT_NE(x.body, a.body) << FieldConditionName(c);
    EXPECT_EQ(x.id, a.id);
    EXPECT_EQ(x.title, a.title);
    EXPECT_EQ(x.source, a.source);
  }
  EXPECT_NE(ApplyFieldCondition(a, FieldCondition::kFooter, 1).body,
            ApplyFieldCondition(a, FieldCondition::kFooter, 2).body);
  EXPECT_EQ(ApplyFieldCondition(a, FieldCondition::kClean, 1).body, a.body);
}

TEST(FieldConditionsTest, HtmlEscapesTheText) {
  const std::string html =
      ApplyFieldCondition(Sample(), FieldCondition::kHtml, 3).body;
  EXPECT_NE(html.find("<p>"), std::string::npos);
  EXPECT_NE(html.find("&amp;"), std::string::npos);
  EXPECT_EQ(html.find(" & "), std::string::npos);
}

}  // namespace
}  // namespace newsdedup
