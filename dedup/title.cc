#include "dedup/title.h"

#include <algorithm>

#include "dedup/hash.h"
#include "dedup/sorted_sets.h"

namespace newsdedup {

std::vector<uint32_t> TitleKeys(const std::vector<uint32_t>& title_terms) {
  std::vector<uint32_t> keys;
  if (title_terms.empty()) return keys;
  keys.push_back(static_cast<uint32_t>(
      ShingleHash64(title_terms.data(), title_terms.size()) >> 32));
  if (title_terms.size() > kTitlePrefixTerms) {
    // Salted, so that a prefix never collides with a whole title of the
    // same terms.
    keys.push_back(static_cast<uint32_t>(
        (ShingleHash64(title_terms.data(), kTitlePrefixTerms) >> 32) ^
        0x5bd1e995u));
  }
  return keys;
}

double TitleContainment(const std::vector<uint32_t>& a,
                        const std::vector<uint32_t>& b,
                        const std::function<double(uint32_t)>& weight) {
  std::vector<uint32_t> x = a, y = b;
  SortUnique(x);
  SortUnique(y);
  if (x.empty() || y.empty()) return 0;
  double wx = 0, wy = 0, shared = 0;
  for (uint32_t t : x) wx += weight(t);
  for (uint32_t t : y) wy += weight(t);
  ForEachSharedAt(x, y, [&](size_t i, size_t) { shared += weight(x[i]); });
  const double smaller = std::min(wx, wy);
  return smaller > 0 ? shared / smaller : 0;
}

}  // namespace newsdedup
