#include "ingest/formats/page_time.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "ingest/formats/iso8601.h"
#include "ingest/formats/rfc3339.h"
#include "ingest/formats/rfc822.h"

namespace newsdedup {
namespace {

std::string Trim(std::string_view text) {
  const char* space = " \t\r\n\f\v";
  const size_t begin = text.find_first_not_of(space);
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(space);
  return std::string(text.substr(begin, end - begin + 1));
}

std::string TwoDigits(int value) {
  return std::string(1, static_cast<char>('0' + value / 10)) +
         static_cast<char>('0' + value % 10);
}

constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                   "jul", "aug", "sep", "oct", "nov", "dec"};

// Hours east of UTC of the zone names pages use; nullopt for a name that
// is not a zone (a weekday, "at").
std::optional<int> ZoneHours(const std::string& name) {
  static const std::pair<const char*, int> kZones[] = {
      {"ut", 0},   {"utc", 0},  {"gmt", 0},  {"z", 0},
      {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
      {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}};
  for (const auto& [zone, hours] : kZones) {
    if (name == zone) return hours;
  }
  return std::nullopt;
}

// "Tue, 05 Mar 2024 09:30:00 -0600", "March 5, 2024, 09:30 PM EST" and
// the like: a month name, a day, a four-digit year, an optional time with
// AM/PM, an optional zone, in any order.
std::optional<int64_t> MonthNameDate(const std::string& written) {
  // "a.m." is "am", "Nov." is "Nov"; "09.30" keeps its dot.
  std::string text;
  for (char c : written) {
    if (c == '.' && !text.empty() &&
        std::isalpha(static_cast<unsigned char>(text.back()))) {
      continue;
    }
    text += c;
  }
  int year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;
  bool pm = false, am = false, have_time = false;
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isalpha(c)) {
      std::string word;
      while (i < text.size() &&
             std::isalpha(static_cast<unsigned char>(text[i]))) {
        word += static_cast<char>(
            std::tolower(static_cast<unsigned char>(text[i++])));
      }
      for (int m = 0; m < 12 && month < 0; ++m) {
        if (word.size() >= 3 && word.compare(0, 3, kMonths[m]) == 0) {
          month = m + 1;
        }
      }
      if (word == "pm") pm = true;
      if (word == "am") am = true;
      if (std::optional<int> hours = ZoneHours(word)) {
        offset_minutes = *hours * 60;
      }
    } else if ((c == '+' || c == '-') && have_time && i + 1 < text.size() &&
               std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      // A numeric zone after the time: "+0100", "-06:00".
      std::string digits;
      size_t j = i + 1;
      while (j < text.size() && digits.size() < 4 &&
             (std::isdigit(static_cast<unsigned char>(text[j])) ||
              text[j] == ':')) {
        if (text[j] != ':') digits += text[j];
        ++j;
      }
      if (digits.size() == 4) {
        const int minutes =
            std::stoi(digits.substr(0, 2)) * 60 + std::stoi(digits.substr(2));
        offset_minutes = c == '-' ? -minutes : minutes;
      }
      i = j;
    } else if (std::isdigit(c)) {
      std::vector<int> parts;
      std::string number;
      while (i < text.size() &&
             (std::isdigit(static_cast<unsigned char>(text[i])) ||
              text[i] == ':')) {
        if (text[i] == ':') {
          parts.push_back(number.empty() ? 0 : std::stoi(number));
          number.clear();
        } else if (number.size() < 6) {
          number += text[i];
        }
        ++i;
      }
      parts.push_back(number.empty() ? 0 : std::stoi(number));
      if (parts.size() >= 2) {  // a time
        have_time = true;
        hour = parts[0];
        minute = parts[1];
        second = parts.size() > 2 ? parts[2] : 0;
      } else if (number.size() == 4 && year < 0) {
        year = parts[0];
      } else if (number.size() <= 2 && day < 0) {
        day = parts[0];
      }
      while (i < text.size() && text[i] == '.') ++i;  // "Nov. 18", "09.30"
    } else {
      ++i;
    }
  }
  if (year < 0 || month < 0 || day < 1 || day > 31) return std::nullopt;
  if (pm && hour < 12) hour += 12;
  if (am && hour == 12) hour = 0;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::optional<int64_t> utc = ParseRfc3339(
      std::to_string(year) + "-" + TwoDigits(month) + "-" + TwoDigits(day) +
      "T" + TwoDigits(hour) + ":" + TwoDigits(minute) + ":" +
      TwoDigits(std::min(second, 59)) + "Z");
  if (!utc) return std::nullopt;
  return *utc - static_cast<int64_t>(offset_minutes) * 60 * 1000;
}

}  // namespace

std::optional<int64_t> ParsePageTime(std::string_view text) {
  const std::string t = Trim(text);
  if (t.size() < 8 || t.size() > 64) return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(t[0])) && t.size() >= 10 &&
      t[4] == '-' && t[7] == '-') {
    if (std::optional<int64_t> iso = ParseIso8601(t)) return iso;
    // "2024-03-05 09:30": a space for the "T", as SQL writes it.
    std::string with_t = t;
    if (with_t.size() > 10 && with_t[10] == ' ') with_t[10] = 'T';
    return ParseIso8601(with_t);
  }
  if (std::optional<int64_t> rfc822 = ParseRfc822Date(t)) return rfc822;
  return MonthNameDate(t);
}

}  // namespace newsdedup
