#include "dedup/detector.h"

#include <algorithm>
#include <cmath>

#include "dedup/char_grams.h"
#include "dedup/hash.h"
#include "dedup/sorted_sets.h"
#include "dedup/story_features.h"
#include "dedup/story_text.h"
#include "dedup/title.h"

namespace newsdedup {
namespace {

// Smoothed inverse document frequency of a term in `df` of `n` articles.
double InverseDocumentFrequency(double n, double df) {
  return std::log((1.0 + n) / (1.0 + df)) + 1.0;
}

// True when `count` articles (the text itself among them) of `stored` have
// a word: no other, or fewer than `share` of them (DecisionOptions::
// unseen_word_share).
bool Unseen(uint32_t count, double stored, double share) {
  return count <= 1 || count - 1 < share * stored;
}

}  // namespace

template <typename Visit>
void Detector::ForEachPosted(IndexKind kind, uint32_t key,
                             Visit visit) const {
  if (!shards_) {
    const PostingIndex& index = kind == IndexKind::kShingles ? shingles_
                                : kind == IndexKind::kTerms  ? terms_
                                : kind == IndexKind::kLines  ? lines_
                                                             : titles_;
    index.ForEach(key, visit);
    return;
  }
  const FetchedKey* f = Fetched(kind, key);
  if (f == nullptr) return;
  for (uint32_t ordinal : f->postings) {
    if (!visit(ordinal)) return;
  }
}

class Detector::Stats : public CorpusStats {
 public:
  Stats(const Detector& detector) : detector_(detector) {}
  double Idf(uint32_t term) const override {
    return InverseDocumentFrequency(detector_.live_count(),
                                    detector_.TermCount(term));
  }
  uint32_t Idfs(const std::vector<uint32_t>& terms,
                std::vector<double>& idf) const override {
    thread_local std::vector<uint32_t> counts;
    detector_.CountTerms(terms, counts);
    idf.resize(terms.size());
    uint32_t unseen = 0;
    for (size_t i = 0; i < terms.size(); ++i) {
      idf[i] = InverseDocumentFrequency(detector_.live_count(), counts[i]);
      // A stored article's own terms count it once.
      unseen += !IsNumberTerm(terms[i]) &&
                Unseen(counts[i], detector_.live_count(),
                       detector_.options_.decision.unseen_word_share);
    }
    return unseen;
  }
  bool IsBoilerplate(uint32_t shingle) const override {
    // Only indexed shingles have a posting to judge by.
    return detector_.Indexed(shingle) &&
           detector_.ShingleClusters(shingle) >=
               detector_.BoilerplateClusters();
  }

  // Only one shingle in index_sampling is indexed, and so judged; but
  // boilerplate comes in whole lines (a footer, a share prompt, a
  // copyright). So a sentence is boilerplate as a whole, and so is every
  // shingle that starts in it, when the line itself (its exact sequence of
  // content terms) recurs in as many distinct clusters as make a shingle
  // boilerplate, or when its judged shingles all recur far more widely
  // than that (CandidateOptions::boilerplate_line_factor): a line edited
  // per article (a date, a count) still has its fixed shingles. Without
  // this, all but one in index_sampling of a footer's shingles would count
  // as the story's own text.
  void MarkBoilerplate(const Fingerprint& fp, const DerivedFeatures& features,
                       std::vector<uint8_t>& flags) const override {
    thread_local std::vector<uint32_t> marked;
    Judge(fp, features.lines, &marked);
    flags.assign(features.shingles.size(), 0);
    ForEachSharedAt(features.shingles, marked,
                    [&](size_t i, size_t) { flags[i] = 1; });
  }
  // Only the lines themselves are looked up: whole sentences leave the
  // evidence when they recur as they are.
  void MarkBoilerplateSentences(const DerivedFeatures& features,
                                std::vector<uint8_t>& flags) const override {
    const std::vector<uint32_t>& lines = features.lines;
    const uint32_t bar = detector_.BoilerplateClusters();
    flags.assign(lines.size(), 0);
    for (size_t i = 0; i < lines.size(); ++i) {
      flags[i] = detector_.LineClusters(lines[i]) >= bar;
    }
  }

