#include "dedup/hash.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

// XXH3_64bits("") as published by the xxHash project: proves we call XXH3
// with the default secret and no seed.
TEST(HashTest, EmptyStringMatchesXxh3ReferenceValue) {
  EXPECT_EQ(Hash64(""), 0x2D06800538D394C2ull);
}

// Fixed outputs: term ids are stored, so a change here is a format change.
TEST(HashTest, TermIdsAreStable) {
  EXPECT_EQ(Hash64("news"), 0xCEA6A9C08EAD0124ull);
  const uint32_t word = WordTermId("stoltenberg");
  const uint32_t number = NumberTermId("2.4");
  EXPECT_EQ(word, WordTermId("stoltenberg"));
  EXPECT_FALSE(IsNumberTerm(word));
  EXPECT_TRUE(IsNumberTerm(number));
  EXPECT_NE(WordTermId("2.4") | 1u, WordTermId("2.5") | 1u);
}

TEST(HashTest, ShingleHashDependsOnOrder) {
  const uint32_t ab[] = {WordTermId("alpha"), WordTermId("beta")};
  const uint32_t ba[] = {WordTermId("beta"), WordTermId("alpha")};
  EXPECT_NE(ShingleHash64(ab, 2), ShingleHash64(ba, 2));
  EXPECT_EQ(ShingleHash64(ab, 2), ShingleHash64(ab, 2));
}

}  // namespace
}  // namespace newsdedup
