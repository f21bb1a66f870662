#include "dedup/story_text.h"

#include <algorithm>

#include <optional>

#include "dedup/hash.h"
#include "dedup/sorted_sets.h"

namespace newsdedup {

std::vector<uint32_t> SentenceHashes(const Fingerprint& fp) {
  std::vector<uint32_t> hashes;
  hashes.reserve(fp.sentence_ends.size());
  uint32_t begin = 0;
  for (uint32_t end : fp.sentence_ends) {
    if (end > fp.terms.size() || end < begin) end = begin;
    hashes.push_back(static_cast<uint32_t>(
        ShingleHash64(fp.terms.data() + begin, end - begin) >> 32));
    begin = end;
  }
  return hashes;
}

Fingerprint WithoutSentences(const Fingerprint& fp,
                             const std::vector<uint8_t>& drop) {
  Fingerprint kept;
  kept.simhash = fp.simhash;
  kept.content_hash = fp.content_hash;
  kept.word_count = fp.word_count;
  kept.terms.reserve(fp.terms.size());
  uint32_t begin = 0;
  for (size_t i = 0; i < fp.sentence_ends.size(); ++i) {
    const uint32_t end = fp.sentence_ends[i];
    if (end > fp.terms.size() || end < begin) break;
    if (i >= drop.size() || !drop[i]) {
      kept.terms.insert(kept.terms.end(), fp.terms.begin() + begin,
                        fp.terms.begin() + end);
      if (end > begin) {
        kept.sentence_ends.push_back(static_cast<uint32_t>(kept.terms.size()));
      }
    }
    begin = end;
  }
  return kept;
}

namespace {

// The distinct terms of the one block of sentences of `fp` sharing no
// shingle with `other_shingles`, when every sentence that does share one
// is before or after it; nothing otherwise.
std::optional<std::vector<uint32_t>> UnsharedMiddle(
    const Fingerprint& fp, const std::vector<uint32_t>& other_shingles,
    const FingerprintOptions& options, uint32_t min_terms) {
  const std::vector<uint64_t> shingles =
      ShingleHashes(fp.terms, options.shingle_size);
  // 0: passed over, 1: shares, 2: shares nothing.
  std::vector<uint8_t> kind;
  uint32_t begin = 0;
  for (uint32_t end : fp.sentence_ends) {
    uint8_t k = 0;
    if (end - begin >= min_terms) {
      k = 2;
      for (uint32_t p = begin; p < end && p < shingles.size(); ++p) {
        if (IsAnchorShingle(shingles[p], options.shingle_sampling) &&
            std::binary_search(other_shingles.begin(), other_shingles.end(),
                               static_cast<uint32_t>(shingles[p] >> 32))) {
          k = 1;
          break;
        }
      }
    }
    kind.push_back(k);
    begin = end;
  }
  size_t first = kind.size(), last = 0;
  bool shared = false;
  for (size_t i = 0; i < kind.size(); ++i) {
    if (kind[i] == 2) {
      first = std::min(first, i);
      last = i;
    }
    shared = shared || kind[i] == 1;
  }
  if (!shared || first == kind.size()) return std::nullopt;
  for (size_t i = first; i <= last; ++i) {
    if (kind[i] == 1) return std::nullopt;  // shared text inside the story
  }
  // One sentence sharing nothing is a sentence edited or dropped, not a
  // story: the block needs two, or half of the text.
  size_t sentences = 0;
  for (size_t i = first; i <= last; ++i) sentences += kind[i] == 2;
  const uint32_t from = first == 0 ? 0 : fp.sentence_ends[first - 1];
  if (sentences < 2 && 2 * (fp.sentence_ends[last] - from) < fp.terms.size()) {
    return std::nullopt;
  }
  std::vector<uint32_t> terms;
  terms.assign(fp.terms.begin() + from,
               fp.terms.begin() + fp.sentence_ends[last]);
  SortUnique(terms);
  return terms;
}

}  // namespace

bool SharesOnlyEdges(const Fingerprint& a, const DerivedFeatures& a_features,
                     const Fingerprint& b, const DerivedFeatures& b_features,
                     const FingerprintOptions& options,
                     uint32_t min_sentence_terms, double max_middle_overlap) {
  const std::optional<std::vector<uint32_t>> a_middle = UnsharedMiddle(
      a, b_features.shingles, options, min_sentence_terms);
  if (!a_middle) return false;
  const std::optional<std::vector<uint32_t>> b_middle = UnsharedMiddle(
      b, a_features.shingles, options, min_sentence_terms);
  if (!b_middle) return false;
  const size_t smaller = std::min(a_middle->size(), b_middle->size());
  if (smaller == 0) return false;
  size_t common = 0;
  ForEachSharedAt(*a_middle, *b_middle, [&](size_t, size_t) { ++common; });
  return common < max_middle_overlap * smaller;
}

std::string KeptText(const std::vector<std::string>& sentence_texts,
                     const std::vector<uint8_t>& drop) {
  std::string text;
  for (size_t i = 0; i < sentence_texts.size(); ++i) {
    if (i < drop.size() && drop[i]) continue;
    text += sentence_texts[i];
    text += '\n';
  }
  return text;
}

}  // namespace newsdedup
