// The detector over index shards (dedup/index_shards.h): what each decision
// fetches of the index, what each change sends, and restoring the
// per-article arrays from the shards.
#include <algorithm>

#include "dedup/detector.h"
#include "dedup/sorted_sets.h"
#include "dedup/title.h"

namespace newsdedup {
namespace {

// Restoring asks for the per-article arrays this many at a time, so that
// no answer grows past what one message carries.
constexpr uint32_t kArticlesPerPage = 1u << 16;

}  // namespace

Detector::Detector(DetectorOptions options, FingerprintSource* source,
                   IndexShards* shards)
    : Detector(std::move(options), source) {
  shards_ = shards;
}

const Detector::FetchedKey* Detector::Fetched(IndexKind kind,
                                              uint32_t key) const {
  const auto& fetched = fetched_[static_cast<size_t>(kind)];
  auto it = fetched.find(key);
  if (it == fetched.end()) {
    fetch_missed_ = true;
    return nullptr;
  }
  return &it->second;
}

void Detector::CountTerms(const std::vector<uint32_t>& terms,
                          std::vector<uint32_t>& counts) const {
  if (!shards_) {
    terms_.CountMany(terms, counts);
    return;
  }
  counts.resize(terms.size());
  for (size_t i = 0; i < terms.size(); ++i) counts[i] = TermCount(terms[i]);
}

std::vector<uint32_t> Detector::IndexedShingles(
    const DerivedFeatures& features) const {
  std::vector<uint32_t> indexed;
  for (uint32_t s : features.shingles) {
    if (Indexed(s)) indexed.push_back(s);
  }
  SortUnique(indexed);
  return indexed;
}

Status Detector::FetchFromShards(
    const std::vector<std::pair<const Fingerprint*, const DerivedFeatures*>>&
        articles,
    bool postings) {
  if (!shards_status_.ok()) return shards_status_;
  if (postings) {
    for (auto& fetched : fetched_) fetched.clear();
    fetch_missed_ = false;
  }
  IndexLookup lookup;
  lookup.postings = postings;
  lookup.boilerplate_clusters = BoilerplateClusters();
  auto want = [&](IndexKind kind, const std::vector<uint32_t>& keys) {
    const auto& fetched = fetched_[static_cast<size_t>(kind)];
    for (uint32_t key : keys) {
      if (!fetched.count(key)) lookup.keys[kind].push_back(key);
    }
  };
  for (const auto& [fp, features] : articles) {
    want(IndexKind::kShingles, IndexedShingles(*features));
    want(IndexKind::kTerms, features->terms);
    // Title words are weighed too (TitleContainment), and need not be
    // among the text's terms; but not with the postings, where the shards
    // pick the rarest of the terms asked for to walk.
    if (!postings) want(IndexKind::kTerms, fp->title_terms);
    want(IndexKind::kLines, features->lines);
    want(IndexKind::kTitles, TitleKeys(fp->title_terms));
  }
  for (auto& keys : lookup.keys.of) SortUnique(keys);
  if (lookup.keys.empty()) return Status::Ok();
  IndexAnswer answer;
  Status s = shards_->Lookup(lookup, &answer);
  if (!s.ok()) {
    shards_status_ = s;
    return s;
  }
  for (size_t kind = 0; kind < kIndexKinds; ++kind) {
    if (answer.of[kind].size() != lookup.keys.of[kind].size()) {
      shards_status_ = Status::Corruption("the shards answered for " +
                                          std::to_string(answer.of[kind].size()) +
                                          " keys of " +
                                          std::to_string(lookup.keys.of[kind].size()));
      return shards_status_;
    }
    for (KeyAnswer& a : answer.of[kind]) {
      fetched_[kind][a.key] = FetchedKey{a.tally, std::move(a.postings)};
    }
  }
  return Status::Ok();
}

void Detector::SendToShards(IndexChange change) {
  if (!shards_status_.ok()) return;
  Status s = shards_->Apply(std::move(change));
  if (!s.ok()) shards_status_ = s;
}

Status Detector::FlushShards() {
  if (!shards_) return Status::Ok();
  if (!shards_status_.ok()) return shards_status_;
  Status s = shards_->Flush();
  if (!s.ok()) shards_status_ = s;
  return s;
}

Status Detector::RestoreFromShards() {
  if (!shards_) return Status::InvalidArgument("the detector has no shards");
  if (article_count() != 0) {
    return Status::InvalidArgument("the detector has articles already");
  }
  for (uint32_t from = 0;;) {
    StatusOr<ShardArticles> page = shards_->Articles(from, kArticlesPerPage);
    if (!page.ok()) return page.status();
    const size_t n = page->cluster.size();
    if (page->boilerplate.size() != n || page->time.size() != n ||
        page->first < from || page->first + n > page->article_count) {
      return Status::Corruption("the shards' article arrays do not add up");
    }
    // Articles below the first one a shard holds are all gone.
    while (article_count() < page->first) PushRemoved();
    for (size_t i = 0; i < n; ++i) {
      if (page->cluster[i] == kRemoved) {
        PushRemoved();
        continue;
      }
      cluster_of_.push_back(page->cluster[i]);
      boilerplate_at_add_.push_back(page->boilerplate[i]);
      time_of_.push_back(page->time[i]);
    }
    from = article_count();
    if (n == 0 || from >= page->article_count) {
      while (article_count() < page->article_count) PushRemoved();
      return Status::Ok();
    }
  }
}

}  // namespace newsdedup
