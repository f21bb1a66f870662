#include "dedup/evidence.h"

#include <algorithm>

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
                    Evidence& e) {
  e.query_numbers = static_cast<uint32_t>(q.numbers.size());
  e.candidate_numbers = static_cast<uint32_t>(c.numbers.size());
  ForEachShared(q.numbers, c.numbers, [&](uint32_t) { ++e.shared_numbers; });
  const uint32_t smaller = std::min(e.query_numbers, e.candidate_numbers);
  if (smaller > 0) e.number_agreement = double(e.shared_numbers) / smaller;
}

void CompareTerms(const DerivedFeatures& q, const DerivedFeatures& c,
                  const CorpusStats& stats, Evidence& e) {
  double shared = 0;
  ForEachShared(q.terms, c.terms, [&](uint32_t t) { shared += stats.Idf(t); });
  const double smaller =
      std::min(WeightOf(q.terms, stats), WeightOf(c.terms, stats));
  if (smaller > 0) e.term_containment = shared / smaller;
}

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
  // Each sentence of the side with fewer sentences looks for its best
  // counterpart on the other side; a condensed rewrite folds several
  // sentences into one, so the overlap is taken over the shorter sentence.
  const bool query_is_smaller = qs.size() <= cs.size();
  std::vector<bool> aligned_q(qs.size(), false);
  std::vector<bool> aligned_c(cs.size(), false);
  for (size_t i = 0; i < qs.size(); ++i) {
    const std::vector<uint32_t>& qsent = q.sentences[qs[i]];
    const double q_weight = WeightOf(qsent, stats);
    for (size_t j = 0; j < cs.size(); ++j) {
      double shared = 0;
      uint32_t shared_count = 0;
      ForEachShared(qsent, c.sentences[cs[j]], [&](uint32_t t) {
        shared += stats.Idf(t);
        ++shared_count;
      });
      if (shared_count < min_terms) continue;
      const double overlap = shared / std::min(q_weight, c_weight[j]);
      if (overlap < threshold) continue;
      if (!aligned_q[i] || !aligned_c[j]) {
        e.alignments.push_back({qs[i], cs[j], overlap});
      }
      aligned_q[i] = true;
      aligned_c[j] = true;
    }
  }
  const std::vector<bool>& smaller = query_is_smaller ? aligned_q : aligned_c;
  e.aligned_sentences =
      static_cast<uint32_t>(std::count(smaller.begin(), smaller.end(), true));
  e.aligned_share = double(e.aligned_sentences) / smaller.size();
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
  CompareNumbers(query, candidate, e);
  CompareTerms(query, candidate, stats, e);
  AlignSentences(query, candidate, stats, sentence_alignment,
                 min_sentence_terms, e);
  return e;
}

}  // namespace newsdedup
