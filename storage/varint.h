// Base-128 varints, as Protobuf writes them: seven bits a byte, low bits
// first, the high bit set on every byte but the last. The one codec of the
// project, for the store's term coding (storage/term_coding.h) and the
// length prefixes of Protobuf frames (ingest/sources/frame.h).
//
// Usage:
//   std::string out;
//   PutVarint(out, 300);                       // "\xAC\x02"
//   uint64_t value = 0;
//   size_t length = 0;
//   VarintStatus s = ParseVarint(out, &value, &length);  // kOk, 300, 2
//
// Header-only and inline: decoding sits in the store's hottest loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsdedup {

// The longest varint of a 64-bit value.
inline constexpr size_t kMaxVarintBytes = 10;

inline void PutVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

enum class VarintStatus {
  kOk,        // *value and *length are set
  kNeedMore,  // `in` ends inside the varint: a stream may bring the rest
  kInvalid,   // kMaxVarintBytes bytes and no end: not a varint at all
};

// Reads the varint at the start of `in`.
inline VarintStatus ParseVarint(std::string_view in, uint64_t* value,
                                size_t* length) {
  uint64_t result = 0;
  for (size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (i >= in.size()) return VarintStatus::kNeedMore;
    const uint8_t byte = static_cast<uint8_t>(in[i]);
    result |= uint64_t{byte & 0x7Fu} << (7 * i);
    if ((byte & 0x80) == 0) {
      *value = result;
      *length = i + 1;
      return VarintStatus::kOk;
    }
  }
  return VarintStatus::kInvalid;
}

// Reads a varint from the front of `in` and removes it; false when `in`
// does not start with a whole one (then `in` is left as it was).
inline bool GetVarint(std::string_view& in, uint64_t* value) {
  size_t length = 0;
  if (ParseVarint(in, value, &length) != VarintStatus::kOk) return false;
  in.remove_prefix(length);
  return true;
}

}  // namespace newsdedup
