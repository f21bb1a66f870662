#include "dedup/char_grams.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <algorithm>
#include <string>

#include "dedup/sorted_sets.h"
#include "dedup/text.h"

namespace newsdedup {

namespace {

// The hash of one gram's bytes. A gram of ASCII text is 5 bytes: packed in
// a word and multiplied by an odd constant (a bijection), its upper half is
// as good as a hash and far cheaper than a call per gram. Longer grams
// (other scripts) are hashed with XXH3. Either way the value depends on the
// bytes alone, so an ASCII text and a text with a few accented letters
// agree on their ASCII grams.
constexpr uint64_t kGramMultiplier = 0x9e3779b97f4a7c15ull;

uint32_t MixPacked(uint64_t packed, size_t length) {
  packed |= uint64_t{length} << 60;  // lengths up to 8 never collide
  return static_cast<uint32_t>((packed * kGramMultiplier) >> 32);
}

uint32_t GramHash(const char* bytes, size_t length) {
  if (length <= sizeof(uint64_t)) {
    uint64_t packed = 0;
    for (size_t i = 0; i < length; ++i) {
      packed = packed << 8 | static_cast<unsigned char>(bytes[i]);
    }
    return MixPacked(packed, length);
  }
  return static_cast<uint32_t>(XXH3_64bits(bytes, length) >> 32);
}

// ASCII text: its letters and digits, lower-cased (what NFKC case folding
// makes of ASCII), one byte per code point, packed as they come: the gram
// ending at each byte is the last five bytes of a running word.
std::vector<uint32_t> AsciiCharGrams(std::string_view text) {
  std::vector<uint32_t> grams(text.size());
  constexpr uint64_t kGramMask = (uint64_t{1} << (8 * kCharGramSize)) - 1;
  uint64_t window = 0;
  size_t kept = 0, count = 0;
  for (const char c : text) {
    unsigned char b = static_cast<unsigned char>(c);
    if (b >= 'A' && b <= 'Z') b += 'a' - 'A';
    if (!((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'))) continue;
    window = (window << 8 | b) & kGramMask;
    if (++kept >= static_cast<size_t>(kCharGramSize)) {
      grams[count++] = MixPacked(window, kCharGramSize);
    }
  }
  grams.resize(count);
  SortUnique(grams);
  return grams;
}

}  // namespace

std::vector<uint32_t> CharGramSet(std::string_view utf8) {
  if (IsAscii(utf8)) return AsciiCharGrams(utf8);
  const std::string normalized = NormalizeText(utf8);
  // Letters and digits only, with the byte offset where each code point
  // starts, so that a window of code points is a byte range.
  std::string kept;
  std::vector<uint32_t> starts;
  kept.reserve(normalized.size());
  starts.reserve(normalized.size());
  const char* s = normalized.data();
  const int32_t length = static_cast<int32_t>(normalized.size());
  for (int32_t i = 0; i < length;) {
    const int32_t begin = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    const bool keep = c < 0x80
                          ? ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                          : (c > 0 && u_isalnum(c));
    if (!keep) continue;
    starts.push_back(static_cast<uint32_t>(kept.size()));
    kept.append(s + begin, static_cast<size_t>(i - begin));
  }
  starts.push_back(static_cast<uint32_t>(kept.size()));

  std::vector<uint32_t> grams;
  const size_t points = starts.size() - 1;
  if (points < static_cast<size_t>(kCharGramSize)) return grams;
  grams.reserve(points);
  for (size_t p = 0; p + kCharGramSize <= points; ++p) {
    const uint32_t begin = starts[p];
    const uint32_t end = starts[p + kCharGramSize];
    grams.push_back(GramHash(kept.data() + begin, end - begin));
  }
  SortUnique(grams);
  return grams;
}

double CharGramContainment(const std::vector<uint32_t>& a,
                           const std::vector<uint32_t>& b) {
  if (a.empty() || b.empty()) return 0;
  const size_t shared = CountShared(a, b);
  return double(shared) / std::min(a.size(), b.size());
}

}  // namespace newsdedup
