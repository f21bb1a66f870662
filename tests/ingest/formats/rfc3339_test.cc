#include "ingest/formats/rfc3339.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(Rfc3339Test, ParsesUtcOffsetsAndFractions) {
  EXPECT_EQ(ParseRfc3339("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseRfc3339("1987-02-26T15:19:15Z"), 541351155000);
  EXPECT_EQ(ParseRfc3339("1987-02-26T16:19:15+01:00"), 541351155000);
  EXPECT_EQ(ParseRfc3339("1987-02-26T15:19:15.25Z"), 541351155250);
  EXPECT_EQ(ParseRfc3339("2024-02-29T00:00:00Z"), 1709164800000);
}

TEST(Rfc3339Test, RejectsWhatIsNotRfc3339) {
  EXPECT_FALSE(ParseRfc3339("1987-02-26").has_value());
  EXPECT_FALSE(ParseRfc3339("1987-02-26T15:19:15").has_value());  // no zone
  EXPECT_FALSE(ParseRfc3339("1987-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(ParseRfc3339("2023-02-29T00:00:00Z").has_value());
  EXPECT_FALSE(ParseRfc3339("1987-13-01T00:00:00Z").has_value());
  EXPECT_FALSE(ParseRfc3339("1987-02-26T15:19:15Zjunk").has_value());
}

TEST(Rfc3339Test, FormatsRoundTrip) {
  EXPECT_EQ(FormatRfc3339(541351155000), "1987-02-26T15:19:15Z");
  EXPECT_EQ(FormatRfc3339(541351155250), "1987-02-26T15:19:15.250Z");
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(-86400000)), -86400000);
}

}  // namespace
}  // namespace newsdedup
