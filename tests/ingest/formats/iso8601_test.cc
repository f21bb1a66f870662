#include "ingest/formats/iso8601.h"

#include <gtest/gtest.h>

#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

std::string Parsed(std::string_view text) {
  std::optional<int64_t> ms = ParseIso8601(text);
  return ms ? FormatRfc3339(*ms) : "none";
}

TEST(Iso8601Test, ExtendedAndBasicForms) {
  EXPECT_EQ(Parsed("2024-03-01T12:00:00Z"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("2024-03-01T12:00:00.250+01:00"),
            "2024-03-01T11:00:00.250Z");
  EXPECT_EQ(Parsed("20240301T120000Z"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("20240301T120000+0100"), "2024-03-01T11:00:00Z");
  EXPECT_EQ(Parsed("20240301T1200-05"), "2024-03-01T17:00:00Z");
  EXPECT_EQ(Parsed("2024-03-01T12:00+01:00"), "2024-03-01T11:00:00Z");
  EXPECT_EQ(Parsed(" 2024-03-01T12:00:00 \n"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("2024-03-01 12:00:00+0000"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(Parsed("2024-03-01"), "2024-03-01T00:00:00Z");
  EXPECT_EQ(Parsed("20240301"), "2024-03-01T00:00:00Z");
}

TEST(Iso8601Test, RejectsOtherText) {
  for (std::string_view bad :
       {"", "2024", "2024-03", "2024-13-01", "2024-02-30T00:00:00Z",
        "20240301T12", "2024-03-01T12:00:00X", "2024-03-01T12:00:00+1",
        "2024-0301", "Fri, 01 Mar 2024 12:00:00 GMT", "2024-03-01T25:00Z",
        "2024-03-01T12:00:00.Z"}) {
    EXPECT_EQ(Parsed(bad), "none") << bad;
  }
}

}  // namespace
}  // namespace newsdedup
