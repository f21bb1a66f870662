#include "dedup/char_grams.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <xxhash.h>

#include <algorithm>
#include <string>

#include "dedup/sorted_sets.h"
#include "dedup/text.h"

namespace newsdedup {

std::vector<uint32_t> CharGramSet(std::string_view utf8) {
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
    grams.push_back(static_cast<uint32_t>(
        XXH3_64bits(kept.data() + begin, end - begin) >> 32));
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