 private:
  // Lists the boilerplate shingles (sorted): those of recurring lines and
  // of sentences whose judged shingles all recur widely, and those that
  // recur on their own.
  void Judge(const Fingerprint& fp, const std::vector<uint32_t>& lines,
             std::vector<uint32_t>* marked) const {
    const FingerprintOptions& o = detector_.options_.fingerprint;
    thread_local std::vector<uint32_t> sentence;
    marked->clear();
    const std::vector<uint64_t> positional =
        ShingleHashes(fp.terms, o.shingle_size);
    const uint32_t bar = detector_.BoilerplateClusters();
    const uint32_t line_bar =
        bar * detector_.options_.candidates.boilerplate_line_factor;
    size_t begin = 0;
    auto judge_sentence = [&](size_t end, size_t index) {
      end = std::min(end, positional.size());
      sentence.clear();
      uint32_t judged = 0, widespread = 0;
      for (size_t p = begin; p < end; ++p) {
        if (!IsAnchorShingle(positional[p], o.shingle_sampling)) continue;
        const uint32_t s = static_cast<uint32_t>(positional[p] >> 32);
        sentence.push_back(s);
        if (!detector_.Indexed(s)) continue;
        ++judged;
        const uint32_t clusters = detector_.ShingleClusters(s);
        if (clusters >= bar) marked->push_back(s);
        if (clusters >= line_bar) ++widespread;
      }
      // The line itself recurs: it is no part of the story.
      const bool recurring =
          index < lines.size() &&
          detector_.LineClusters(lines[index]) >= bar;
      if (recurring || (judged > 0 && widespread == judged)) {
        marked->insert(marked->end(), sentence.begin(), sentence.end());
      }
      begin = std::max(begin, end);
    };
    for (size_t i = 0; i < fp.sentence_ends.size(); ++i) {
      judge_sentence(fp.sentence_ends[i], i);
    }
    judge_sentence(positional.size(), SIZE_MAX);
    SortUnique(*marked);
  }

  const Detector& detector_;
};

namespace {

// Statistics of the store with the query counted in, so that a pair is
// weighed the same whichever of the two arrived first.
class WithQuery : public CorpusStats {
 public:
  // `query_stored`: the query is in the store already (a past decision
  // being explained), so its terms are counted already.
  using CountTerms = std::function<void(const std::vector<uint32_t>&,
                                        std::vector<uint32_t>&)>;
  WithQuery(CountTerms count_terms, uint32_t stored,
            const std::vector<uint32_t>& query_terms,
            const std::vector<uint32_t>& query_counts, const CorpusStats& store,
            bool query_stored, double unseen_word_share)
      : count_terms_(std::move(count_terms)),
        stored_(stored),
        query_terms_(query_terms),
        query_counts_(query_counts),
        store_(store),
        query_count_(query_stored ? 0 : 1),
        unseen_word_share_(unseen_word_share) {}
  double Idf(uint32_t term) const override {
    const bool in_query =
        std::binary_search(query_terms_.begin(), query_terms_.end(), term);
    thread_local std::vector<uint32_t> one(1), count;
    one[0] = term;
    count_terms_(one, count);
    return InverseDocumentFrequency(stored_ + query_count_,
                                    count[0] + (in_query ? query_count_ : 0));
  }
  uint32_t Idfs(const std::vector<uint32_t>& terms,
                std::vector<double>& idf) const override {
    thread_local std::vector<uint32_t> counts;
    const bool is_query = &terms == &query_terms_;
    if (query_counts_.size() != query_terms_.size()) {
      count_terms_(terms, counts);
    } else if (is_query) {
      counts = query_counts_;  // looked up by candidate search already
    } else {
      // A candidate shares many of its terms with the query, whose counts
      // candidate search looked up: only the others are looked up here.
      constexpr uint32_t kUnknown = UINT32_MAX;
      counts.assign(terms.size(), kUnknown);
      ForEachSharedAt(terms, query_terms_, [&](size_t i, size_t j) {
        counts[i] = query_counts_[j];
      });
      thread_local std::vector<uint32_t> others, other_counts;
      others.clear();
      for (size_t i = 0; i < terms.size(); ++i) {
        if (counts[i] == kUnknown) others.push_back(terms[i]);
      }
      count_terms_(others, other_counts);
      for (size_t i = 0, k = 0; i < terms.size(); ++i) {
        if (counts[i] == kUnknown) counts[i] = other_counts[k++];
      }
    }
    // Both sorted: the query's terms are found by one merge. Unseen words
    // are the query's measure; a candidate's are not asked for.
    uint32_t unseen = 0;
    ForEachSharedAt(terms, query_terms_, [&](size_t i, size_t) {
      counts[i] += query_count_;
      unseen += is_query && !IsNumberTerm(terms[i]) &&
                Unseen(counts[i], stored_, unseen_word_share_);
    });
    idf.resize(terms.size());
    for (size_t i = 0; i < terms.size(); ++i) {
      idf[i] = InverseDocumentFrequency(stored_ + query_count_, counts[i]);
    }
    return unseen;
  }
  bool IsBoilerplate(uint32_t shingle) const override {
    return store_.IsBoilerplate(shingle);
  }
  void MarkBoilerplate(const Fingerprint& fp, const DerivedFeatures& features,
                       std::vector<uint8_t>& flags) const override {
    store_.MarkBoilerplate(fp, features, flags);
  }
  void MarkBoilerplateSentences(const DerivedFeatures& features,
                                std::vector<uint8_t>& flags) const override {
    store_.MarkBoilerplateSentences(features, flags);
  }

