#include "dedup/evidence.h"

#include <algorithm>
#include <climits>
#include <span>

#include "dedup/dates.h"
#include "dedup/hash.h"
#include "dedup/sorted_sets.h"
#include "dedup/simhash.h"

namespace newsdedup {
namespace {

void CompareShingles(const WeighedFeatures& q, const WeighedFeatures& c,
                     Evidence& e) {
  ForEachSharedAt(q.features->shingles, c.features->shingles,
                  [&](size_t i, size_t) {
                    if (q.boilerplate[i]) {
                      ++e.boilerplate_shingles;
                    } else {
                      ++e.shared_shingles;
                    }
                  });
  e.query_shingles =
      static_cast<uint32_t>(q.features->shingles.size()) - q.boilerplate_count;
  e.candidate_shingles =
      static_cast<uint32_t>(c.features->shingles.size()) - c.boilerplate_count;
  const double shared = e.shared_shingles;
  if (e.query_shingles > 0) e.query_in_candidate = shared / e.query_shingles;
  if (e.candidate_shingles > 0) {
    e.candidate_in_query = shared / e.candidate_shingles;
  }
  e.shingle_containment = std::max(e.query_in_candidate, e.candidate_in_query);
  const double all = e.query_shingles + e.candidate_shingles - shared;
  if (all > 0) e.shingle_resemblance = shared / all;
}

void CompareNumbers(const WeighedFeatures& q, const WeighedFeatures& c,
                    Evidence& e) {
  e.query_numbers = static_cast<uint32_t>(q.features->numbers.size());
  e.candidate_numbers = static_cast<uint32_t>(c.features->numbers.size());
  double shared_weight = 0;
  ForEachSharedAt(q.features->numbers, c.features->numbers,
                  [&](size_t i, size_t) {
                    ++e.shared_numbers;
                    shared_weight += q.WeightOf(q.features->numbers[i]);
                  });
  const uint32_t smaller = std::min(e.query_numbers, e.candidate_numbers);
  if (smaller > 0) e.number_agreement = double(e.shared_numbers) / smaller;
  const double smaller_weight = std::min(q.number_weight, c.number_weight);
  if (smaller_weight > 0) {
    e.weighted_number_agreement = shared_weight / smaller_weight;
  }
}

// The slot of each number: the nearest word term before it and after it.
// Returns (slot hash, number) pairs sorted by slot.
std::vector<std::pair<uint64_t, uint32_t>> NumberSlots(
    const std::vector<uint32_t>& terms) {
  std::vector<std::pair<uint64_t, uint32_t>> slots;
  const size_t n = terms.size();
  // next_word[i]: the first word term at or after i (0 if none).
  std::vector<uint32_t> next_word(n + 1, 0);
  for (size_t i = n; i-- > 0;) {
    next_word[i] = IsNumberTerm(terms[i]) ? next_word[i + 1] : terms[i];
  }
  uint32_t previous_word = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!IsNumberTerm(terms[i])) {
      previous_word = terms[i];
      continue;
    }
    const uint64_t slot = (uint64_t{previous_word} << 32) | next_word[i + 1];
    slots.emplace_back(slot, terms[i]);
  }
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  return slots;
}

// The slot of each date ("March 3", "3 March"; dedup/dates.h): the word
// term before it, as in "WASHINGTON, March 3" or "ended March 3". What
// follows a date is often the story's own. Returns (slot, DateTermId)
// pairs sorted by slot.
std::vector<std::pair<uint64_t, uint32_t>> DateSlots(
    const std::vector<uint32_t>& terms) {
  std::vector<std::pair<uint64_t, uint32_t>> slots;
  const size_t n = terms.size();
  uint32_t previous_word = 0;
  uint32_t word_before_previous = 0;
  for (size_t i = 0; i < n; ++i) {
    const uint32_t term = terms[i];
    if (!IsNumberTerm(term)) {
      word_before_previous = previous_word;
      previous_word = term;
      continue;
    }
    const int day = DayOfTerm(term);
    if (day == 0) continue;
    if (const int month = i > 0 ? MonthOfTerm(terms[i - 1]) : 0) {
      slots.emplace_back(word_before_previous, DateTermId(month, day));
    } else if (const int month_after =
                   i + 1 < n ? MonthOfTerm(terms[i + 1]) : 0) {
      slots.emplace_back(previous_word, DateTermId(month_after, day));
      word_before_previous = previous_word;
      previous_word = terms[++i];
    }
  }
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  return slots;
}

