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

TEST(Rfc3339Test, RejectsInstantsItCouldNotWriteBack) {
  // Their time zones carry these out of the years 0000-9999 in UTC, where
  // FormatRfc3339 would write "10000-01-01T23:58:50.123Z" and
  // "-001-12-31T23:59:00Z".
  EXPECT_FALSE(ParseRfc3339("9999-12-31T23:59:50.123456-23:59").has_value());
  EXPECT_FALSE(ParseRfc3339("0000-01-01T00:00:00+00:01").has_value());
  for (const char* edge : {"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"}) {
    const std::optional<int64_t> ms = ParseRfc3339(edge);
    ASSERT_TRUE(ms.has_value()) << edge;
    EXPECT_EQ(FormatRfc3339(*ms), edge);
  }
}

TEST(Rfc3339Test, FormatsRoundTrip) {
  EXPECT_EQ(FormatRfc3339(541351155000), "1987-02-26T15:19:15Z");
  EXPECT_EQ(FormatRfc3339(541351155250), "1987-02-26T15:19:15.250Z");
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(-86400000)), -86400000);
}

}  // namespace
}  // namespace newsdedup
