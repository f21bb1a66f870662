#include "ingest/retention.h"

#include <algorithm>
#include <charconv>

namespace newsdedup {
namespace {

std::string DurationText(int64_t ms) {
  struct Unit {
    char name;
    int64_t ms;
  };
  static constexpr Unit kUnits[] = {{'w', 604'800'000}, {'d', 86'400'000},
                                    {'h', 3'600'000},   {'m', 60'000},
                                    {'s', 1'000}};
  for (const Unit& unit : kUnits) {
    if (ms % unit.ms == 0) return std::to_string(ms / unit.ms) + unit.name;
  }
  return std::to_string(ms / 1000) + "s";
}

StatusOr<uint64_t> ParseCount(std::string_view text, std::string_view what) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(),
                                      value);
  if (error != std::errc() || end != text.data() + text.size() || value == 0) {
    return Status::InvalidArgument("retention: " + std::string(what) + " \"" +
                                   std::string(text) +
                                   "\" is not a positive whole number");
  }
  return value;
}

StatusOr<int64_t> ParseDurationMs(std::string_view text) {
  if (text.empty()) {
    return Status::InvalidArgument("retention: the duration is missing");
  }
  int64_t unit_ms = 0;
  switch (text.back()) {
    case 's': unit_ms = 1'000; break;
    case 'm': unit_ms = 60'000; break;
    case 'h': unit_ms = 3'600'000; break;
    case 'd': unit_ms = 86'400'000; break;
    case 'w': unit_ms = 604'800'000; break;
    default:
      return Status::InvalidArgument(
          "retention: duration \"" + std::string(text) +
          "\" needs a unit: s, m, h, d or w (\"14d\")");
  }
  StatusOr<uint64_t> count = ParseCount(text.substr(0, text.size() - 1),
                                        "duration");
  if (!count.ok()) return count.status();
  // Past a century a window keeps everything anyway.
  constexpr uint64_t kMaxMs = 100ull * 366 * 86'400'000;
  if (*count > kMaxMs / static_cast<uint64_t>(unit_ms)) {
    return Status::InvalidArgument("retention: duration \"" +
                                   std::string(text) + "\" is over a century");
  }
  return static_cast<int64_t>(*count) * unit_ms;
}

}  // namespace

std::string RetentionOptions::ToString() const {
  switch (clock) {
    case Clock::kNone: return "none";
    case Clock::kCount: return "count:" + std::to_string(keep_articles);
    case Clock::kIngested: return "ingested:" + DurationText(window_ms);
    case Clock::kPublished: return "published:" + DurationText(window_ms);
  }
  return "none";
}

StatusOr<RetentionOptions> ParseRetention(std::string_view text) {
  RetentionOptions options;
  if (text == "none") return options;
  const size_t colon = text.find(':');
  const std::string_view kind = text.substr(0, colon);
  const std::string_view value =
      colon == std::string_view::npos ? std::string_view() : text.substr(colon + 1);
  if (kind == "count") {
    StatusOr<uint64_t> count = ParseCount(value, "article count");
    if (!count.ok()) return count.status();
    options.clock = RetentionOptions::Clock::kCount;
    options.keep_articles = *count;
    return options;
  }
  if (kind == "ingested" || kind == "published") {
    StatusOr<int64_t> ms = ParseDurationMs(value);
    if (!ms.ok()) return ms.status();
    options.clock = kind == "ingested" ? RetentionOptions::Clock::kIngested
                                       : RetentionOptions::Clock::kPublished;
    options.window_ms = *ms;
    return options;
  }
  return Status::InvalidArgument(
      "retention: \"" + std::string(text) +
      "\" is not none, count:N, ingested:DURATION or published:DURATION");
}

uint32_t ClockSeconds(int64_t ms) {
  return static_cast<uint32_t>(
      std::clamp<int64_t>(ms / 1000, 0, static_cast<int64_t>(UINT32_MAX)));
}

uint32_t PublishedSeconds(std::optional<int64_t> published_ms,
                          int64_t ingested_ms) {
  return ClockSeconds(published_ms ? std::min(*published_ms, ingested_ms)
                                   : ingested_ms);
}

}  // namespace newsdedup
