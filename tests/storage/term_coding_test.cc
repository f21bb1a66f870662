#include "storage/term_coding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace newsdedup {
namespace {

std::vector<uint32_t> SortedRandom(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<uint32_t> values(n);
  for (uint32_t& v : values) v = rng();
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

TEST(TermCodingTest, SortedTermsRoundTripAtEverySize) {
  for (size_t n : {0, 1, 2, 3, 100, 255, 256, 257, 1000, 20000}) {
    const std::vector<uint32_t> values = SortedRandom(n, 17 + n);
    const std::string bytes = EncodeSortedTerms(values);
    StatusOr<std::vector<uint32_t>> decoded = DecodeSortedTerms(bytes);
    ASSERT_TRUE(decoded.ok()) << n << ": " << decoded.status().ToString();
    EXPECT_EQ(*decoded, values) << n;
  }
}

TEST(TermCodingTest, ExtremeValuesRoundTrip) {
  for (const std::vector<uint32_t>& values :
       {std::vector<uint32_t>{0}, std::vector<uint32_t>{UINT32_MAX},
        std::vector<uint32_t>{0, 1, 2, UINT32_MAX - 1, UINT32_MAX}}) {
    StatusOr<std::vector<uint32_t>> decoded =
        DecodeSortedTerms(EncodeSortedTerms(values));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, values);
  }
}

// About two bits above log2(2^32 / n) per term: a quarter under 32 bits
// for a typical article's 250 distinct terms.
TEST(TermCodingTest, DictionaryIsCompact) {
  const std::vector<uint32_t> values = SortedRandom(250, 5);
  EXPECT_LT(EncodeSortedTerms(values).size(), values.size() * 27 / 8 + 8);
}

TEST(TermCodingTest, IndicesRoundTripInBaseTheDictionarySize) {
  const std::vector<uint32_t> small = {0, 255, 7, 7, 128};
  // A count byte, then 8 bits an index.
  EXPECT_EQ(EncodeTermIndices(small, 256).size(), 1 + small.size());
  EXPECT_EQ(*DecodeTermIndices(EncodeTermIndices(small, 256), 256), small);
  // Four indices of 20,000 to a group of 58 bits, three in 43: 14.4 bits
  // an index, where one by one each would take 15.
  const std::vector<uint32_t> large = {0, 300, 127, 128, 16383, 16384, 19999};
  EXPECT_EQ(EncodeTermIndices(large, 20000).size(), 1 + (58 + 43 + 7) / 8);
  EXPECT_EQ(*DecodeTermIndices(EncodeTermIndices(large, 20000), 20000), large);
  const std::vector<uint32_t> one = {0, 0, 0};  // one distinct term: 0 bits
  EXPECT_EQ(*DecodeTermIndices(EncodeTermIndices(one, 1), 1), one);
}

// Every length across group boundaries, for dictionary sizes from the
// smallest to past 2^16.
TEST(TermCodingTest, IndicesRoundTripForAnySizeAndLength) {
  std::mt19937 rng(11);
  for (size_t size : {2u, 3u, 5u, 291u, 256u, 65537u, 1u << 20}) {
    for (size_t n = 0; n < 70; ++n) {
      std::vector<uint32_t> indices(n);
      for (uint32_t& i : indices) i = rng() % size;
      StatusOr<std::vector<uint32_t>> back =
          DecodeTermIndices(EncodeTermIndices(indices, size), size);
      ASSERT_TRUE(back.ok()) << size << " " << n;
      EXPECT_EQ(*back, indices) << size << " " << n;
    }
  }
}

// A typical article's 459 running terms over 291 distinct ones: log2(291)
// is 8.2 bits, where packing each index alone takes 9.
TEST(TermCodingTest, GroupsSaveTheRoundingOfEachIndex) {
  std::mt19937 rng(3);
  std::vector<uint32_t> indices(459);
  for (uint32_t& i : indices) i = rng() % 291;
  const size_t grouped = EncodeTermIndices(indices, 291).size();
  const size_t fixed = EncodeFixedWidthTermIndices(indices, 291).size();
  EXPECT_LE(grouped, fixed * 93 / 100);
  EXPECT_EQ(*DecodeFixedWidthTermIndices(
                EncodeFixedWidthTermIndices(indices, 291), 291),
            indices);
}

TEST(TermCodingTest, CorruptBytesAreErrorsNotCrashes) {
  const std::string good = EncodeSortedTerms(SortedRandom(300, 9));
  for (size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_FALSE(DecodeSortedTerms(good.substr(0, cut)).ok()) << cut;
  }
  EXPECT_FALSE(DecodeSortedTerms(good + "x").ok());
  // Every single-byte change either fails or still decodes to a sorted,
  // duplicate-free list; none reads out of bounds.
  for (size_t i = 0; i < good.size(); ++i) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    StatusOr<std::vector<uint32_t>> decoded = DecodeSortedTerms(bad);
    if (decoded.ok()) {
      EXPECT_TRUE(std::adjacent_find(decoded->begin(), decoded->end(),
                                     std::greater_equal<>()) == decoded->end());
    }
  }
  // An index past the dictionary (7 of 5), a truncated count, a short body.
  EXPECT_FALSE(DecodeTermIndices(std::string("\x01\x07", 2), 5).ok());
  EXPECT_FALSE(DecodeFixedWidthTermIndices(std::string("\x01\x07", 2), 5).ok());
  EXPECT_FALSE(DecodeTermIndices("\xFF", 1000).ok());
  EXPECT_FALSE(DecodeTermIndices(std::string("\x04\x00", 2), 1000).ok());
}

}  // namespace
}  // namespace newsdedup
