// RFC 3339 timestamps ("2024-04-08T09:30:00Z", "1987-02-26T15:19:15.250+01:00")
// to and from milliseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdedup {

// nullopt when `text` is not an RFC 3339 date-time with a time zone.
std::optional<int64_t> ParseRfc3339(std::string_view text);

// UTC, whole seconds unless there are milliseconds: "2024-04-08T09:30:00Z".
std::string FormatRfc3339(int64_t epoch_ms);

}  // namespace newsdedup
