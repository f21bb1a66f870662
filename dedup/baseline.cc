#include "dedup/baseline.h"

#include <xxhash.h>

#include <algorithm>

#include "dedup/hash.h"
#include "dedup/simhash.h"
#include "dedup/text.h"

namespace newsdedup {
namespace {

constexpr uint64_t kMersenne61 = (uint64_t{1} << 61) - 1;
constexpr int kShingleWords = 5;
constexpr double kMinHashThreshold = 0.5;
constexpr int kSimHashDistance = 3;

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// (a * x + b) mod 2^61-1, with x reduced first.
uint64_t Permute(uint64_t a, uint64_t b, uint64_t x) {
  x %= kMersenne61;
  const unsigned __int128 product = static_cast<unsigned __int128>(a) * x + b;
  uint64_t r = static_cast<uint64_t>(product & kMersenne61) +
               static_cast<uint64_t>(product >> 61);
  r = (r & kMersenne61) + (r >> 61);
  return r >= kMersenne61 ? r - kMersenne61 : r;
}

std::vector<uint64_t> WordShingles(const std::string& body) {
  const std::string normalized = NormalizeText(body);
  std::vector<uint64_t> words;
  for (const Token& t : Tokenize(normalized)) words.push_back(Hash64(t.text));
  std::vector<uint64_t> shingles;
  if (words.empty()) return shingles;
  const size_t k = std::min<size_t>(kShingleWords, words.size());
  for (size_t i = 0; i + k <= words.size(); ++i) {
    shingles.push_back(XXH3_64bits(&words[i], k * sizeof(uint64_t)));
  }
  std::sort(shingles.begin(), shingles.end());
  shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
  return shingles;
}

}  // namespace

BaselineClusterer::BaselineClusterer(BaselineMode mode) : mode_(mode) {
  uint64_t state = 0x6e65777364656475ull;
  for (int i = 0; i < kPermutations; ++i) {
    a_[i] = SplitMix64(state) % (kMersenne61 - 1) + 1;
    b_[i] = SplitMix64(state) % kMersenne61;
  }
}

std::string BaselineClusterer::Add(const Article& article) {
  pending_id_ = article.id;
  const std::vector<uint64_t> shingles = WordShingles(article.body);
  return mode_ == BaselineMode::kMinHash ? AddMinHash(shingles)
                                         : AddSimHash(shingles);
}

std::string BaselineClusterer::AddMinHash(
    const std::vector<uint64_t>& shingles) {
  std::array<uint64_t, kPermutations> signature;
  signature.fill(UINT64_MAX);
  for (uint64_t s : shingles) {
    for (int i = 0; i < kPermutations; ++i) {
      signature[i] = std::min(signature[i], Permute(a_[i], b_[i], s));
    }
  }
  const uint32_t index = static_cast<uint32_t>(cluster_.size());
  std::vector<uint64_t> keys;
  for (int band = 0; band < kBands; ++band) {
    keys.push_back(XXH3_64bits_withSeed(&signature[band * kRows],
                                        kRows * sizeof(uint64_t), band));
  }
  double best = 0;
  int64_t best_index = -1;
  if (!shingles.empty()) {
    std::vector<uint32_t> candidates;
    for (uint64_t key : keys) {
      auto it = buckets_.find(key);
      if (it != buckets_.end()) {
        candidates.insert(candidates.end(), it->second.begin(),
                          it->second.end());
      }
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()),
                     candidates.end());
    for (uint32_t c : candidates) {
      int equal = 0;
      for (int i = 0; i < kPermutations; ++i) {
        equal += signatures_[c][i] == signature[i];
      }
      const double j = double(equal) / kPermutations;
      if (j >= kMinHashThreshold && j > best) {
        best = j;
        best_index = c;
      }
    }
    for (uint64_t key : keys) buckets_[key].push_back(index);
  }
  signatures_.push_back(signature);
  cluster_.push_back(best_index >= 0 ? cluster_[best_index] : pending_id_);
  return cluster_.back();
}

std::string BaselineClusterer::AddSimHash(
    const std::vector<uint64_t>& shingles) {
  const uint64_t hash = SimHash(shingles);
  const uint32_t index = static_cast<uint32_t>(cluster_.size());
  int best = kSimHashDistance + 1;
  int64_t best_index = -1;
  if (!shingles.empty()) {
    for (int block = 0; block < 4; ++block) {
      const uint64_t key =
          (uint64_t(block) << 16) | ((hash >> (16 * block)) & 0xFFFF);
      auto it = buckets_.find(key);
      if (it == buckets_.end()) continue;
      for (uint32_t c : it->second) {
        const int d = HammingDistance(hash, simhashes_[c]);
        if (d < best || (d == best && best_index >= 0 && c < best_index)) {
          best = d;
          best_index = c;
        }
      }
    }
    for (int block = 0; block < 4; ++block) {
      const uint64_t key =
          (uint64_t(block) << 16) | ((hash >> (16 * block)) & 0xFFFF);
      buckets_[key].push_back(index);
    }
  }
  simhashes_.push_back(hash);
  cluster_.push_back(best_index >= 0 ? cluster_[best_index] : pending_id_);
  return cluster_.back();
}

}  // namespace newsdedup