 private:
  CountTerms count_terms_;
  uint32_t stored_;
  const std::vector<uint32_t>& query_terms_;
  const std::vector<uint32_t>& query_counts_;  // parallel to query_terms_
  const CorpusStats& store_;
  uint32_t query_count_;
  double unseen_word_share_;
};


}  // namespace

Detector::Detector(DetectorOptions options, FingerprintSource* source)
    : options_(std::move(options)),
      source_(source),
      shingles_(&cluster_of_,
                static_cast<uint32_t>(options_.candidates.max_shingle_walk)),
      lines_(&cluster_of_,
             static_cast<uint32_t>(options_.candidates.max_shingle_walk)),
      titles_(&cluster_of_,
              static_cast<uint32_t>(options_.candidates.max_shingle_walk)),
      stats_(std::make_unique<Stats>(*this)) {
  const uint32_t sampling = options_.candidates.index_sampling;
  if (sampling >= 1 && (sampling & (sampling - 1)) == 0) {
    sampling_mask_ = sampling - 1;
  }
}

Detector::~Detector() = default;

std::vector<uint32_t> Detector::FindCandidates(
    const DerivedFeatures& f, uint32_t before_ordinal, uint32_t* seen,
    std::vector<uint32_t>& counts) const {
  const CandidateOptions& o = options_.candidates;
  // In a big store every lookup below is a cache miss: posting slots,
  // posting blocks and the tallies by ordinal are spread over gigabytes.
  // So postings are first read into `found` with their slots and next
  // blocks prefetched, and only then tallied, with each tally prefetched a
  // few entries ahead: the misses overlap instead of following one another.
  struct Found {
    uint32_t ordinal;
    float weight;  // 0 for a shingle, the term's IDF for a term
  };
  thread_local std::vector<Found> found;
  found.clear();

  thread_local std::vector<uint32_t> indexed;
  indexed.clear();
  for (uint32_t s : f.shingles) {
    if (Indexed(s)) {
      indexed.push_back(s);
      if (!shards_) shingles_.Prefetch(s);
    }
  }
  if (!shards_) {
    for (uint32_t s : indexed) shingles_.PrefetchPosting(s);
  }
  uint32_t usable_shingles = 0;
  const uint32_t boilerplate_clusters = BoilerplateClusters();
  for (uint32_t s : indexed) {
    const uint32_t clusters = ShingleClusters(s);
    if (clusters == 0 || clusters >= boilerplate_clusters) continue;
    ++usable_shingles;
    size_t walked = 0;
    ForEachPosted(IndexKind::kShingles, s, [&](uint32_t ordinal) {
      if (ordinal < before_ordinal) found.push_back({ordinal, 0.0f});
      return ++walked < o.max_shingle_walk;
    });
  }

  // The rarest terms the store has seen (names, figures, unusual words),
  // through the postings of stored articles that had them among their own
  // rarest (Add).
  CountTerms(f.terms, counts);
  thread_local std::vector<std::pair<uint32_t, uint32_t>> rare;  // (df, term)
  rare.clear();
  for (size_t i = 0; i < f.terms.size(); ++i) {
    if (counts[i] > 0) rare.emplace_back(counts[i], f.terms[i]);
  }
  const size_t keep = std::min(rare.size(), o.candidate_terms);
  std::partial_sort(rare.begin(), rare.begin() + keep, rare.end());
  if (!shards_) {
    for (size_t i = 0; i < keep; ++i) terms_.PrefetchPosting(rare[i].second);
  }
  double rare_weight = 0;
  size_t walked = 0;
  for (size_t i = 0; i < keep && walked < o.candidate_term_budget; ++i) {
    const float idf = static_cast<float>(
        InverseDocumentFrequency(live_count(), rare[i].first));
    bool posted = false;
    size_t walked_here = 0;
    ForEachPosted(IndexKind::kTerms, rare[i].second, [&](uint32_t ordinal) {
      posted = true;
      if (ordinal < before_ordinal) found.push_back({ordinal, idf});
      return ++walked < o.candidate_term_budget &&
             ++walked_here < o.max_term_walk;
    });
    if (posted) rare_weight += idf;
  }

  hits_.GrowTo(cluster_of_.end());
  constexpr size_t kPrefetchAhead = 16;
  for (size_t i = 0; i < found.size(); ++i) {
    if (i + kPrefetchAhead < found.size()) {
      __builtin_prefetch(&hits_[found[i + kPrefetchAhead].ordinal]);
    }
    Hits& h = hits_[found[i].ordinal];
    if (h.shingles == 0 && h.terms == 0) touched_.push_back(found[i].ordinal);
    if (found[i].weight == 0) {
      h.shingles += 1;
    } else {
      h.terms += found[i].weight;
    }
  }

  *seen = static_cast<uint32_t>(touched_.size());
  thread_local std::vector<std::pair<double, uint32_t>> ranked;
  ranked.clear();
  // Shares of the query's findable shingles, but never out of fewer than
  // kMinShingleBasis: when a text has almost no shingle the store knows (a
  // rewrite), one phrase it shares by chance with an unrelated article
  // must not rank that article above the original its rare terms point to.
  // And one shared indexed phrase is chance whatever the basis.
  constexpr double kMinShingleBasis = 8;
  constexpr float kMinSharedShingles = 2;
  const double shingle_basis =
      std::max<double>(usable_shingles, kMinShingleBasis);
  for (uint32_t ordinal : touched_) {
    Hits& h = hits_[ordinal];
    const double by_shingles =
        h.shingles >= kMinSharedShingles ? h.shingles / shingle_basis : 0.0;
    const double by_terms = rare_weight > 0 ? h.terms / rare_weight : 0.0;
    ranked.emplace_back(-std::max(by_shingles, by_terms), ordinal);
    h = Hits{};
  }
  touched_.clear();
  const size_t top = std::min(ranked.size(), o.max_candidates);
  std::partial_sort(ranked.begin(), ranked.begin() + top, ranked.end());
  std::vector<uint32_t> result;
  for (size_t i = 0; i < top && -ranked[i].first >= o.min_candidate_share;
       ++i) {
    result.push_back(ranked[i].second);
  }
  return result;
}

StatusOr<std::shared_ptr<const Detector::Cached>> Detector::Load(
    uint32_t ordinal) {
  auto it = cache_.find(ordinal);
  if (it != cache_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.second);
    return it->second.first;
  }
  StatusOr<Fingerprint> fp = source_->LoadFingerprint(ordinal);
  if (!fp.ok()) return fp.status();
  auto entry = std::make_shared<Cached>();
  entry->features = DeriveFeatures(*fp, options_.fingerprint);
  entry->fp = std::move(*fp);
  Remember(ordinal, entry);
  return std::shared_ptr<const Cached>(entry);
}

