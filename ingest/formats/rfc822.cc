#include "ingest/formats/rfc822.h"

#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

bool IsDigits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Number(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsAlpha(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// Words separated by white space or commas, with (comments) removed.
std::vector<std::string_view> Tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  int depth = 0;
  size_t start = std::string_view::npos;
  for (size_t i = 0; i <= text.size(); ++i) {
    const char c = i < text.size() ? text[i] : ' ';
    const bool separator = depth > 0 || c == ' ' || c == '\t' || c == '\r' ||
                           c == '\n' || c == ',' || c == '(' || c == ')';
    if (c == '(') ++depth;
    if (c == ')' && depth > 0) --depth;
    if (separator && start != std::string_view::npos) {
      tokens.push_back(text.substr(start, i - start));
      start = std::string_view::npos;
    } else if (!separator && start == std::string_view::npos) {
      start = i;
    }
  }
  return tokens;
}

std::optional<int> Month(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun",
      "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3 || !IsAlpha(name)) return std::nullopt;
  const std::string lower = Lower(name.substr(0, 3));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == lower) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

// Minutes east of UTC.
std::optional<int> Zone(std::string_view zone) {
  if (zone.size() >= 3 && (zone[0] == '+' || zone[0] == '-')) {
    const int sign = zone[0] == '-' ? -1 : 1;
    std::string_view digits = zone.substr(1);
    std::string joined;
    if (digits.size() == 5 && digits[2] == ':') {
      joined = std::string(digits.substr(0, 2)) + std::string(digits.substr(3));
      digits = joined;
    }
    if (digits.size() == 2 && IsDigits(digits)) return sign * Number(digits) * 60;
    if (digits.size() != 4 || !IsDigits(digits)) return std::nullopt;
    const int hours = Number(digits.substr(0, 2));
    const int minutes = Number(digits.substr(2));
    if (hours > 23 || minutes > 59) return std::nullopt;
    return sign * (hours * 60 + minutes);
  }
  const std::string name = Lower(zone);
  struct Named {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Named, 12> kZones = {{
      {"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0},
      {"est", -5}, {"edt", -4}, {"cst", -6}, {"cdt", -5},
      {"mst", -7}, {"mdt", -6}, {"pst", -8}, {"pdt", -7}}};
  for (const Named& named : kZones) {
    if (named.name == name) return named.hours * 60;
  }
  if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z' && name[0] != 'j') {
    return 0;  // military letters: RFC 2822, 4.3
  }
  return std::nullopt;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

std::optional<int64_t> ParseRfc822Date(std::string_view text) {
  std::vector<std::string_view> tokens = Tokens(text);
  size_t next = 0;
  if (next < tokens.size() && IsAlpha(tokens[next]) && !Month(tokens[next])) {
    ++next;  // the day name
  }
  if (tokens.size() < next + 4) return std::nullopt;
  const std::string_view day_text = tokens[next];
  const std::optional<int> month = Month(tokens[next + 1]);
  const std::string_view year_text = tokens[next + 2];
  const std::string_view time_text = tokens[next + 3];
  if (!IsDigits(day_text) || day_text.size() > 2 || !month ||
      !IsDigits(year_text) || year_text.size() < 2 || year_text.size() > 4) {
    return std::nullopt;
  }
  int year = Number(year_text);
  if (year_text.size() == 2) year += year < 50 ? 2000 : 1900;
  if (year_text.size() == 3) year += 1900;
  const int day = Number(day_text);
  // hh:mm or hh:mm:ss
  if (time_text.size() != 5 && time_text.size() != 8) return std::nullopt;
  if (time_text[2] != ':' || (time_text.size() == 8 && time_text[5] != ':') ||
      !IsDigits(time_text.substr(0, 2)) || !IsDigits(time_text.substr(3, 2)) ||
      (time_text.size() == 8 && !IsDigits(time_text.substr(6, 2)))) {
    return std::nullopt;
  }
  const int hour = Number(time_text.substr(0, 2));
  const int minute = Number(time_text.substr(3, 2));
  const int second = time_text.size() == 8 ? Number(time_text.substr(6, 2)) : 0;
  std::optional<int> offset = 0;
  if (tokens.size() > next + 4) {
    if (tokens.size() > next + 5) return std::nullopt;
    offset = Zone(tokens[next + 4]);
    if (!offset) return std::nullopt;
  }
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30,
                                  31, 31, 30, 31, 30, 31};
  if (day < 1 || day > kDays[*month - 1] + (*month == 2 && IsLeap(year)) ||
      hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  const int64_t days = DaysFromCivil(year, static_cast<unsigned>(*month),
                                     static_cast<unsigned>(day));
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 +
                          std::min(second, 59) - int64_t{*offset} * 60;
  const int64_t epoch_ms = seconds * 1000;
  if (!InRfc3339Range(epoch_ms)) return std::nullopt;
  return epoch_ms;
}

}  // namespace newsdedup
