#include "tools/field_leads.h"

#include <array>
#include <cctype>

namespace newsdedup {
namespace {

size_t WordCount(std::string_view line) {
  size_t words = 0;
  bool in_word = false;
  for (char c : line) {
    const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

bool LooksLikeHeader(std::string_view line) {
  return WordCount(line) < 8 || line.find(" | ") != std::string_view::npos;
}

bool IsAbbreviation(std::string_view word) {
  static constexpr std::array kAbbreviations = {
      "mr", "mrs", "ms", "dr", "st", "jr", "sr", "inc", "corp", "co", "ltd",
      "bros", "gov", "sen", "rep", "gen", "lt", "col", "no", "vs", "jan",
      "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
      "dec", "mt", "ft", "sens", "reps", "messrs", "cos", "nos", "u.s", "u.k", "a.m", "p.m", "approx", "dept", "est"};
  std::string lower;
  for (char c : word) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower.size() == 1) return true;  // an initial
  if (lower.find('.') != std::string::npos) return true;  // "U.S", "a.m"
  for (const char* a : kAbbreviations) {
    if (lower == a) return true;
  }
  return false;
}

// Splits one line into sentences.
void SplitSentences(std::string_view line, std::vector<std::string>& out,
                    size_t count) {
  size_t begin = 0;
  for (size_t i = 0; i < line.size() && out.size() < count; ++i) {
    const char c = line[i];
    if (c != '.' && c != '!' && c != '?') continue;
    size_t end = i + 1;
    while (end < line.size() && (line[end] == '"' || line[end] == '\'' ||
                                 line[end] == ')')) {
      ++end;
    }
    if (end >= line.size() || line[end] != ' ') continue;
    size_t next = end;
    while (next < line.size() && line[next] == ' ') ++next;
    if (next >= line.size()) continue;
    const unsigned char n = static_cast<unsigned char>(line[next]);
    if (!std::isupper(n) && n != '"' && n != '\'') continue;
    if (c == '.') {
      size_t w = i;
      while (w > begin && line[w - 1] != ' ') --w;
      if (IsAbbreviation(line.substr(w, i - w))) continue;
    }
    out.emplace_back(line.substr(begin, end - begin));
    begin = next;
    i = next - 1;
  }
  if (out.size() < count && begin < line.size()) {
    const std::string_view rest = line.substr(begin);
    if (rest.find_first_not_of(' ') != std::string_view::npos) {
      out.emplace_back(rest);
    }
  }
}

}  // namespace

uint64_t LineHash(std::string_view line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  return StableHash(line);
}

uint64_t StableHash(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return h;
}

std::vector<std::string> LeadSentences(std::string_view body, size_t count,
                                       const RecurringLines* recurring) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < body.size() && out.size() < count) {
    size_t end = body.find('\n', i);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(i, end - i);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) {
      line.remove_suffix(1);
    }
    if (!LooksLikeHeader(line) &&
        (recurring == nullptr || !recurring->count(LineHash(line)))) {
      SplitSentences(line, out, count);
    }
    i = end + 1;
  }
  return out;
}

}  // namespace newsdedup
