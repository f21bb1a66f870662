#include "dedup/state_stream.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace newsdedup {
namespace {

TEST(StateStreamTest, ValuesRoundTripLittleEndian) {
  std::string bytes;
  StringStateWriter out(&bytes);
  out.U32(0x04030201u);
  out.U64(7);
  out.Words(std::vector<uint32_t>{10, 20, 30});
  ASSERT_EQ(bytes.size(), 4u + 8u + 8u + 12u);
  EXPECT_EQ(bytes.substr(0, 4), std::string("\x01\x02\x03\x04", 4));

  StringStateReader in(bytes);
  uint32_t u32 = 0;
  uint64_t u64 = 0;
  std::vector<uint32_t> words;
  ASSERT_TRUE(in.U32(&u32).ok());
  ASSERT_TRUE(in.U64(&u64).ok());
  ASSERT_TRUE(in.Words(&words, "words").ok());
  EXPECT_EQ(u32, 0x04030201u);
  EXPECT_EQ(u64, 7u);
  EXPECT_EQ(words, (std::vector<uint32_t>{10, 20, 30}));
  EXPECT_EQ(in.Remaining(), 0u);
  EXPECT_EQ(in.U32(&u32).code(), Status::Code::kCorruption);
}

// A damaged count must fail before anything is allocated for it.
TEST(StateStreamTest, CountBeyondTheStreamIsCorruption) {
  std::string bytes;
  StringStateWriter out(&bytes);
  out.U64(uint64_t{1} << 60);
  out.U32(1);
  StringStateReader in(bytes);
  std::vector<uint32_t> words;
  const Status s = in.Words(&words, "postings");
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("postings"), std::string::npos);
  EXPECT_TRUE(words.empty());
}

}  // namespace
}  // namespace newsdedup
