// SimHash (Charikar): a 64-bit fingerprint whose Hamming distance tracks how
// different two feature sets are. Two articles whose shingles mostly agree
// differ in few bits; unrelated articles differ in about 32.
#pragma once

#include <cstdint>
#include <vector>

namespace newsdedup {

// SimHash of 64-bit feature hashes, each with weight 1. Empty input gives 0.
uint64_t SimHash(const std::vector<uint64_t>& feature_hashes);

inline int HammingDistance(uint64_t a, uint64_t b) {
  return __builtin_popcountll(a ^ b);
}

}  // namespace newsdedup
