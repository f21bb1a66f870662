// Date-times as web pages write them, to milliseconds since the epoch:
// ISO 8601 (ingest/formats/iso8601.h) and with a space for its "T", RFC
// 822/1123 (ingest/formats/rfc822.h), and other English month-name forms
// that meta tags and JSON-LD carry in practice:
//   "2024-03-05T09:30:00+01:00"   "2024-03-05 09:30"   "2024-03-05"
//   "2024-03-05T09:30:00+0100"    "2024-03-05T09:30:00" (no zone: UTC)
//   "Tue, 05 Mar 2024 09:30:00 -0600"   "5 Mar 2024 09:30 GMT"
//   "March 5, 2024, 09:30 PM EST"   "Tue Mar 05 2024 09:30:00 GMT+0000"
// A zone given by a name other than UT, UTC, GMT, Z or a North American
// one (EST, CDT, ...) is read as UTC: a time a few hours off is better
// than none for a publication date.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace newsdedup {

// nullopt for text that is none of these, or a date that does not exist.
std::optional<int64_t> ParsePageTime(std::string_view text);

}  // namespace newsdedup
