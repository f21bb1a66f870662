// Detector: finds, for an incoming article, the stored article it copies (if
// any), through an index rather than by comparing against every article.
//
// Usage:
//   Detector detector(DetectorOptions{}, &source);  // a FingerprintSource
//   StatusOr<MatchResult> match = detector.Match(fp, features, body);
//   if (!match.ok()) return match.status();  // nothing stored yet
//   const uint32_t ordinal = detector.article_count();
//   const uint32_t cluster =
//       match->verdict.relation == Relation::kNew
//           ? ordinal
//           : detector.ClusterOf(match->best->evidence.candidate);
//   // ... store the decision, then make the article findable:
//   detector.Add(ordinal, cluster, std::move(fp), std::move(features), &*match);
//
// Candidate search looks up the article's shingles and its rarest content
// terms in two in-memory posting indexes, ranks the stored articles by what
// they share, and verifies the best few in full (CompareFeatures + Decide).
// Stored fingerprints are read through a FingerprintSource and their derived
// features kept in a bounded cache.
//
// Ordinals are dense article numbers assigned by the caller, 0, 1, 2, ... in
// arrival order. A cluster is named by the ordinal of its first article.
//
// Articles can leave the index (Remove: a deletion, or the end of a
// retention window): their postings go, the statistics stop counting them,
// and their ordinal stays taken. A cluster keeps its number after its first
// article leaves.
//
// The index can also live in shards elsewhere (dedup/index_shards.h): the
// detector then keeps only its per-article arrays (12 bytes an article),
// fetches what each decision reads of the index, and sends each change to
// the shards. It decides exactly as a detector holding the whole index.
//
// Thread safety: not thread-safe. One writer decides in arrival order, which
// keeps decisions deterministic; fingerprinting (the costly part) happens
// before, in parallel.
#pragma once

#include <cstdint>
#include <climits>
#include <array>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dedup/decision.h"
#include "dedup/evidence.h"
#include "dedup/ordinal_array.h"
#include "dedup/fingerprint.h"
#include "dedup/index_shards.h"
#include "dedup/options.h"
#include "dedup/posting_index.h"
#include "dedup/state_stream.h"
#include "dedup/status.h"
#include "dedup/story_text.h"

namespace newsdedup {

// Where the detector reads the fingerprints of stored articles.
class FingerprintSource {
 public:
  virtual ~FingerprintSource() = default;
  virtual StatusOr<Fingerprint> LoadFingerprint(uint32_t ordinal) = 0;
  // The article's body text, for the character-level check.
  virtual StatusOr<std::string> LoadBody(uint32_t ordinal) = 0;
};

struct CheckedCandidate {
  Evidence evidence;
  Verdict verdict;
};

struct MatchResult {
  // The best copy relation found, or kNew.
  Verdict verdict;
  // The candidate behind `verdict`; absent when nothing was verified.
  std::optional<CheckedCandidate> best;
  // Every candidate verified, best first.
  std::vector<CheckedCandidate> checked;
  // Candidates considered before verification (shared at least one feature).
  uint32_t candidates_seen = 0;
  // The article's boilerplate shingles as the store stands, and how many
  // stored articles have each of its terms (features.terms): Add takes them
  // back rather than measure them again.
  uint32_t boilerplate_shingles = 0;
  std::vector<uint32_t> term_counts;
};

// How Match looks back when it explains a decision already made.
struct Hindsight {
  // Only articles stored before this one are considered.
  uint32_t before_ordinal = UINT32_MAX;
  // Every measure is computed for every candidate, even those the decision
  // does not need.
  bool full_evidence = false;
  // Verified whether or not candidate search picks it now (the store's
  // statistics have moved since the decision): the article it matched.
  std::optional<uint32_t> also_verify;
};

// A digest of the options that shape what Add builds (fingerprint and index
// options, not those only candidate search and the decision read): a saved
// state is restored only under the same digest.
uint64_t IndexOptionsDigest(const DetectorOptions& options);

class Detector {
 public:
  // `source` must outlive the detector.
  Detector(DetectorOptions options, FingerprintSource* source);
  // A detector over shards. `shards` must outlive it. Match, Add, Remove and
  // AddRemoved then read and change the index through them; SaveState and
  // LoadState do not apply (the shards keep the index).
  Detector(DetectorOptions options, FingerprintSource* source,
           IndexShards* shards);
  ~Detector();

  // What the article would match among the stored articles. Stores
  // nothing. `body` is its text, read only when a candidate needs the
  // character-level check. `hindsight` is for explaining a past decision.
  StatusOr<MatchResult> Match(const Fingerprint& fp,
                              const DerivedFeatures& features,
                              std::string_view body,
                              const Hindsight& hindsight = {});

