// RFC 3339 timestamps ("2024-04-08T09:30:00Z", "1987-02-26T15:19:15.250+01:00")
// to and from milliseconds since the Unix epoch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsdedup {

// nullopt when `text` is not an RFC 3339 date-time with a time zone, or is
// one whose instant falls outside InRfc3339Range (a time zone can carry
// "9999-12-31T23:59:00-01:00" into the year 10000).
std::optional<int64_t> ParseRfc3339(std::string_view text);

// True from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z: the instants
// FormatRfc3339 writes as RFC 3339, whose years have four digits.
bool InRfc3339Range(int64_t epoch_ms);

// Days since 1970-01-01 of a date of the proleptic Gregorian calendar
// (month 1 to 12), for the other date parsers.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

// UTC, whole seconds unless there are milliseconds: "2024-04-08T09:30:00Z".
// Outside InRfc3339Range the year has more digits or a sign, and the text
// is not RFC 3339.
std::string FormatRfc3339(int64_t epoch_ms);

}  // namespace newsdedup