void Detector::Remember(uint32_t ordinal, std::shared_ptr<const Cached> entry) {
  if (options_.candidates.feature_cache_entries == 0) return;
  lru_.push_front(ordinal);
  cache_[ordinal] = {std::move(entry), lru_.begin()};
  while (cache_.size() > options_.candidates.feature_cache_entries) {
    cache_.erase(lru_.back());
    lru_.pop_back();
  }
}

StatusOr<MatchResult> Detector::Match(const Fingerprint& fp,
                                      const DerivedFeatures& features,
                                      std::string_view body,
                                      const Hindsight& hindsight) {
  MatchResult result;
  if (shards_) {
    Status fetched = FetchFromShards({{&fp, &features}}, /*postings=*/true);
    if (!fetched.ok()) return fetched;
  }
  std::vector<uint32_t> candidates =
      FindCandidates(features, hindsight.before_ordinal,
                     &result.candidates_seen, result.term_counts);
  if (const std::optional<uint32_t>& also = hindsight.also_verify;
      also && *also < std::min(hindsight.before_ordinal, article_count()) &&
      std::find(candidates.begin(), candidates.end(), *also) ==
          candidates.end()) {
    candidates.push_back(*also);
  }
  const DecisionOptions& d = options_.decision;
  const WithQuery stats(
      [this](const std::vector<uint32_t>& terms,
             std::vector<uint32_t>& counts) { CountTerms(terms, counts); },
      live_count(), features.terms, result.term_counts, *stats_,
      hindsight.before_ordinal < article_count(), d.unseen_word_share);
  const WeighedFeatures full_query = Weigh(fp, features, stats);
  result.boilerplate_shingles = full_query.boilerplate_count;
  // Evidence is measured on the story alone: boilerplate sentences out.
  const StoryFeatures query(fp, features, full_query, stats,
                            options_.fingerprint);
  // Stored articles under the same title, unless it is a stock title.
  const std::vector<uint32_t> title_keys = TitleKeys(fp.title_terms);
  const uint32_t bar = BoilerplateClusters();
  const bool stock_title =
      !title_keys.empty() && TitleClusters(title_keys[0]) >= bar;
  size_t title_candidates = 0;
  // Only a short text needs its title to be found by (DecisionOptions::
  // title_short_shingles).
  const WeighedFeatures& q = query.weighed();
  const bool short_query = q.features->shingles.size() - q.boilerplate_count <=
                           d.title_short_shingles;
  for (uint32_t key : title_keys) {
    if (!short_query || stock_title || TitleClusters(key) >= bar) {
      continue;
    }
    ForEachPosted(IndexKind::kTitles, key, [&](uint32_t ordinal) {
      if (title_candidates >= options_.candidates.title_candidates) {
        return false;
      }
      if (ordinal < std::min(hindsight.before_ordinal, article_count()) &&
          std::find(candidates.begin(), candidates.end(), ordinal) ==
              candidates.end()) {
        candidates.push_back(ordinal);
        ++title_candidates;
      }
      return true;
    });
  }
  // Every candidate is read before any is verified: over shards, what
  // verifying them asks of the index is fetched in one round.
  std::vector<std::shared_ptr<const Cached>> loaded;
  loaded.reserve(candidates.size());
  for (uint32_t ordinal : candidates) {
    StatusOr<std::shared_ptr<const Cached>> stored = Load(ordinal);
    if (!stored.ok()) return stored.status();
    loaded.push_back(std::move(*stored));
  }
  if (shards_ && !loaded.empty()) {
    // The query's title words are weighed only against a candidate's.
    std::vector<std::pair<const Fingerprint*, const DerivedFeatures*>> of = {
        {&fp, &features}};
    for (const auto& c : loaded) of.emplace_back(&c->fp, &c->features);
    Status fetched = FetchFromShards(of, /*postings=*/false);
    if (!fetched.ok()) return fetched;
  }
  std::optional<std::vector<uint32_t>> query_grams;  // computed when needed
  for (size_t k = 0; k < candidates.size(); ++k) {
    const uint32_t ordinal = candidates[k];
    const Cached& c = *loaded[k];
    const StoryFeatures candidate(c.fp, c.features, boilerplate_at_add_[ordinal],
                                  stats, options_.fingerprint, &c.story);
    CheckedCandidate checked;
    checked.evidence = CompareFeatures(
        query.weighed(), candidate.weighed(), d.sentence_alignment,
        d.min_sentence_terms,
        hindsight.full_evidence ? 0.0 : MinTermContainmentForAlignment(d));
    checked.evidence.candidate = ordinal;
    for (SentencePair& pair : checked.evidence.alignments) {
      pair.query_sentence = query.SentenceAsSent(pair.query_sentence);
      pair.candidate_sentence = candidate.SentenceAsSent(pair.candidate_sentence);
    }
    // Titles are evidence for short texts only.
    if (!fp.title_terms.empty() && !c.fp.title_terms.empty() &&
        (hindsight.full_evidence ||
         std::min(checked.evidence.query_shingles,
                  checked.evidence.candidate_shingles) <=
             d.title_short_shingles)) {
      Evidence& e = checked.evidence;
      std::vector<uint32_t> a = fp.title_terms, b = c.fp.title_terms;
      SortUnique(a);
      SortUnique(b);
      e.title_terms = static_cast<uint32_t>(std::min(a.size(), b.size()));
      e.title_containment = TitleContainment(
          a, b, [&](uint32_t term) { return stats.Idf(term); });
      e.stock_title = stock_title;
    }
    if (NeedsCharEvidence(checked.evidence, d)) {
      StatusOr<std::string> stored_body = source_->LoadBody(ordinal);
      if (!stored_body.ok()) return stored_body.status();
      if (!query_grams) query_grams = CharGramSet(query.Text(body));
      checked.evidence.char_containment = CharGramContainment(
          *query_grams, CharGramSet(candidate.Text(*stored_body)));
    }
    checked.verdict = Decide(checked.evidence, d);
    if (checked.verdict.relation != Relation::kNew &&
        !checked.evidence.same_content &&
        checked.evidence.shingle_containment < d.strong_shingle_containment &&
        SharesOnlyEdges(*query.weighed().fingerprint, *query.weighed().features,
                        *candidate.weighed().fingerprint,
                        *candidate.weighed().features, options_.fingerprint,
                        d.min_sentence_terms, d.max_middle_overlap)) {
      checked.verdict = {Relation::kNew, checked.verdict.score,
                         "only the lines around the two stories are shared"};
    }
    result.checked.push_back(std::move(checked));
  }
  // Best first: copies before non-copies, copied text before rewording,
  // then by score, then the older article.
  auto rank = [](const CheckedCandidate& c) {
    const Relation r = c.verdict.relation;
    return r == Relation::kNew ? 0 : r == Relation::kRewrite ? 1 : 2;
    // (exact and near copies outrank rewrites whatever their scores)
  };
  std::stable_sort(result.checked.begin(), result.checked.end(),
                   [&](const CheckedCandidate& a, const CheckedCandidate& b) {
                     if (rank(a) != rank(b)) return rank(a) > rank(b);
                     if (a.verdict.score != b.verdict.score) {
                       return a.verdict.score > b.verdict.score;
                     }
                     return a.evidence.candidate < b.evidence.candidate;
                   });
  if (!result.checked.empty()) {
    result.best = result.checked.front();
    result.verdict = result.best->verdict;
  }
  if (shards_ && fetch_missed_) {
    return Status::Internal(
        "the detector read an index key it had not fetched from the shards");
  }
  return result;
}

