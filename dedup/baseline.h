// Baselines: the two hashing methods people use today, implemented plainly,
// so that newsdedup's detector can be measured against them on the same
// data (`newsdedup eval --mode minhash|simhash`).
//
//   kMinHash  word 5-shingles (every word, stop words included), 128 MinHash
//             values by a*h+b mod (2^61-1), LSH with 32 bands of 4 rows;
//             a copy when the estimated Jaccard resemblance is >= 0.5.
//   kSimHash  64-bit SimHash of the same shingles; a copy within Hamming
//             distance 3 (Manku et al.), found through four 16-bit tables.
//
// A copy joins the cluster of the article it matched best; otherwise the
// article starts a cluster named after it. In memory only.
//
// Thread safety: none.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "dedup/article.h"

namespace newsdedup {

enum class BaselineMode { kMinHash, kSimHash };

class BaselineClusterer {
 public:
  explicit BaselineClusterer(BaselineMode mode);

  // Clusters `article` against those added before; returns its cluster id.
  std::string Add(const Article& article);

 private:
  static constexpr int kPermutations = 128;
  static constexpr int kBands = 32;
  static constexpr int kRows = kPermutations / kBands;

  std::string AddMinHash(const std::vector<uint64_t>& shingles);
  std::string AddSimHash(const std::vector<uint64_t>& shingles);

  BaselineMode mode_;
  std::array<uint64_t, kPermutations> a_{};
  std::array<uint64_t, kPermutations> b_{};
  std::vector<std::string> cluster_;  // by article index
  std::vector<std::array<uint64_t, kPermutations>> signatures_;
  std::vector<uint64_t> simhashes_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> buckets_;
  std::string pending_id_;
};

}  // namespace newsdedup