  // Makes article `ordinal` findable. REQUIRES: ordinal == article_count().
  // Both are kept in the feature cache: pass them by move when done.
  // `matched` is what Match returned for the article when nothing was added
  // since; without it, what Match measures is measured here. `time` is its
  // SetArticleTime. Over shards, a failure to reach them is kept in
  // shards_status(), and every later call fails with it.
  void Add(uint32_t ordinal, uint32_t cluster, Fingerprint fp,
           DerivedFeatures features, const MatchResult* matched = nullptr,
           uint32_t time = 0);

  // REQUIRES: the article is in the index (not removed).
  uint32_t ClusterOf(uint32_t ordinal) const { return cluster_of_[ordinal]; }
  // Articles ever added, removed ones included: the next ordinal.
  uint32_t article_count() const {
    return cluster_of_.end();
  }
  // Articles in the index now.
  uint32_t live_count() const { return article_count() - removed_count_; }

  // Takes article `ordinal` out of the index: no later Match finds it, and
  // term counts and boilerplate tallies stop counting it. Reads its
  // fingerprint from the source, so call it before the source forgets the
  // article. Removing an article twice, or one never added, does nothing.
  [[nodiscard]] Status Remove(uint32_t ordinal);
  // Takes the place of an article that was removed before the index was
  // built (a rebuild from a store it was deleted from). REQUIRES: ordinal
  // == article_count().
  void AddRemoved(uint32_t ordinal);
  bool IsRemoved(uint32_t ordinal) const {
    return ordinal >= article_count() || ordinal < cluster_of_.base() ||
           cluster_of_[ordinal] == kRemoved;
  }
  // The lowest ordinal still in the index (article_count() when none is).
  uint32_t FirstLive() const;
  // SetArticleTime and ArticleTime REQUIRE the article in the index, or
  // removed after FirstLive().

  // A time the caller keeps with each article, in seconds since the epoch
  // (its retention clock: the detector only keeps it, and saves it with
  // the index). 0 until set.
  void SetArticleTime(uint32_t ordinal, uint32_t seconds) {
    time_of_[ordinal] = seconds;
  }
  uint32_t ArticleTime(uint32_t ordinal) const { return time_of_[ordinal]; }
  const DetectorOptions& options() const { return options_; }

  // Bytes held by the indexes and the other per-article arrays (not the
  // feature cache, which is of a fixed size).
  size_t IndexMemoryBytes() const;

  // Corpus statistics as they stand now, for explaining a decision.
  const CorpusStats& stats() const;

  // Over shards: sends every change held back (IndexShards::Flush). A
  // caller that stores what it decides flushes after storing, so that the
  // shards never hold an article the store lacks.
  [[nodiscard]] Status FlushShards();
  // Over shards, with nothing added yet: takes the per-article arrays from
  // the shards, so that the detector decides on from where they are.
  [[nodiscard]] Status RestoreFromShards();
  // OK, or why the shards could not be reached or answered wrongly.
  const Status& shards_status() const { return shards_status_; }
  bool over_shards() const { return shards_ != nullptr; }

  // Writes everything Add has built (the layout is in
  // dedup/detector_state.cc), so that LoadState restores a detector that
  // decides exactly as this one. The feature cache is not written: it only
  // saves reading from the FingerprintSource, and refills as it is used.
  void SaveState(StateWriter& out) const;
  // Restores what SaveState wrote. REQUIRES: article_count() == 0.
  // kInvalidArgument when it was written under other index options
  // (IndexOptionsDigest) or by another version of Add; kCorruption when it
  // does not decode. On any error the detector is left empty.
  [[nodiscard]] Status LoadState(StateReader& in);

 private:
  struct Cached {
    Fingerprint fp;
    DerivedFeatures features;
    // The article's story as last measured (dedup/story_text.h), reused
    // while the same sentences are left out. Only the deciding thread
    // touches it.
    mutable std::shared_ptr<const Story> story;
  };
  class Stats;

  // Whether a shingle goes into the index (CandidateOptions::index_sampling).
  // A mask when the sampling is a power of two (the default), which saves
  // a division for every shingle of every article.
  bool Indexed(uint32_t shingle) const {
    const uint32_t mixed = shingle * 0x9E3779B1u;
    if (sampling_mask_) return (mixed & *sampling_mask_) == 0;
    const uint32_t sampling = options_.candidates.index_sampling;
    return sampling <= 1 || mixed % sampling == 0;
  }

  // Distinct clusters from which a shingle is boilerplate, as the store
  // stands (CandidateOptions::boilerplate_clusters and _share).
  uint32_t BoilerplateClusters() const;