void Detector::Add(uint32_t ordinal, uint32_t cluster, Fingerprint fp,
                   DerivedFeatures features, const MatchResult* matched,
                   uint32_t time) {
  if (shards_ && matched == nullptr) {
    // What is measured below is measured on the article's own features.
    Status fetched = FetchFromShards({{&fp, &features}}, /*postings=*/false);
    if (!fetched.ok()) shards_status_ = fetched;
  }
  // Counted as the store stood when the article arrived (the same on a
  // rebuild, which adds articles in the same order).
  uint32_t boilerplate_shingles = 0;
  if (matched != nullptr) {
    boilerplate_shingles = matched->boilerplate_shingles;
  } else {
    thread_local std::vector<uint8_t> flags;
    stats_->MarkBoilerplate(fp, features, flags);
    for (uint8_t flag : flags) boilerplate_shingles += flag;
  }
  cluster_of_.push_back(cluster);
  boilerplate_at_add_.push_back(boilerplate_shingles);
  time_of_.push_back(time);
  // Past the boilerplate bar the exact count of clusters does not matter.
  const uint32_t boilerplate_clusters = BoilerplateClusters();
  std::vector<uint32_t> lines = features.lines;
  SortUnique(lines);
  // Posted under its rarest terms as the store stands (ties by term, so a
  // rebuild posts the same), counted under all.
  thread_local std::vector<uint32_t> own_counts;
  if (matched == nullptr ||
      matched->term_counts.size() != features.terms.size()) {
    CountTerms(features.terms, own_counts);
  }
  const std::vector<uint32_t>& counts =
      matched != nullptr && matched->term_counts.size() == features.terms.size()
          ? matched->term_counts
          : own_counts;
  std::vector<std::pair<uint32_t, uint32_t>> by_rarity;  // (df, term)
  by_rarity.reserve(features.terms.size());
  for (size_t i = 0; i < features.terms.size(); ++i) {
    by_rarity.emplace_back(counts[i], features.terms[i]);
  }
  const size_t posted =
      std::min(by_rarity.size(), options_.candidates.index_terms);
  std::partial_sort(by_rarity.begin(), by_rarity.begin() + posted,
                    by_rarity.end());
  if (shards_) {
    IndexChange change;
    change.kind = IndexChange::Kind::kAdd;
    change.ordinal = ordinal;
    change.cluster = cluster;
    change.boilerplate = boilerplate_shingles;
    change.time = time;
    change.exact_below = boilerplate_clusters;
    change.keys[IndexKind::kLines] = std::move(lines);
    change.keys[IndexKind::kTitles] = TitleKeys(fp.title_terms);
    SortUnique(change.keys[IndexKind::kTitles]);
    change.keys[IndexKind::kShingles] = IndexedShingles(features);
    for (size_t i = 0; i < by_rarity.size(); ++i) {
      (i < posted ? change.keys[IndexKind::kTerms] : change.counted_terms)
          .push_back(by_rarity[i].second);
    }
    SortUnique(change.keys[IndexKind::kTerms]);
    SortUnique(change.counted_terms);
    SendToShards(std::move(change));
  } else {
    for (uint32_t line : lines) {
      lines_.Add(line, ordinal, boilerplate_clusters);
    }
    for (uint32_t key : TitleKeys(fp.title_terms)) {
      titles_.Add(key, ordinal, boilerplate_clusters);
    }
    // Every slot is a cache miss in a big store: all are requested before
    // the first is written, so that the misses overlap.
    for (uint32_t s : features.shingles) {
      if (Indexed(s)) shingles_.Prefetch(s);
    }
    for (uint32_t s : features.shingles) {
      if (Indexed(s)) shingles_.Add(s, ordinal, boilerplate_clusters);
    }
    for (size_t i = 0; i < posted; ++i) {
      terms_.PrefetchPosting(by_rarity[i].second);
    }
    for (size_t i = 0; i < by_rarity.size(); ++i) {
      if (i < posted) {
        terms_.Add(by_rarity[i].second, ordinal);
      } else {
        terms_.CountOnly(by_rarity[i].second);
      }
    }
  }
  auto entry = std::make_shared<Cached>();
  entry->fp = std::move(fp);
  entry->features = std::move(features);
  Remember(ordinal, std::move(entry));
}

