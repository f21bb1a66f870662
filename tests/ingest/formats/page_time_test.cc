#include "ingest/formats/page_time.h"

#include <gtest/gtest.h>

#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

TEST(PageTimeTest, Rfc3339AndItsLooseForms) {
  const auto at = [](const char* rfc3339) { return ParseRfc3339(rfc3339); };
  EXPECT_EQ(ParsePageTime("2024-03-05T09:30:00+01:00"),
            at("2024-03-05T08:30:00Z"));
  EXPECT_EQ(ParsePageTime(" 2024-03-05T09:30:00+0100 "),
            at("2024-03-05T08:30:00Z"));
  EXPECT_EQ(ParsePageTime("2019-11-19T21:57:01+0000"),
            at("2019-11-19T21:57:01Z"));
  EXPECT_EQ(ParsePageTime("2024-03-05 09:30"), at("2024-03-05T09:30:00Z"));
  EXPECT_EQ(ParsePageTime("2024-03-05T09:30:00"), at("2024-03-05T09:30:00Z"));
  EXPECT_EQ(ParsePageTime("2019-11-20 13:42:06+08:00"),
            at("2019-11-20T05:42:06Z"));
  EXPECT_EQ(ParsePageTime("2024-03-05"), at("2024-03-05T00:00:00Z"));
  EXPECT_EQ(ParsePageTime("2024-03-05T09:30:00.250Z"),
            at("2024-03-05T09:30:00.250Z"));
}

TEST(PageTimeTest, MonthNameForms) {
  const auto at = [](const char* rfc3339) { return ParseRfc3339(rfc3339); };
  EXPECT_EQ(ParsePageTime("Mon, 18 Nov 2019 16:07:38 -0600"),
            at("2019-11-18T22:07:38Z"));
  EXPECT_EQ(ParsePageTime("19 Nov 2019 07:09 GMT"), at("2019-11-19T07:09:00Z"));
  EXPECT_EQ(ParsePageTime("Tue Nov 19 2019 03:05:46 GMT+0000"),
            at("2019-11-19T03:05:46Z"));
  EXPECT_EQ(ParsePageTime("November 19, 2019, 07:47 PM EST"),
            at("2019-11-20T00:47:00Z"));
  EXPECT_EQ(ParsePageTime("Nov. 18, 2019, 12:06 a.m."),
            at("2019-11-18T00:06:00Z"));
  EXPECT_EQ(ParsePageTime("November 20, 2019"), at("2019-11-20T00:00:00Z"));
}

TEST(PageTimeTest, NotATime) {
  EXPECT_FALSE(ParsePageTime("").has_value());
  EXPECT_FALSE(ParsePageTime("yesterday").has_value());
  EXPECT_FALSE(ParsePageTime("2024-13-45").has_value());
  EXPECT_FALSE(ParsePageTime("February 30, 2024").has_value());
  EXPECT_FALSE(ParsePageTime("1574150260").has_value());
}

}  // namespace
}  // namespace newsdedup
