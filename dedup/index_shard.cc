#include "dedup/index_shard.h"

#include <algorithm>
#include <string>

#include "dedup/detector.h"  // IndexOptionsDigest

namespace newsdedup {
namespace {

// Whoever changes the format of Save, or what Apply builds, bumps it.
constexpr uint32_t kShardStateVersion = 1;

template <typename Visit>
void Walk(const PostingIndex& index, uint32_t key, uint32_t max,
          Visit visit) {
  uint32_t walked = 0;
  index.ForEach(key, [&](uint32_t ordinal) {
    visit(ordinal);
    return ++walked < max;
  });
}

}  // namespace

IndexShard::IndexShard(const DetectorOptions& options)
    : options_(options),
      shingles_(&cluster_of_,
                static_cast<uint32_t>(options.candidates.max_shingle_walk)),
      lines_(&cluster_of_,
             static_cast<uint32_t>(options.candidates.max_shingle_walk)),
      titles_(&cluster_of_,
              static_cast<uint32_t>(options.candidates.max_shingle_walk)) {}

Status IndexShard::Apply(const IndexChange& change) {
  using Kind = IndexChange::Kind;
  if (change.kind == Kind::kRemove) {
    const uint32_t ordinal = change.ordinal;
    if (IsRemoved(ordinal)) return Status::Ok();
    for (uint32_t line : change.keys[IndexKind::kLines]) {
      lines_.Remove(line, ordinal, false);
    }
    for (uint32_t key : change.keys[IndexKind::kTitles]) {
      titles_.Remove(key, ordinal, false);
    }
    for (uint32_t s : change.keys[IndexKind::kShingles]) {
      shingles_.Remove(s, ordinal, false);
    }
    for (uint32_t term : change.keys[IndexKind::kTerms]) {
      terms_.Remove(term, ordinal, true);
    }
    cluster_of_[ordinal] = kRemoved;
    DropRemovedPrefix();
    return Status::Ok();
  }
  if (change.ordinal < article_count()) return Status::Ok();  // sent again
  if (change.ordinal > article_count()) {
    return Status::InvalidArgument(
        "index change for article " + std::to_string(change.ordinal) +
        " but the shard holds " + std::to_string(article_count()) +
        ": changes are missing");
  }
  if (change.kind == Kind::kAddRemoved) {
    cluster_of_.push_back(kRemoved);
    boilerplate_.push_back(0);
    time_.push_back(0);
    DropRemovedPrefix();
    return Status::Ok();
  }
  const uint32_t ordinal = change.ordinal;
  cluster_of_.push_back(change.cluster);
  boilerplate_.push_back(change.boilerplate);
  time_.push_back(change.time);
  for (uint32_t line : change.keys[IndexKind::kLines]) {
    lines_.Add(line, ordinal, change.exact_below);
  }
  for (uint32_t key : change.keys[IndexKind::kTitles]) {
    titles_.Add(key, ordinal, change.exact_below);
  }
  for (uint32_t s : change.keys[IndexKind::kShingles]) shingles_.Prefetch(s);
  for (uint32_t s : change.keys[IndexKind::kShingles]) {
    shingles_.Add(s, ordinal, change.exact_below);
  }
  for (uint32_t term : change.keys[IndexKind::kTerms]) {
    terms_.Add(term, ordinal);
  }
  for (uint32_t term : change.counted_terms) terms_.CountOnly(term);
  return Status::Ok();
}

void IndexShard::DropRemovedPrefix() {
  first_live_ = std::max(first_live_, cluster_of_.base());
  while (first_live_ < article_count() && cluster_of_[first_live_] == kRemoved) {
    ++first_live_;
  }
  cluster_of_.DropBelow(first_live_);
  boilerplate_.DropBelow(first_live_);
  time_.DropBelow(first_live_);
}

IndexAnswer IndexShard::Answer(const IndexLookup& lookup) const {
  const CandidateOptions& o = options_.candidates;
  IndexAnswer answer;
  for (uint32_t s : lookup.keys[IndexKind::kShingles]) shingles_.Prefetch(s);
  for (uint32_t s : lookup.keys[IndexKind::kShingles]) {
    KeyAnswer a{s, shingles_.DistinctClusters(s), {}};
    // Candidate search walks a shingle only under the boilerplate bar.
    if (lookup.postings && a.tally > 0 &&
        a.tally < lookup.boilerplate_clusters) {
      Walk(shingles_, s, static_cast<uint32_t>(o.max_shingle_walk),
           [&](uint32_t ordinal) { a.postings.push_back(ordinal); });
    }
    answer[IndexKind::kShingles].push_back(std::move(a));
  }
  const std::vector<uint32_t>& terms = lookup.keys[IndexKind::kTerms];
  std::vector<uint32_t> counts;
  terms_.CountMany(terms, counts);
  std::vector<KeyAnswer>& term_answers = answer[IndexKind::kTerms];
  for (size_t i = 0; i < terms.size(); ++i) {
    term_answers.push_back(KeyAnswer{terms[i], counts[i], {}});
  }
  if (lookup.postings) {
    // Candidate search walks the rarest terms of all: each is among the
    // rarest of its own shard, ordered the same way (by count, then term).
    std::vector<std::pair<uint32_t, size_t>> rare;
    for (size_t i = 0; i < terms.size(); ++i) {
      if (counts[i] > 0) rare.emplace_back(counts[i], i);
    }
    const size_t keep = std::min(rare.size(), o.candidate_terms);
    std::partial_sort(rare.begin(), rare.begin() + keep, rare.end(),
                      [&](const auto& a, const auto& b) {
                        return a.first != b.first
                                   ? a.first < b.first
                                   : terms[a.second] < terms[b.second];
                      });
    for (size_t k = 0; k < keep; ++k) {
      KeyAnswer& a = term_answers[rare[k].second];
      Walk(terms_, a.key, static_cast<uint32_t>(o.max_term_walk),
           [&](uint32_t ordinal) { a.postings.push_back(ordinal); });
    }
  }
  for (uint32_t line : lookup.keys[IndexKind::kLines]) {
    answer[IndexKind::kLines].push_back(
        KeyAnswer{line, lines_.DistinctClusters(line), {}});
  }
  // A title's posting is walked past the candidates found already, for
  // title_candidates more.
  const uint32_t title_walk =
      static_cast<uint32_t>(o.title_candidates + o.max_candidates + 1);
  for (uint32_t key : lookup.keys[IndexKind::kTitles]) {
    KeyAnswer a{key, titles_.DistinctClusters(key), {}};
    if (lookup.postings && a.tally > 0) {
      Walk(titles_, key, title_walk,
           [&](uint32_t ordinal) { a.postings.push_back(ordinal); });
    }
    answer[IndexKind::kTitles].push_back(std::move(a));
  }
  return answer;
}

ShardArticles IndexShard::Articles(uint32_t from, uint32_t max) const {
  ShardArticles out;
  out.article_count = article_count();
  out.first = std::max(from, cluster_of_.base());
  const uint32_t end =
      static_cast<uint32_t>(std::min<uint64_t>(article_count(),
                                               uint64_t{out.first} + max));
  for (uint32_t ordinal = out.first; ordinal < end; ++ordinal) {
    out.cluster.push_back(cluster_of_[ordinal]);
    out.boilerplate.push_back(boilerplate_[ordinal]);
    out.time.push_back(time_[ordinal]);
  }
  if (out.first > article_count()) out.first = article_count();
  return out;
}

size_t IndexShard::MemoryBytes() const {
  return shingles_.MemoryBytes() + terms_.MemoryBytes() +
         lines_.MemoryBytes() + titles_.MemoryBytes() +
         cluster_of_.MemoryBytes() + boilerplate_.MemoryBytes() +
         time_.MemoryBytes();
}

size_t IndexShard::feature_count() const {
  return shingles_.feature_count() + terms_.feature_count() +
         lines_.feature_count() + titles_.feature_count();
}

void IndexShard::Save(StateWriter& out) const {
  out.U32(kShardStateVersion);
  out.U64(IndexOptionsDigest(options_));
  out.U64(cluster_of_.base());
  out.Words(cluster_of_.values());
  out.Words(boilerplate_.values());
  out.Words(time_.values());
  shingles_.Save(out);
  terms_.Save(out);
  lines_.Save(out);
  titles_.Save(out);
}

Status IndexShard::Load(StateReader& in) {
  if (article_count() != 0) {
    return Status::InvalidArgument("the shard holds articles already");
  }
  uint32_t version = 0;
  uint64_t digest = 0, base = 0;
  std::vector<uint32_t> cluster_of, boilerplate, time;
  Status s = in.U32(&version);
  if (s.ok() && version != kShardStateVersion) {
    return Status::InvalidArgument("shard state of version " +
                                   std::to_string(version));
  }
  if (s.ok()) s = in.U64(&digest);
  if (s.ok() && digest != IndexOptionsDigest(options_)) {
    return Status::InvalidArgument("shard state built under other options");
  }
  if (s.ok()) s = in.U64(&base);
  if (s.ok()) s = in.Words(&cluster_of, "cluster numbers");
  if (s.ok()) s = in.Words(&boilerplate, "boilerplate counts");
  if (s.ok()) s = in.Words(&time, "article times");
  if (s.ok() && (boilerplate.size() != cluster_of.size() ||
                 time.size() != cluster_of.size() ||
                 base + cluster_of.size() > UINT32_MAX)) {
    s = Status::Corruption("shard state's article arrays differ in length");
  }
  if (s.ok()) s = shingles_.Load(in);
  if (s.ok()) s = terms_.Load(in);
  if (s.ok()) s = lines_.Load(in);
  if (s.ok()) s = titles_.Load(in);
  if (s.ok() && in.Remaining() != 0) {
    s = Status::Corruption("shard state has bytes past its end");
  }
  if (!s.ok()) return s.WithContext("shard state");
  const uint32_t first = static_cast<uint32_t>(base);
  cluster_of_.Assign(first, std::move(cluster_of));
  boilerplate_.Assign(first, std::move(boilerplate));
  time_.Assign(first, std::move(time));
  first_live_ = first;
  DropRemovedPrefix();
  return Status::Ok();
}

LocalIndexShards::LocalIndexShards(const DetectorOptions& options,
                                   uint32_t shard_count) {
  for (uint32_t i = 0; i < shard_count; ++i) {
    shards_.push_back(std::make_unique<IndexShard>(options));
  }
}

Status LocalIndexShards::Lookup(const IndexLookup& lookup,
                                IndexAnswer* answer) {
  std::vector<IndexAnswer> by_shard;
  for (uint32_t i = 0; i < shard_count(); ++i) {
    by_shard.push_back(
        shards_[i]->Answer(LookupForShard(lookup, i, shard_count())));
  }
  return MergeAnswers(lookup, shard_count(), std::move(by_shard), answer);
}

Status LocalIndexShards::Apply(IndexChange change) {
  for (uint32_t i = 0; i < shard_count(); ++i) {
    Status s = shards_[i]->Apply(ChangeForShard(change, i, shard_count()));
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

StatusOr<ShardArticles> LocalIndexShards::Articles(uint32_t from,
                                                   uint32_t max) {
  return shards_[0]->Articles(from, max);
}

}  // namespace newsdedup