// Walks the slots both sides fill, calling `judge(query values, candidate
// values)` for each; the values of a slot are adjacent spans of the sorted
// pairs.
template <typename Judge>
void ForEachSharedSlot(const std::vector<std::pair<uint64_t, uint32_t>>& qs,
                       const std::vector<std::pair<uint64_t, uint32_t>>& cs,
                       Judge judge) {
  size_t i = 0, j = 0;
  while (i < qs.size() && j < cs.size()) {
    if (qs[i].first < cs[j].first) {
      ++i;
    } else if (cs[j].first < qs[i].first) {
      ++j;
    } else {
      const uint64_t slot = qs[i].first;
      size_t i_end = i, j_end = j;
      while (i_end < qs.size() && qs[i_end].first == slot) ++i_end;
      while (j_end < cs.size() && cs[j_end].first == slot) ++j_end;
      judge(std::span(qs.data() + i, i_end - i),
            std::span(cs.data() + j, j_end - j));
      i = i_end;
      j = j_end;
    }
  }
}

using SlotValues = std::span<const std::pair<uint64_t, uint32_t>>;

bool AnyValueShared(SlotValues a, SlotValues b) {
  for (const auto& x : a) {
    for (const auto& y : b) {
      if (x.second == y.second) return true;
    }
  }
  return false;
}

void CompareNumberSlots(const WeighedFeatures& q, const WeighedFeatures& c,
                        Evidence& e) {
  ForEachSharedSlot(q.number_slots, c.number_slots,
                    [&](SlotValues a, SlotValues b) {
                      ++(AnyValueShared(a, b) ? e.number_slot_matches
                                              : e.number_slot_conflicts);
                    });
  ForEachSharedSlot(q.date_slots, c.date_slots,
                    [&](SlotValues a, SlotValues b) {
                      if (AnyValueShared(a, b)) {
                        ++e.date_slot_matches;
                        return;
                      }
                      ++e.date_slot_conflicts;
                      // How far apart the slot's closest dates are.
                      int gap = INT_MAX;
                      for (const auto& x : a) {
                        for (const auto& y : b) {
                          gap = std::min(gap, DaysBetween(x.second, y.second));
                        }
                      }
                      e.date_gap_days = std::max(e.date_gap_days, gap);
                    });
}

void CompareTerms(const WeighedFeatures& q, const WeighedFeatures& c,
                  Evidence& e) {
  double shared = 0;
  ForEachSharedAt(q.features->terms, c.features->terms,
                  [&](size_t i, size_t) { shared += q.term_weights[i]; });
  const double smaller = std::min(q.total_weight, c.total_weight);
  if (smaller > 0) e.term_containment = shared / smaller;
}

// AlignSentences' working arrays (see there).
struct AlignmentScratch {
  std::vector<uint32_t> query_sentences, candidate_sentences, in_candidate;
  std::vector<uint32_t> row_start, rows, fill, shared_count, touched;
  std::vector<uint8_t> shared_term;
  std::vector<double> shared;
  std::vector<SentencePair> links;
  std::vector<size_t> tails, previous;
};

