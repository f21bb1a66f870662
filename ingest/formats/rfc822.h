// RFC 822 / 1123 / 2822 dates as feeds really write them (RSS pubDate,
// e-mail headers): "Fri, 01 Mar 2024 12:00:00 +0000" and its variants.
//
// Accepted: an optional day name (any case, abbreviated or full, with or
// without the comma, not checked against the date); a day of one or two
// digits; a month name (the first three letters decide); a year of four
// digits, or two (00-49 is 20xx, 50-99 is 19xx) or three (+1900) as RFC
// 2822's obsolete forms say; hh:mm with optional :ss; a zone that is
// numeric (+hhmm, -hhmm, +hh:mm), UT, UTC, GMT, Z, the North American
// EST/EDT/CST/CDT/MST/MDT/PST/PDT, or a military letter, which RFC 2822
// says to read as -0000 because RFC 822 gave their signs backwards; or no
// zone at all, read as UTC. Extra white space and a trailing comment
// ("(PDT)") are ignored.
//
// nullopt for anything else: an unknown zone name, a day the month does
// not have, a time past 23:59:60, an instant outside InRfc3339Range.
//
// Thread safety: pure, may be called concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace newsdedup {

std::optional<int64_t> ParseRfc822Date(std::string_view text);

}  // namespace newsdedup
