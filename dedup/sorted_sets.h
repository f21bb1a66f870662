// Sorted, duplicate-free vectors of 32-bit hashes: how they are made, and
// the one merge loop behind every overlap the detector measures (shingles,
// terms, numbers, sentences, character grams).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace newsdedup {

// Sorts and removes duplicates. Articles sort hundreds to thousands of
// hashes each, where an LSD radix sort (three passes of 11 bits) beats a
// comparison sort several times over; short vectors use std::sort.
void SortUnique(std::vector<uint32_t>& values);

// The position in `sorted` (sorted, duplicate-free, holding every one of
// `values`) of each of `values`, in order, into `positions`. Through a
// small hash table: one probe a value, where a binary search took eight.
void PositionsIn(const std::vector<uint32_t>& values,
                 const std::vector<uint32_t>& sorted,
                 std::vector<uint32_t>& positions);

// Calls `shared(i, j)` for each value in both, with its positions in each.
template <typename Fn>
void ForEachSharedAt(const std::vector<uint32_t>& a,
                     const std::vector<uint32_t>& b, Fn shared) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      shared(i, j);
      ++i;
      ++j;
    }
  }
}

// Calls `shared(value)` for each value in both.
template <typename Fn>
void ForEachShared(const std::vector<uint32_t>& a,
                   const std::vector<uint32_t>& b, Fn shared) {
  ForEachSharedAt(a, b, [&](size_t i, size_t) { shared(a[i]); });
}

inline size_t CountShared(const std::vector<uint32_t>& a,
                          const std::vector<uint32_t>& b) {
  size_t n = 0;
  ForEachSharedAt(a, b, [&](size_t, size_t) { ++n; });
  return n;
}

}  // namespace newsdedup