// Sentence alignment. Every pair of sentences whose IDF-weighted overlap
// (shared weight over the shorter sentence's weight) reaches the threshold is
// a link; the alignment is the longest chain of links in reading order on
// both sides. A rewrite keeps the story's order sentence by sentence (a
// condensed one folds neighbours together), while articles that merely share
// a topic link sentences here and there in no order.
//
// Overlaps are accumulated through the shared terms only (each shared term
// adds its weight to every pair of sentences holding it), so the cost
// follows what the two texts share rather than the product of their
// sentence counts: unrelated candidates cost almost nothing.
void AlignSentences(const WeighedFeatures& qw, const WeighedFeatures& cw,
                    double threshold, uint32_t min_terms, Evidence& e) {
  const DerivedFeatures& q = *qw.features;
  const DerivedFeatures& c = *cw.features;
  // Working arrays, kept per thread: this runs on the decision thread for
  // every candidate that shares terms, and a dozen allocations each time
  // showed in that thread's profile.
  thread_local AlignmentScratch scratch;
  auto usable = [&](const DerivedFeatures& f, std::vector<uint32_t>& index) {
    index.clear();
    for (uint32_t i = 0; i < f.sentence_count(); ++i) {
      if (f.Sentence(i).size() >= min_terms) index.push_back(i);
    }
  };
  std::vector<uint32_t>& qs = scratch.query_sentences;
  std::vector<uint32_t>& cs = scratch.candidate_sentences;
  usable(q, qs);
  usable(c, cs);
  e.query_sentences = static_cast<uint32_t>(qs.size());
  e.candidate_sentences = static_cast<uint32_t>(cs.size());
  if (qs.empty() || cs.empty()) return;

  // The candidate's position of each query term (kNone when not shared).
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t>& in_candidate = scratch.in_candidate;
  in_candidate.assign(q.terms.size(), kNone);
  ForEachSharedAt(q.terms, c.terms, [&](size_t i, size_t j) {
    in_candidate[i] = static_cast<uint32_t>(j);
  });
  // For each shared candidate term, the usable candidate sentences (by
  // their place in `cs`) holding it: a compressed row per term.
  std::vector<uint32_t>& row_start = scratch.row_start;
  std::vector<uint8_t>& shared_term = scratch.shared_term;
  row_start.assign(c.terms.size() + 1, 0);
  shared_term.assign(c.terms.size(), 0);
  for (uint32_t j : in_candidate) {
    if (j != kNone) shared_term[j] = 1;
  }
  for (uint32_t s : cs) {
    for (uint32_t t : c.Sentence(s)) row_start[t + 1] += shared_term[t];
  }
  for (size_t t = 0; t < c.terms.size(); ++t) row_start[t + 1] += row_start[t];
  std::vector<uint32_t>& rows = scratch.rows;
  rows.resize(row_start.back());
  {
    std::vector<uint32_t>& fill = scratch.fill;
    fill.assign(row_start.begin(), row_start.end() - 1);
    for (uint32_t k = 0; k < cs.size(); ++k) {
      for (uint32_t t : c.Sentence(cs[k])) {
        if (shared_term[t]) rows[fill[t]++] = k;
      }
    }
  }

  // Links, ordered by query sentence and, within one, by candidate sentence
  // descending, so that a strictly increasing run of candidate sentences
  // uses each query sentence at most once.
  std::vector<SentencePair>& links = scratch.links;
  std::vector<double>& shared = scratch.shared;
  std::vector<uint32_t>& shared_count = scratch.shared_count;
  std::vector<uint32_t>& touched = scratch.touched;
  links.clear();
  shared.assign(cs.size(), 0.0);
  shared_count.assign(cs.size(), 0);
  touched.clear();
  for (size_t i = 0; i < qs.size(); ++i) {
    for (uint32_t t : q.Sentence(qs[i])) {
      const uint32_t j = in_candidate[t];
      if (j == kNone) continue;
      const double weight = qw.term_weights[t];
      for (uint32_t r = row_start[j]; r < row_start[j + 1]; ++r) {
        const uint32_t k = rows[r];
        if (shared_count[k]++ == 0) touched.push_back(k);
        shared[k] += weight;
      }
    }
    std::sort(touched.begin(), touched.end(), std::greater<>());
    const double q_weight = qw.sentence_weights[qs[i]];
    for (uint32_t k : touched) {
      if (shared_count[k] >= min_terms) {
        const double overlap =
            shared[k] / std::min(q_weight, cw.sentence_weights[cs[k]]);
        if (overlap >= threshold) {
          links.push_back({static_cast<uint32_t>(i), k, overlap});
        }
      }
      shared[k] = 0;
      shared_count[k] = 0;
    }
    touched.clear();
  }
  // Longest strictly increasing subsequence of candidate sentences
  // (patience sorting), keeping predecessors to recover the chain.
  std::vector<size_t>& tails = scratch.tails;  // best tail per length
  std::vector<size_t>& previous = scratch.previous;
  tails.clear();
  previous.assign(links.size(), SIZE_MAX);
  for (size_t k = 0; k < links.size(); ++k) {
    auto pos = std::lower_bound(tails.begin(), tails.end(),
                                links[k].candidate_sentence,
                                [&](size_t t, uint32_t value) {
                                  return links[t].candidate_sentence < value;
                                });
    if (pos != tails.begin()) previous[k] = *(pos - 1);
    if (pos == tails.end()) {
      tails.push_back(k);
    } else {
      *pos = k;
    }
  }
  std::vector<SentencePair> chain;
  for (size_t k = tails.empty() ? SIZE_MAX : tails.back(); k != SIZE_MAX;
       k = previous[k]) {
    SentencePair link = links[k];
    link.query_sentence = qs[link.query_sentence];
    link.candidate_sentence = cs[link.candidate_sentence];
    chain.push_back(link);
  }
  std::reverse(chain.begin(), chain.end());
  e.aligned_sentences = static_cast<uint32_t>(chain.size());
  e.aligned_share =
      double(e.aligned_sentences) / std::min(qs.size(), cs.size());
  e.alignments = std::move(chain);
}

}  // namespace

