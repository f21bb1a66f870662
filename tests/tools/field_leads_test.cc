// Leads are cut where a reader would: after the outlet's header lines, at
// sentence ends, not at abbreviations or initials.
#include "tools/field_leads.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

const char* kBody =
    "Posted Mar. 2, 1987 | Updated Mar. 2, 1987\n\n"
    "NEW YORK, March 2 - Acme Corp said it raised its quarterly dividend "
    "to 25 cts a share from 20 cts. The U.S. company said the dividend is "
    "payable April 1 to holders of record March 15.\n\n"
    "Acme's chairman, Mr. J. Smith, said results were \"strong\" this year. "
    "It gave no other details & declined to comment.";

TEST(FieldLeadsTest, SkipHeadersAndAbbreviations) {
  const std::vector<std::string> lead = LeadSentences(kBody, 3);
  ASSERT_EQ(lead.size(), 3u);
  EXPECT_EQ(lead[0],
            "NEW YORK, March 2 - Acme Corp said it raised its quarterly "
            "dividend to 25 cts a share from 20 cts.");
  EXPECT_EQ(lead[1],
            "The U.S. company said the dividend is payable April 1 to holders "
            "of record March 15.");
  EXPECT_EQ(lead[2],
            "Acme's chairman, Mr. J. Smith, said results were \"strong\" this "
            "year.");
}

TEST(FieldLeadsTest, RecurringLinesArePassedOver) {
  const std::string body =
      "We use cookies to give you the best experience on this site.\n"
      "The council approved the budget after a long debate on Monday.";
  const RecurringLines recurring = {
      LineHash("We use cookies to give you the best experience on this site.")};
  const std::vector<std::string> lead = LeadSentences(body, 1, &recurring);
  ASSERT_EQ(lead.size(), 1u);
  EXPECT_EQ(lead[0],
            "The council approved the budget after a long debate on Monday.");
}

}  // namespace
}  // namespace newsdedup
