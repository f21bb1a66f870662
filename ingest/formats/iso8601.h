// ISO 8601 date-times as newsroom XML writes them (NITF's norm attributes,
// NewsML-G2's xs:dateTime, RSS's dc:date in W3C-DTF), to milliseconds
// since the Unix epoch.
//
// Accepted: RFC 3339 ("2024-03-01T12:00:00.250+01:00"); the basic forms
// ("20240301T120000Z", "20240301T1200+0100"); seconds and fractions
// optional; a zone of Z, +hh:mm, +hhmm or +hh, or none, read as UTC; a date
// alone ("2024-03-01", "20240301"), read as its midnight UTC.
// nullopt for anything else and for instants outside InRfc3339Range.
//
// Thread safety: pure, may be called concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace newsdedup {

std::optional<int64_t> ParseIso8601(std::string_view text);

}  // namespace newsdedup