void Detector::AddRemoved(uint32_t ordinal) {
  if (shards_) {
    IndexChange change;
    change.kind = IndexChange::Kind::kAddRemoved;
    change.ordinal = ordinal;
    SendToShards(std::move(change));
  }
  PushRemoved();
}

void Detector::PushRemoved() {
  cluster_of_.push_back(kRemoved);
  boilerplate_at_add_.push_back(0);
  time_of_.push_back(0);
  ++removed_count_;
  DropRemovedPrefix();
}

void Detector::DropRemovedPrefix() {
  // What is kept of the articles before the first one in the index goes.
  const uint32_t first = FirstLive();
  cluster_of_.DropBelow(first);
  boilerplate_at_add_.DropBelow(first);
  time_of_.DropBelow(first);
  hits_.DropBelow(std::min(first, hits_.end()));
}

Status Detector::Remove(uint32_t ordinal) {
  if (IsRemoved(ordinal)) return Status::Ok();
  if (!shards_status_.ok()) return shards_status_;
  StatusOr<std::shared_ptr<const Cached>> stored = Load(ordinal);
  if (!stored.ok()) return stored.status();
  const Fingerprint& fp = (*stored)->fp;
  const DerivedFeatures& features = (*stored)->features;
  // Undoes what Add posted and counted, feature by feature. The article's
  // cluster is still its own while the cluster tallies are taken down.
  std::vector<uint32_t> lines = features.lines;
  SortUnique(lines);
  if (shards_) {
    IndexChange change;
    change.kind = IndexChange::Kind::kRemove;
    change.ordinal = ordinal;
    change.keys[IndexKind::kLines] = std::move(lines);
    change.keys[IndexKind::kTitles] = TitleKeys(fp.title_terms);
    SortUnique(change.keys[IndexKind::kTitles]);
    change.keys[IndexKind::kShingles] = IndexedShingles(features);
    change.keys[IndexKind::kTerms] = features.terms;
    SortUnique(change.keys[IndexKind::kTerms]);
    SendToShards(std::move(change));
  } else {
    for (uint32_t line : lines) lines_.Remove(line, ordinal, false);
    for (uint32_t key : TitleKeys(fp.title_terms)) {
      titles_.Remove(key, ordinal, false);
    }
    for (uint32_t s : features.shingles) {
      if (Indexed(s)) shingles_.Remove(s, ordinal, false);
    }
    for (uint32_t term : features.terms) terms_.Remove(term, ordinal, true);
  }
  cluster_of_[ordinal] = kRemoved;
  ++removed_count_;
  DropRemovedPrefix();
  if (auto it = cache_.find(ordinal); it != cache_.end()) {
    lru_.erase(it->second.second);
    cache_.erase(it);
  }
  return shards_status_;
}

uint32_t Detector::FirstLive() const {
  uint32_t ordinal = std::max(first_live_hint_, cluster_of_.base());
  while (ordinal < article_count() && cluster_of_[ordinal] == kRemoved) {
    ++ordinal;
  }
  first_live_hint_ = ordinal;
  return ordinal;
}

const CorpusStats& Detector::stats() const { return *stats_; }

uint32_t Detector::BoilerplateClusters() const {
  const CandidateOptions& o = options_.candidates;
  const double by_share = std::ceil(o.boilerplate_share * live_count());
  return static_cast<uint32_t>(
      std::max<double>(static_cast<double>(o.boilerplate_clusters), by_share));
}

size_t Detector::IndexMemoryBytes() const {
  return shingles_.MemoryBytes() + terms_.MemoryBytes() +
         lines_.MemoryBytes() + titles_.MemoryBytes() +
         cluster_of_.MemoryBytes() + boilerplate_at_add_.MemoryBytes() +
         time_of_.MemoryBytes() + hits_.MemoryBytes();
}

}  // namespace newsdedup
