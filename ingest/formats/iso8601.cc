#include "ingest/formats/iso8601.h"

#include <string>

#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Takes `count` digits from the front of `text` into `out`.
bool TakeDigits(std::string_view& text, size_t count, std::string& out) {
  if (text.size() < count) return false;
  for (size_t i = 0; i < count; ++i) {
    if (!IsDigit(text[i])) return false;
  }
  out += text.substr(0, count);
  text.remove_prefix(count);
  return true;
}

bool Take(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

// Two-digit fields separated by ':' in the extended form and by nothing
// in the basic one; `extended` decides which.
bool TakeField(std::string_view& text, bool extended, std::string& out) {
  if (extended && !Take(text, ':')) return false;
  out += ':';
  return TakeDigits(text, 2, out);
}

}  // namespace

std::optional<int64_t> ParseIso8601(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' ||
                           text.front() == '\n' || text.front() == '\r')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' ||
                           text.back() == '\n' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (std::optional<int64_t> exact = ParseRfc3339(text)) return exact;
  std::string out;
  const bool extended = text.size() > 4 && text[4] == '-';
  if (!TakeDigits(text, 4, out)) return std::nullopt;
  if (extended && !Take(text, '-')) return std::nullopt;
  out += '-';
  if (!TakeDigits(text, 2, out)) return std::nullopt;
  if (extended && !Take(text, '-')) return std::nullopt;
  out += '-';
  if (!TakeDigits(text, 2, out)) return std::nullopt;
  out += 'T';
  if (text.empty()) return ParseRfc3339(out + "00:00:00Z");
  if (!Take(text, 'T') && !Take(text, 't') && !Take(text, ' ')) {
    return std::nullopt;
  }
  const bool extended_time = text.size() > 2 && text[2] == ':';
  if (!TakeDigits(text, 2, out) || !TakeField(text, extended_time, out)) {
    return std::nullopt;
  }
  if (!text.empty() && (text.front() == ':' || IsDigit(text.front()))) {
    if (!TakeField(text, extended_time, out)) return std::nullopt;
  } else {
    out += ":00";
  }
  if (!text.empty() && (text.front() == '.' || text.front() == ',')) {
    text.remove_prefix(1);
    out += '.';
    if (text.empty() || !IsDigit(text.front())) return std::nullopt;
    while (!text.empty() && IsDigit(text.front())) {
      out += text.front();
      text.remove_prefix(1);
    }
  }
  if (text.empty() || text == "Z" || text == "z") return ParseRfc3339(out + "Z");
  if (text.front() != '+' && text.front() != '-') return std::nullopt;
  out += text.front();
  text.remove_prefix(1);
  if (!TakeDigits(text, 2, out)) return std::nullopt;
  out += ':';
  if (text.empty()) return ParseRfc3339(out + "00");
  Take(text, ':');
  if (!TakeDigits(text, 2, out) || !text.empty()) return std::nullopt;
  return ParseRfc3339(out);
}

}  // namespace newsdedup