double WeighedFeatures::WeightOf(uint32_t term) const {
  const std::vector<uint32_t>& terms = features->terms;
  auto it = std::lower_bound(terms.begin(), terms.end(), term);
  return it != terms.end() && *it == term ? term_weights[it - terms.begin()]
                                          : 0.0;
}

namespace {

WeighedFeatures WeighTerms(const Fingerprint& fingerprint,
                           const DerivedFeatures& features,
                           const CorpusStats& stats) {
  WeighedFeatures w;
  w.fingerprint = &fingerprint;
  w.features = &features;
  const uint32_t unseen_words = stats.Idfs(features.terms, w.term_weights);
  size_t words = 0;
  for (size_t i = 0; i < features.terms.size(); ++i) {
    w.total_weight += w.term_weights[i];
    if (IsNumberTerm(features.terms[i])) {
      w.number_weight += w.term_weights[i];
    } else {
      ++words;
    }
  }
  if (words > 0) w.unseen_word_share = double(unseen_words) / words;
  w.sentence_weights.reserve(features.sentence_count());
  for (size_t i = 0; i < features.sentence_count(); ++i) {
    double sum = 0;
    for (uint32_t position : features.Sentence(i)) {
      sum += w.term_weights[position];
    }
    w.sentence_weights.push_back(sum);
  }
  if (!features.numbers.empty()) {
    w.number_slots = NumberSlots(fingerprint.terms);
    w.date_slots = DateSlots(fingerprint.terms);
  }
  return w;
}

}  // namespace

void CorpusStats::MarkBoilerplate(const Fingerprint&,
                                  const DerivedFeatures& features,
                                  std::vector<uint8_t>& flags) const {
  flags.clear();
  for (uint32_t s : features.shingles) {
    flags.push_back(IsBoilerplate(s) ? 1 : 0);
  }
}

WeighedFeatures Weigh(const Fingerprint& fingerprint,
                      const DerivedFeatures& features,
                      const CorpusStats& stats) {
  WeighedFeatures w = WeighTerms(fingerprint, features, stats);
  stats.MarkBoilerplate(fingerprint, features, w.boilerplate);
  for (uint8_t flag : w.boilerplate) w.boilerplate_count += flag;
  return w;
}

WeighedFeatures WeighCandidate(const Fingerprint& fingerprint,
                               const DerivedFeatures& features,
                               const CorpusStats& stats,
                               uint32_t boilerplate_count) {
  WeighedFeatures w = WeighTerms(fingerprint, features, stats);
  w.boilerplate_count = boilerplate_count;
  return w;
}

Evidence CompareFeatures(const WeighedFeatures& query,
                         const WeighedFeatures& candidate,
                         double sentence_alignment, uint32_t min_sentence_terms,
                         double align_from_term_containment) {
  Evidence e;
  const Fingerprint& qf = *query.fingerprint;
  const Fingerprint& cf = *candidate.fingerprint;
  e.same_content = qf.content_hash == cf.content_hash && qf.word_count > 0;
  e.simhash_distance = HammingDistance(qf.simhash, cf.simhash);
  CompareShingles(query, candidate, e);
  CompareNumbers(query, candidate, e);
  CompareNumberSlots(query, candidate, e);
  e.query_unseen_share = query.unseen_word_share;
  CompareTerms(query, candidate, e);
  if (e.term_containment >= align_from_term_containment) {
    e.sentences_aligned = true;
    AlignSentences(query, candidate, sentence_alignment, min_sentence_terms, e);
  }
  return e;
}

}  // namespace newsdedup
