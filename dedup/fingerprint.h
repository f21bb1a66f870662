// Fingerprint: what newsdedup keeps of an article's text to find and judge
// its copies, and the features derived from it.
//
// A Fingerprint is computed once per article (Fingerprinter, pure and
// thread-safe) and stored. It holds the article's content terms in reading
// order: every word that is not a stop word, stemmed and hashed to 32 bits,
// and every number in canonical form (NumberTermId), split into sentences.
// Everything the detector compares is derived from that sequence
// (DerivedFeatures): shingles of consecutive terms for copied text, the set of
// terms for reworded text, the set of numbers for the figures a story reports,
// and the term set of each sentence for sentence-level alignment.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "dedup/article.h"
#include "dedup/options.h"

namespace newsdedup {

struct Fingerprint {
  // SimHash of the article's shingles; near-identical texts differ in few bits.
  uint64_t simhash = 0;
  // XXH3 of the normalised word sequence: equal for texts that differ only in
  // case, punctuation, spacing or Unicode form.
  uint64_t content_hash = 0;
  // Content term ids in reading order (see dedup/hash.h).
  std::vector<uint32_t> terms;
  // Exclusive end index in `terms` of each sentence; the last equals
  // terms.size(). Empty when there are no terms.
  std::vector<uint32_t> sentence_ends;
  // Running words in the body, stop words included.
  uint32_t word_count = 0;
  // The title's content terms in reading order, made as the body's are.
  // Not part of the hashes above: the title is evidence of its own.
  std::vector<uint32_t> title_terms;
};

// Computes fingerprints. Thread-safe: const, and the stemmer it uses is
// per-thread.
class Fingerprinter {
 public:
  explicit Fingerprinter(FingerprintOptions options);

  // With `sentence_texts`, also returns the normalised text of each
  // sentence, parallel to the fingerprint's sentence_ends (for explaining
  // which passages aligned).
  Fingerprint Compute(const Article& article,
                      std::vector<std::string>* sentence_texts = nullptr) const;

  // The normalised text of each sentence of `body`, as Compute returns it,
  // without computing the fingerprint (nothing is stemmed or hashed).
  std::vector<std::string> SentenceTexts(std::string_view body) const;

  const FingerprintOptions& options() const { return options_; }

 private:
  FingerprintOptions options_;
};

// Features the comparison works on, derived from a Fingerprint. Every vector
// is sorted and free of duplicates.
struct DerivedFeatures {
  // Upper 32 bits of the shingle hashes kept by the sampling rule
  // (IsAnchorShingle): the shingles that are indexed and compared.
  std::vector<uint32_t> shingles;
  std::vector<uint32_t> terms;    // distinct content terms
  std::vector<uint32_t> numbers;  // distinct number terms (subset of terms)

  // Sentences, each as the sorted positions in `terms` of its distinct
  // terms: sentence i is sentence_terms[sentence_offsets[i] ..
  // sentence_offsets[i + 1]). Positions rather than term ids so that a
  // comparison reads a term's weight by index, and one flat array so that a
  // cached article costs two allocations, not one per sentence.
  std::vector<uint32_t> sentence_terms;
  std::vector<uint32_t> sentence_offsets{0};

  // A hash of each sentence of the fingerprint (its sentence_ends), of its
  // terms in order (dedup/story_text.h): how recurring lines are told.
  std::vector<uint32_t> lines;

  size_t sentence_count() const { return sentence_offsets.size() - 1; }
  std::span<const uint32_t> Sentence(size_t i) const {
    return {sentence_terms.data() + sentence_offsets[i],
            sentence_terms.data() + sentence_offsets[i + 1]};
  }
};

DerivedFeatures DeriveFeatures(const Fingerprint& fingerprint,
                               const FingerprintOptions& options);

// Content-defined sampling: a shingle is kept when its hash falls in one
// 1/sampling-th of the hash space, so two texts keep the same shingles of
// the text they share, and containment estimated on kept shingles is
// unbiased. sampling 1 keeps every shingle.
inline bool IsAnchorShingle(uint64_t shingle_hash, uint32_t sampling) {
  return sampling <= 1 || (shingle_hash % sampling) == 0;
}

// 64-bit hashes of the shingles of `terms`, in order (with repeats).
// A sequence shorter than `shingle_size` yields one shingle of all of it.
std::vector<uint64_t> ShingleHashes(const std::vector<uint32_t>& terms,
                                    int shingle_size);

}  // namespace newsdedup