  // Also fills `term_counts`: the stored articles having each of
  // features.terms.
  std::vector<uint32_t> FindCandidates(
      const DerivedFeatures& features, uint32_t before_ordinal, uint32_t* seen,
      std::vector<uint32_t>& term_counts) const;
  StatusOr<std::shared_ptr<const Cached>> Load(uint32_t ordinal);
  // Lets the per-article arrays go of the articles before the first one
  // still in the index.
  void DropRemovedPrefix();
  // Takes the next ordinal for an article already gone.
  void PushRemoved();

  // The index, wherever it is: these read the local indexes, or over shards
  // what FetchFromShards fetched (a key never fetched reads as unknown and
  // fails the Match, so that a missed fetch cannot go unnoticed).
  struct FetchedKey {
    uint32_t tally = 0;
    std::vector<uint32_t> postings;  // newest first
  };
  const FetchedKey* Fetched(IndexKind kind, uint32_t key) const;
  uint32_t ShingleClusters(uint32_t shingle) const {
    if (!shards_) return shingles_.DistinctClusters(shingle);
    const FetchedKey* f = Fetched(IndexKind::kShingles, shingle);
    return f ? f->tally : 0;
  }
  uint32_t LineClusters(uint32_t line) const {
    if (!shards_) return lines_.DistinctClusters(line);
    const FetchedKey* f = Fetched(IndexKind::kLines, line);
    return f ? f->tally : 0;
  }
  uint32_t TitleClusters(uint32_t key) const {
    if (!shards_) return titles_.DistinctClusters(key);
    const FetchedKey* f = Fetched(IndexKind::kTitles, key);
    return f ? f->tally : 0;
  }
  uint32_t TermCount(uint32_t term) const {
    if (!shards_) return terms_.Count(term);
    const FetchedKey* f = Fetched(IndexKind::kTerms, term);
    return f ? f->tally : 0;
  }
  void CountTerms(const std::vector<uint32_t>& terms,
                  std::vector<uint32_t>& counts) const;
  // Calls `visit(ordinal)` for the feature's posting, newest first, until
  // it returns false.
  template <typename Visit>
  void ForEachPosted(IndexKind kind, uint32_t key, Visit visit) const;
  // The article's shingles that are indexed, sorted.
  std::vector<uint32_t> IndexedShingles(const DerivedFeatures& features) const;
  // Fetches what Match and Add read of these articles' features and have
  // not fetched yet; with `postings` (a new decision), forgets what was
  // fetched before and fetches the postings candidate search walks too.
  Status FetchFromShards(
      const std::vector<std::pair<const Fingerprint*, const DerivedFeatures*>>&
          articles,
      bool postings);
  void SendToShards(IndexChange change);
  void Remember(uint32_t ordinal, std::shared_ptr<const Cached> entry);

  // Shared-feature tallies by ordinal, reused across calls (FindCandidates
  // touches only the entries it lists in touched_ and clears them after).
  struct Hits {
    float shingles = 0;
    float terms = 0;
  };
  mutable OrdinalArray<Hits> hits_;
  mutable std::vector<uint32_t> touched_;

  // cluster_of_'s mark for an article removed from the index.
  static constexpr uint32_t kRemoved = UINT32_MAX;

  DetectorOptions options_;
  std::optional<uint32_t>
      sampling_mask_;  // index_sampling - 1, if a power of 2
  FingerprintSource* source_;
  // Per article, from the first one in the index on (OrdinalArray drops
  // the values of articles that left, in bulk).
  OrdinalArray<uint32_t> cluster_of_;
  // Boilerplate shingles of each article, counted when it was added.
  OrdinalArray<uint32_t> boilerplate_at_add_;
  OrdinalArray<uint32_t> time_of_;  // SetArticleTime's
  uint32_t removed_count_ = 0;
  mutable uint32_t first_live_hint_ = 0;  // no live article below it
  PostingIndex shingles_;
  PostingIndex terms_;
  // Every sentence's hash (dedup/story_text.h), by distinct clusters: a
  // line found in many stories is boilerplate.
  PostingIndex lines_;
  // Every title's keys (dedup/title.h), by distinct clusters: a title found
  // under many is a stock title.
  PostingIndex titles_;
  std::unique_ptr<Stats> stats_;

  // Over shards (else null): where the index is, what this decision
  // fetched of it, and the first failure to reach it.
  IndexShards* shards_ = nullptr;
  std::array<std::unordered_map<uint32_t, FetchedKey>, kIndexKinds> fetched_;
  mutable bool fetch_missed_ = false;
  Status shards_status_;

  // LRU cache of derived features by ordinal.
  std::list<uint32_t> lru_;
  std::unordered_map<uint32_t, std::pair<std::shared_ptr<const Cached>,
                                         std::list<uint32_t>::iterator>>
      cache_;
};

}  // namespace newsdedup
