#include "storage/varint.h"

#include <gtest/gtest.h>

#include <string>

namespace newsdedup {
namespace {

TEST(VarintTest, KnownEncodings) {
  auto encode = [](uint64_t v) {
    std::string out;
    PutVarint(out, v);
    return out;
  };
  EXPECT_EQ(encode(0), std::string(1, '\0'));
  EXPECT_EQ(encode(1), "\x01");
  EXPECT_EQ(encode(127), "\x7f");
  EXPECT_EQ(encode(128), "\x80\x01");
  EXPECT_EQ(encode(300), "\xac\x02");
  EXPECT_EQ(encode(UINT64_MAX).size(), kMaxVarintBytes);
}

TEST(VarintTest, RoundTripsAndConsumesExactlyOne) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128},
                     uint64_t{1} << 32, UINT64_MAX}) {
    std::string bytes;
    PutVarint(bytes, v);
    bytes += "tail";
    std::string_view in = bytes;
    uint64_t back = 0;
    ASSERT_TRUE(GetVarint(in, &back)) << v;
    EXPECT_EQ(back, v);
    EXPECT_EQ(in, "tail");
  }
}

TEST(VarintTest, TellsTruncatedFromInvalid) {
  uint64_t value = 0;
  size_t length = 0;
  EXPECT_EQ(ParseVarint("", &value, &length), VarintStatus::kNeedMore);
  EXPECT_EQ(ParseVarint("\x80\x80", &value, &length), VarintStatus::kNeedMore);
  const std::string endless(kMaxVarintBytes, '\x80');
  EXPECT_EQ(ParseVarint(endless, &value, &length), VarintStatus::kInvalid);
  // A failed GetVarint leaves its input alone.
  std::string_view in = "\x80";
  EXPECT_FALSE(GetVarint(in, &value));
  EXPECT_EQ(in.size(), 1u);
}

}  // namespace
}  // namespace newsdedup
