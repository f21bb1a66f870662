#include "dedup/dates.h"

#include <gtest/gtest.h>

#include "dedup/hash.h"

namespace newsdedup {
namespace {

TEST(DatesTest, ReadsMonthNamesAndTheirAbbreviations) {
  EXPECT_EQ(MonthOfTerm(WordTermId("march")), 3);
  EXPECT_EQ(MonthOfTerm(WordTermId("sept")), 9);
  EXPECT_EQ(MonthOfTerm(WordTermId("dec")), 12);
  EXPECT_EQ(MonthOfTerm(WordTermId("monday")), 0);
  EXPECT_EQ(MonthOfTerm(NumberTermId("3")), 0);
}

TEST(DatesTest, ReadsDaysOfTheMonthOnly) {
  EXPECT_EQ(DayOfTerm(NumberTermId("1")), 1);
  EXPECT_EQ(DayOfTerm(NumberTermId("31")), 31);
  EXPECT_EQ(DayOfTerm(NumberTermId("32")), 0);
  EXPECT_EQ(DayOfTerm(NumberTermId("0")), 0);
  EXPECT_EQ(DayOfTerm(WordTermId("1")), 0);
}

TEST(DatesTest, DateIsAFigureDistinctFromItsDay) {
  const uint32_t date = DateTermId(3, 9);
  EXPECT_TRUE(IsNumberTerm(date));
  EXPECT_NE(date, NumberTermId("9"));
  EXPECT_NE(date, DateTermId(4, 9));
  EXPECT_EQ(date, DateTermId(3, 9));
}

TEST(DatesTest, CountsDaysTheShorterWayRoundTheYear) {
  EXPECT_EQ(DaysBetween(DateTermId(3, 9), DateTermId(3, 9)), 0);
  EXPECT_EQ(DaysBetween(DateTermId(3, 9), DateTermId(4, 9)), 31);
  EXPECT_EQ(DaysBetween(DateTermId(4, 9), DateTermId(3, 9)), 31);
  EXPECT_EQ(DaysBetween(DateTermId(2, 28), DateTermId(3, 1)), 1);
  EXPECT_EQ(DaysBetween(DateTermId(12, 31), DateTermId(1, 2)), 2);
}

}  // namespace
}  // namespace newsdedup
