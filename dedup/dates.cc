#include "dedup/dates.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>
#include <unordered_map>

#include "dedup/hash.h"
#include "dedup/stemmer.h"

namespace newsdedup {
namespace {

// The upper bits of a date's term id (DateTermId). Plain numbers are hashes
// and may carry them too, which is why a date is read back only from a
// date's slot.
constexpr uint32_t kDateTag = 0xda7e0000u;

struct DateTerms {
  std::unordered_map<uint32_t, int> month_of;
  // (term id, day) of "1" to "31", sorted by term id.
  std::array<std::pair<uint32_t, int>, 31> days{};
};

const DateTerms& Terms() {
  static const DateTerms terms = [] {
    static constexpr const char* kMonths[12][3] = {{"january", "jan", ""},
                                                   {"february", "feb", ""},
                                                   {"march", "mar", ""},
                                                   {"april", "apr", ""},
                                                   {"may", "", ""},
                                                   {"june", "jun", ""},
                                                   {"july", "jul", ""},
                                                   {"august", "aug", ""},
                                                   {"september", "sep", "sept"},
                                                   {"october", "oct", ""},
                                                   {"november", "nov", ""},
                                                   {"december", "dec", ""}};
    DateTerms t;
    Stemmer stemmer("english");
    for (int m = 0; m < 12; ++m) {
      for (const char* name : kMonths[m]) {
        if (*name == '\0') continue;
        t.month_of.emplace(WordTermId(stemmer.Stem(name)), m + 1);
      }
    }
    for (int d = 1; d <= 31; ++d) {
      t.days[d - 1] = {NumberTermId(std::to_string(d)), d};
    }
    std::sort(t.days.begin(), t.days.end());
    return t;
  }();
  return terms;
}

}  // namespace

int MonthOfTerm(uint32_t term) {
  if (IsNumberTerm(term)) return 0;
  const auto& month_of = Terms().month_of;
  const auto it = month_of.find(term);
  return it == month_of.end() ? 0 : it->second;
}

int DayOfTerm(uint32_t term) {
  if (!IsNumberTerm(term)) return 0;
  const auto& days = Terms().days;
  const auto it = std::lower_bound(days.begin(), days.end(),
                                   std::pair<uint32_t, int>{term, 0});
  return it != days.end() && it->first == term ? it->second : 0;
}

uint32_t DateTermId(int month, int day) {
  return kDateTag | (static_cast<uint32_t>(month) << 6 | day) << 1 | 1u;
}

int DaysBetween(uint32_t date_a, uint32_t date_b) {
  static constexpr int kFirstDay[12] = {0,   31,  59,  90,  120, 151,
                                        181, 212, 243, 273, 304, 334};
  auto day_of_year = [](uint32_t date) {
    const uint32_t bits = (date >> 1) & 0x7fff;
    const int month = std::clamp<int>(bits >> 6, 1, 12);
    return kFirstDay[month - 1] + static_cast<int>(bits & 63);
  };
  const int gap = std::abs(day_of_year(date_a) - day_of_year(date_b));
  return std::min(gap, 365 - gap);
}

}  // namespace newsdedup
