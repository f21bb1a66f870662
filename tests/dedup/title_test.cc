#include "dedup/title.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(TitleTest, KeysAreTheWholeTitleAndItsFirstTerms) {
  EXPECT_TRUE(TitleKeys({}).empty());
  EXPECT_EQ(TitleKeys({1, 2, 3}).size(), 1u);
  const std::vector<uint32_t> longer = TitleKeys({1, 2, 3, 4, 5, 6});
  ASSERT_EQ(longer.size(), 2u);
  // A web copy's title with the outlet's name after it shares the prefix.
  EXPECT_EQ(TitleKeys({1, 2, 3, 4, 5, 6, 70, 71})[1], longer[1]);
  EXPECT_NE(longer[0], longer[1]);
  EXPECT_NE(TitleKeys({1, 2, 3, 4})[0], longer[1]);
}

TEST(TitleTest, ContainmentOfTheSmallerTitle) {
  auto one = [](uint32_t) { return 1.0; };
  EXPECT_DOUBLE_EQ(TitleContainment({1, 2, 3}, {1, 2, 3, 9}, one), 1.0);
  EXPECT_DOUBLE_EQ(TitleContainment({1, 2, 3, 4}, {1, 2, 8, 9}, one), 0.5);
  EXPECT_DOUBLE_EQ(TitleContainment({}, {1}, one), 0.0);
  auto rare_four = [](uint32_t t) { return t == 4 ? 3.0 : 1.0; };
  EXPECT_DOUBLE_EQ(TitleContainment({1, 4}, {4, 5, 6}, rare_four), 0.75);
}

}  // namespace
}  // namespace newsdedup
