#include "dedup/baseline.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

Article Make(const std::string& id, const std::string& body) {
  Article a;
  a.id = id;
  a.body = body;
  return a;
}

const char kStory[] =
    "The port authority said on Tuesday that container traffic rose eleven "
    "percent in the first quarter, helped by new routes to South America and "
    "a recovery in car exports, and that it expects growth to slow in the "
    "second half as freight rates fall back.";
const char kOther[] =
    "Heavy rain flooded low-lying streets in the capital overnight and "
    "forced the closure of two metro lines during the morning rush, the city "
    "transport operator said, adding that service should resume by noon.";

TEST(BaselineTest, MinHashFindsVerbatimCopiesOnly) {
  BaselineClusterer minhash(BaselineMode::kMinHash);
  EXPECT_EQ(minhash.Add(Make("a", kStory)), "a");
  EXPECT_EQ(minhash.Add(Make("b", kOther)), "b");
  EXPECT_EQ(minhash.Add(Make("c", std::string(kStory) + " Read more.")), "a");
}

TEST(BaselineTest, SimHashFindsVerbatimCopiesOnly) {
  BaselineClusterer simhash(BaselineMode::kSimHash);
  EXPECT_EQ(simhash.Add(Make("a", kStory)), "a");
  EXPECT_EQ(simhash.Add(Make("b", kOther)), "b");
  EXPECT_EQ(simhash.Add(Make("c", kStory)), "a");
}

}  // namespace
}  // namespace newsdedup
