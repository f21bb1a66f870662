// Evidence: everything measured when one article is compared with one stored
// candidate, and the comparison that measures it. The copy decision
// (dedup/decision.h) reads only this, and `newsdedup explain` prints it.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "dedup/fingerprint.h"

namespace newsdedup {

// Corpus statistics the comparison weighs features by. Implemented by the
// detector's index; a fake in tests.
class CorpusStats {
 public:
  virtual ~CorpusStats() = default;
  // Inverse document frequency of a content term in the store.
  virtual double Idf(uint32_t term) const = 0;
  // The same for each of `terms` (sorted, distinct) into `idf`: one call
  // per article, so that an index can overlap its lookups. Returns how many
  // of the word terms (numbers left out) the store has (next to) never
  // seen: new names, and the garbled words of damaged text. A store that
  // cannot tell returns 0.
  virtual uint32_t Idfs(const std::vector<uint32_t>& terms,
                        std::vector<double>& idf) const {
    idf.clear();
    for (uint32_t t : terms) idf.push_back(Idf(t));
    return 0;
  }
  // True if a shingle occurs in so many distinct clusters that it is an
  // outlet's or a template's fixed text rather than a story's.
  virtual bool IsBoilerplate(uint32_t shingle) const = 0;
  // For each of `features.shingles` (of `fingerprint`), whether it is
  // boilerplate, into `flags`. By default shingle by shingle; a store that
  // judges only some shingles extends its judgement to the sentences they
  // are in.
  virtual void MarkBoilerplate(const Fingerprint& fingerprint,
                               const DerivedFeatures& features,
                               std::vector<uint8_t>& flags) const;
  // For each sentence of `features` (its lines), whether it is boilerplate
  // as a whole: a line that recurs across many stories, not the story's
  // own text. By default none is.
  virtual void MarkBoilerplateSentences(const DerivedFeatures& features,
                                        std::vector<uint8_t>& flags) const {
    flags.assign(features.lines.size(), 0);
  }
};

struct SentencePair {
  uint32_t query_sentence;
  uint32_t candidate_sentence;
  double overlap;  // IDF-weighted share of the shorter sentence's terms
};

struct Evidence {
  uint32_t candidate = 0;  // ordinal of the stored article

  bool same_content = false;  // equal normalised word sequence
  int simhash_distance = 64;

  // Shingles, boilerplate left out of every count.
  uint32_t query_shingles = 0;
  uint32_t candidate_shingles = 0;
  uint32_t shared_shingles = 0;
  uint32_t boilerplate_shingles = 0;  // shared ones that were left out
  double query_in_candidate = 0;      // shared / query
  double candidate_in_query = 0;      // shared / candidate
  double shingle_containment = 0;     // shared / smaller
  double shingle_resemblance = 0;     // Jaccard

  // Figures: distinct numbers of each side and those they share.
  uint32_t query_numbers = 0;
  uint32_t candidate_numbers = 0;
  uint32_t shared_numbers = 0;
  double number_agreement = 0;  // shared / smaller; 0 when a side has none
  // The same weighted by rarity: a shared "1,519,000" says more than a
  // shared "1987".
  double weighted_number_agreement = 0;

  // Figures in the same place: numbers of the two texts that stand between
  // the same words. A copy repeats them (matches); a recurring story written
  // to one template puts other figures in the same slots (conflicts).
  uint32_t number_slot_matches = 0;
  uint32_t number_slot_conflicts = 0;
  // Dates in the same place (dedup/dates.h): after the same word. And the
  // most days between the closest dates of a slot in conflict.
  uint32_t date_slot_matches = 0;
  uint32_t date_slot_conflicts = 0;
  int date_gap_days = 0;

  // Share of the query's word terms that no other stored article has. Clean
  // text has few (new names); OCR damage makes many, and misreads figures.
  double query_unseen_share = 0;

  // Share of the smaller text's character 5-grams found in the other
  // (dedup/char_grams.h); negative when not computed. Computed only where
  // the decision needs it (NeedsCharEvidence), since it reads both texts.
  double char_containment = -1;

  // Rewording-robust evidence.
  double term_containment = 0;   // IDF-weighted shared terms / smaller side
  uint32_t query_sentences = 0;  // sentences long enough to align
  uint32_t candidate_sentences = 0;
  // The longest chain of aligned sentence pairs in reading order on both
  // sides, and its length over the sentence count of the shorter article.
  // Not computed (sentences_aligned false, everything 0) when the terms
  // the texts share are too few for the alignment to matter.
  bool sentences_aligned = false;
  uint32_t aligned_sentences = 0;
  double aligned_share = 0;
  std::vector<SentencePair> alignments;

  // Titles (dedup/title.h), set by the detector: distinct terms of the
  // smaller title, the IDF-weighted share of them found in the other, and
  // whether the query's title is a stock title many stories share.
  uint32_t title_terms = 0;
  double title_containment = 0;
  bool stock_title = false;
};

// One side of a comparison weighed by the corpus statistics: computed once
// per article and Match (the query's is shared by all its candidates), so
// that comparing does no statistics lookups of its own.
struct WeighedFeatures {
  const Fingerprint* fingerprint = nullptr;
  const DerivedFeatures* features = nullptr;
  std::vector<double> term_weights;  // IDF, parallel to features->terms
  std::vector<uint8_t> boilerplate;  // 1 per boilerplate shingle
  uint32_t boilerplate_count = 0;
  double total_weight = 0;  // of all terms
  // Share of the word terms no other stored article has (CorpusStats::Idfs).
  double unseen_word_share = 0;
  double number_weight = 0;              // of the number terms
  std::vector<double> sentence_weights;  // one per sentence of features
  // (slot, number) for each number: the slot hashes the nearest word before
  // and after it. Sorted.
  std::vector<std::pair<uint64_t, uint32_t>> number_slots;
  // (slot, date) for each date: the slot is the word before it. Sorted.
  std::vector<std::pair<uint64_t, uint32_t>> date_slots;

  // IDF of `term`, which must be one of this side's terms.
  double WeightOf(uint32_t term) const;
};

// REQUIRES: `fingerprint` and `features` outlive the result.
WeighedFeatures Weigh(const Fingerprint& fingerprint,
                      const DerivedFeatures& features,
                      const CorpusStats& stats);

// The same for a stored candidate whose boilerplate shingles were counted
// when it was stored: only the query side of a comparison needs per-shingle
// flags (shared shingles are judged by them), the candidate only its count.
WeighedFeatures WeighCandidate(const Fingerprint& fingerprint,
                               const DerivedFeatures& features,
                               const CorpusStats& stats,
                               uint32_t boilerplate_count);

// Compares `query` with `candidate`, both weighed by the same statistics.
// `sentence_alignment` is the overlap at which two sentences count as
// aligned; `min_sentence_terms` the terms a sentence needs to take part.
// Sentences are aligned only when term containment reaches
// `align_from_term_containment` (0: always): alignment is the costliest
// measure and tells nothing about texts that share few terms.
Evidence CompareFeatures(const WeighedFeatures& query,
                         const WeighedFeatures& candidate,
                         double sentence_alignment, uint32_t min_sentence_terms,
                         double align_from_term_containment = 0);

}  // namespace newsdedup
