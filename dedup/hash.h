// Hash functions used by every fingerprint. All are XXH3 (xxHash 0.8) with
// fixed seeds, so fingerprints are stable across runs, machines and versions:
// they are stored, and a change here is an on-disk format change
// (doc/storage.md, "Fingerprint version").
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace newsdedup {

// 64-bit XXH3 of a byte string.
uint64_t Hash64(std::string_view bytes);

// A content term id: 32 bits of the term's XXH3 hash with the lowest bit
// telling numbers (1) from words (0), so a stored term sequence still says
// which of its terms are figures.
uint32_t WordTermId(std::string_view stem);
uint32_t NumberTermId(std::string_view canonical_number);
inline bool IsNumberTerm(uint32_t term) { return (term & 1u) != 0; }

// 64-bit hash of `count` consecutive term ids (a shingle).
uint64_t ShingleHash64(const uint32_t* terms, size_t count);

}  // namespace newsdedup
