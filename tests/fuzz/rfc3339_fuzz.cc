// Fuzzes the RFC 3339 parser: any text is a time or nullopt, and a parsed
// time formats to text that parses back to it. The first 8 bytes are also
// taken as a time to format, which must parse back whenever its year has
// four digits.
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>

#include "ingest/formats/rfc3339.h"

namespace {

using newsdedup::FormatRfc3339;
using newsdedup::ParseRfc3339;

// 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in ms since the epoch.
constexpr int64_t kYear0 = -62167219200000;
constexpr int64_t kYear10000 = 253402300800000;

void RoundTrip(int64_t ms) {
  if (ParseRfc3339(FormatRfc3339(ms)) != ms) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const std::optional<int64_t> ms = ParseRfc3339(text)) RoundTrip(*ms);
  if (size >= sizeof(int64_t)) {
    int64_t ms;
    std::memcpy(&ms, data, sizeof(ms));
    (void)FormatRfc3339(ms);  // any value: no crash, no undefined behaviour
    if (ms >= kYear0 && ms < kYear10000) RoundTrip(ms);
  }
  return 0;
}
