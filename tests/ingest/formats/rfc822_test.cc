#include "ingest/formats/rfc822.h"

#include <gtest/gtest.h>

#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

std::string Parsed(std::string_view text) {
  std::optional<int64_t> ms = ParseRfc822Date(text);
  return ms ? FormatRfc3339(*ms) : "none";
}

TEST(Rfc822Test, TheCommonForms) {
  EXPECT_EQ(Parsed("Fri, 01 Mar 2024 12:00:00 +0000"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("Fri, 01 Mar 2024 12:00:00 GMT"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("1 Mar 2024 12:00 +0100"), "2024-03-01T11:00:00Z");
  EXPECT_EQ(Parsed("Friday, 1 March 2024 07:30:15 -0500"),
            "2024-03-01T12:30:15Z");
  EXPECT_EQ(Parsed("  Fri,  01  Mar  2024   12:00:00   +0000 \n"),
            "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("fri 01 mar 2024 12:00:00 utc"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("Fri, 01 Mar 2024 12:00:00 +05:30"),
            "2024-03-01T06:30:00Z");
  EXPECT_EQ(Parsed("Fri, 01 Mar 2024 12:00:00 -0800 (PST)"),
            "2024-03-01T20:00:00Z");
  EXPECT_EQ(Parsed("Fri, 01 Mar 2024 12:00:00"), "2024-03-01T12:00:00Z");
}

TEST(Rfc822Test, NamedAndMilitaryZones) {
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 EST"), "2024-03-01T17:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 EDT"), "2024-03-01T16:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 CST"), "2024-03-01T18:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 CDT"), "2024-03-01T17:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 MST"), "2024-03-01T19:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 MDT"), "2024-03-01T18:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 PST"), "2024-03-01T20:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 PDT"), "2024-03-01T19:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 UT"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 Z"), "2024-03-01T12:00:00Z");
  // RFC 2822, 4.3: military letters other than Z read as -0000.
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 A"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 J"), "none");
  EXPECT_EQ(Parsed("01 Mar 2024 12:00:00 CEST"), "none");
}

TEST(Rfc822Test, ObsoleteYears) {
  EXPECT_EQ(Parsed("Thu, 26 Feb 87 15:19:15 GMT"), "1987-02-26T15:19:15Z");
  EXPECT_EQ(Parsed("Mon, 04 Mar 24 08:00:00 GMT"), "2024-03-04T08:00:00Z");
  EXPECT_EQ(Parsed("26 Feb 087 15:19:15 GMT"), "1987-02-26T15:19:15Z");
}

TEST(Rfc822Test, RejectsWhatIsNotADate) {
  for (std::string_view bad :
       {"", "yesterday", "2024-03-01T12:00:00Z", "Fri, 30 Feb 2024 12:00:00 GMT",
        "Fri, 29 Feb 2023 12:00:00 GMT", "01 Foo 2024 12:00:00 GMT",
        "01 Mar 2024 24:00:00 GMT", "01 Mar 2024 12:60 GMT",
        "01 Mar 2024 12:00:00 +2500", "01 Mar 2024 12:00:00 GMT extra",
        "01 Mar 2024", "001 Mar 2024 12:00 GMT", "01 Mar 20245 12:00 GMT"}) {
    EXPECT_EQ(Parsed(bad), "none") << bad;
  }
  EXPECT_EQ(Parsed("Thu, 29 Feb 2024 23:59:60 GMT"), "2024-02-29T23:59:59Z");
}

}  // namespace
}  // namespace newsdedup
