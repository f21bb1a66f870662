#include "dedup/evidence.h"

#include <algorithm>

#include "dedup/hash.h"
#include "dedup/simhash.h"

namespace newsdedup {
namespace {

// Calls `shared(value)` for each value in both sorted ranges.
template <typename Fn>
void ForEachShared(const std::vector<uint32_t>& a,
                   const std::vector<uint32_t>& b, Fn shared) {
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() && j != b.end()) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      shared(*i);
      ++i;
      ++j;
    }
  }
}

double WeightOf(const std::vector<uint32_t>& terms, const CorpusStats& stats) {
  double sum = 0;
  for (uint32_t t : terms) sum += stats.Idf(t);
  return sum;
}

void CompareShingles(const DerivedFeatures& q, const DerivedFeatures& c,
                     const CorpusStats& stats, Evidence& e) {
  uint32_t q_boiler = 0;
  uint32_t c_boiler = 0;
  for (uint32_t s : q.shingles) q_boiler += stats.IsBoilerplate(s) ? 1 : 0;
  for (uint32_t s : c.shingles) c_boiler += stats.IsBoilerplate(s) ? 1 : 0;
  ForEachShared(q.shingles, c.shingles, [&](uint32_t s) {
    if (stats.IsBoilerplate(s)) {
      ++e.boilerplate_shingles;
    } else {
      ++e.shared_shingles;
    }
  });
  e.query_shingles = static_cast<uint32_t>(q.shingles.size()) - q_boiler;
  e.candidate_shingles = static_cast<uint32_t>(c.shingles.size()) - c_boiler;
  const double shared = e.shared_shingles;
  if (e.query_shingles > 0) e.query_in_candidate = shared / e.query_shingles;
  if (e.candidate_shingles > 0) {
    e.candidate_in_query = shared / e.candidate_shingles;
  }
  e.shingle_containment = std::max(e.query_in_candidate, e.candidate_in_query);
  const double all = e.query_shingles + e.candidate_shingles - shared;
  if (all > 0) e.shingle_resemblance = shared / all;
}

void CompareNumbers(const DerivedFeatures& q, const DerivedFeatures& c,
                    const CorpusStats& stats, Evidence& e) {
  e.query_numbers = static_cast<uint32_t>(q.numbers.size());
  e.candidate_numbers = static_cast<uint32_t>(c.numbers.size());
  double shared_weight = 0;
  ForEachShared(q.numbers, c.numbers, [&](uint32_t n) {
    ++e.shared_numbers;
    shared_weight += stats.Idf(n);
  });
  const uint32_t smaller = std::min(e.query_numbers, e.candidate_numbers);
  if (smaller > 0) e.number_agreement = double(e.shared_numbers) / smaller;
  const double smaller_weight =
      std::min(WeightOf(q.numbers, stats), WeightOf(c.numbers, stats));
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
    const uint64_t slot =
        (uint64_t{previous_word} << 32) | next_word[i + 1];
    slots.emplace_back(slot, terms[i]);
  }
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  return slots;
}

void CompareNumberSlots(const Fingerprint& q, const Fingerprint& c,
                        Evidence& e) {
  const auto qs = NumberSlots(q.terms);
  const auto cs = NumberSlots(c.terms);
  size_t i = 0, j = 0;
  while (i < qs.size() && j < cs.size()) {
    if (qs[i].first < cs[j].first) {
      ++i;
    } else if (cs[j].first < qs[i].first) {
      ++j;
    } else {
      // Both have numbers in this slot: do any of them agree?
      const uint64_t slot = qs[i].first;
      size_t i_end = i, j_end = j;
      while (i_end < qs.size() && qs[i_end].first == slot) ++i_end;
      while (j_end < cs.size() && cs[j_end].first == slot) ++j_end;
      bool agree = false;
      for (size_t a = i; a < i_end && !agree; ++a) {
        for (size_t b = j; b < j_end && !agree; ++b) {
          agree = qs[a].second == cs[b].second;
        }
      }
      ++(agree ? e.number_slot_matches : e.number_slot_conflicts);
      i = i_end;
      j = j_end;
    }
  }
}

