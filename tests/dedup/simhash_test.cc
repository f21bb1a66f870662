#include "dedup/simhash.h"

#include <gtest/gtest.h>

#include "dedup/fingerprint.h"

namespace newsdedup {
namespace {

uint64_t SimHashOf(const std::string& body) {
  Fingerprinter fingerprinter{FingerprintOptions{}};
  Article article;
  article.body = body;
  return fingerprinter.Compute(article).simhash;
}

const char kStory[] =
    "The central bank raised its benchmark interest rate by half a point on "
    "Tuesday, citing stubborn inflation in services and a tight labour "
    "market. Economists had expected a quarter-point move. The governor said "
    "further increases could follow if wage growth stays strong, and markets "
    "sold off sharply after the announcement.";

TEST(SimHashTest, KnownBitsForKnownFeatures) {
  EXPECT_EQ(SimHash({}), 0u);
  EXPECT_EQ(SimHash({0xF0F0F0F0F0F0F0F0ull}), 0xF0F0F0F0F0F0F0F0ull);
  // Majority per bit: bits set in two of three features survive.
  EXPECT_EQ(SimHash({0b1100, 0b1010, 0b0110}), 0b1110u);
}

TEST(SimHashTest, DistanceGrowsWithDifference) {
  const uint64_t original = SimHashOf(kStory);
  const uint64_t same = SimHashOf(kStory);
  std::string edited = kStory;
  edited.replace(edited.find("sharply"), 7, "steeply");
  const uint64_t near = SimHashOf(edited);
  const uint64_t other = SimHashOf(
      "Heavy snow closed mountain passes across the region overnight, "
      "stranding hundreds of drivers. Rescue teams reached most of them by "
      "morning and the road authority expects to reopen the main routes on "
      "Friday once avalanche risk has been assessed by its engineers.");
  EXPECT_EQ(HammingDistance(original, same), 0);
  EXPECT_LT(HammingDistance(original, near), 12);
  EXPECT_GT(HammingDistance(original, other), 18);
  EXPECT_LT(HammingDistance(original, near), HammingDistance(original, other));
}

}  // namespace
}  // namespace newsdedup