void CompareTerms(const DerivedFeatures& q, const DerivedFeatures& c,
                  const CorpusStats& stats, Evidence& e) {
  double shared = 0;
  ForEachShared(q.terms, c.terms, [&](uint32_t t) { shared += stats.Idf(t); });
  const double smaller =
      std::min(WeightOf(q.terms, stats), WeightOf(c.terms, stats));
  if (smaller > 0) e.term_containment = shared / smaller;
}

// Sentence alignment. Every pair of sentences whose IDF-weighted overlap
// (shared weight over the shorter sentence's weight) reaches the threshold is
// a link; the alignment is the longest chain of links in reading order on
// both sides. A rewrite keeps the story's order sentence by sentence (a
// condensed one folds neighbours together), while articles that merely share
// a topic link sentences here and there in no order.
void AlignSentences(const DerivedFeatures& q, const DerivedFeatures& c,
                    const CorpusStats& stats, double threshold,
                    uint32_t min_terms, Evidence& e) {
  auto usable = [&](const DerivedFeatures& f) {
    std::vector<uint32_t> index;
    for (uint32_t i = 0; i < f.sentences.size(); ++i) {
      if (f.sentences[i].size() >= min_terms) index.push_back(i);
    }
    return index;
  };
  const std::vector<uint32_t> qs = usable(q);
  const std::vector<uint32_t> cs = usable(c);
  e.query_sentences = static_cast<uint32_t>(qs.size());
  e.candidate_sentences = static_cast<uint32_t>(cs.size());
  if (qs.empty() || cs.empty()) return;

  std::vector<double> c_weight(cs.size());
  for (size_t j = 0; j < cs.size(); ++j) {
    c_weight[j] = WeightOf(c.sentences[cs[j]], stats);
  }
  // Links, ordered by query sentence and, within one, by candidate sentence
  // descending, so that a strictly increasing run of candidate sentences
  // uses each query sentence at most once.
  std::vector<SentencePair> links;
  for (size_t i = 0; i < qs.size(); ++i) {
    const std::vector<uint32_t>& qsent = q.sentences[qs[i]];
    const double q_weight = WeightOf(qsent, stats);
    for (size_t j = cs.size(); j-- > 0;) {
      double shared = 0;
      uint32_t shared_count = 0;
      ForEachShared(qsent, c.sentences[cs[j]], [&](uint32_t t) {
        shared += stats.Idf(t);
        ++shared_count;
      });
      if (shared_count < min_terms) continue;
      const double overlap = shared / std::min(q_weight, c_weight[j]);
      if (overlap >= threshold) {
        links.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(j),
                         overlap});
      }
    }
  }
  // Longest strictly increasing subsequence of candidate sentences
  // (patience sorting), keeping predecessors to recover the chain.
  std::vector<size_t> tails;  // index into links of the best tail per length
  std::vector<size_t> previous(links.size(), SIZE_MAX);
  for (size_t k = 0; k < links.size(); ++k) {
    auto pos = std::lower_bound(
        tails.begin(), tails.end(), links[k].candidate_sentence,
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

Evidence CompareFeatures(const Fingerprint& query_fp,
                         const DerivedFeatures& query,
                         const Fingerprint& candidate_fp,
                         const DerivedFeatures& candidate,
                         const CorpusStats& stats, double sentence_alignment,
                         uint32_t min_sentence_terms) {
  Evidence e;
  e.same_content = query_fp.content_hash == candidate_fp.content_hash &&
                   query_fp.word_count > 0;
  e.simhash_distance = HammingDistance(query_fp.simhash, candidate_fp.simhash);
  CompareShingles(query, candidate, stats, e);
  CompareNumbers(query, candidate, stats, e);
  CompareNumberSlots(query_fp, candidate_fp, e);
  CompareTerms(query, candidate, stats, e);
  AlignSentences(query, candidate, stats, sentence_alignment,
                 min_sentence_terms, e);
  return e;
}

}  // namespace newsdedup
