// Detector::SaveState and LoadState: the detector's index as a stream of
// bytes (dedup/state_stream.h), little-endian, in this order:
//
//   u32 kStateVersion
//   u64 IndexOptionsDigest(options)
//   u64 first ordinal held: those below it were all removed
//   words cluster_of          (u64 count, then count x u32), from it on
//   words boilerplate_at_add  (same count)
//   words time_of             (same count)
//   4 x posting index: shingles, terms, lines, titles, each
//     u32 tally kind, u64 slot count, u64 used slots, u64 postings,
//     words slots, words free block lists, u64 pool words, then the
//     pool's words
//
// A removed article's cluster number is UINT32_MAX.
//
// Saving copies flat arrays and restoring reads them back: nothing is
// derived or re-added, which is what makes a restore fast. The price is
// that the state is only as valid as the code that built it: whoever
// changes what Add stores, or how, bumps kStateVersion, so that a saved
// state from before is refused and the index rebuilt.
#include <string>

#include "dedup/detector.h"
#include "dedup/hash.h"

namespace newsdedup {
namespace {

constexpr uint32_t kStateVersion = 2;  // 2: removals, times, free lists

// Every field of these structs must be weighed in IndexOptionsDigest, or
// left out on purpose: a new field changes a size and stops the build here.
static_assert(sizeof(FingerprintOptions) == 48,
              "a fingerprint option was added: digest it");
static_assert(sizeof(CandidateOptions) == 104,
              "a candidate option was added: digest it if Add reads it");

template <typename T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

}  // namespace

uint64_t IndexOptionsDigest(const DetectorOptions& options) {
  const FingerprintOptions& f = options.fingerprint;
  const CandidateOptions& c = options.candidates;
  std::string bytes;
  Put<int64_t>(bytes, f.shingle_size);
  Put<uint64_t>(bytes, f.shingle_sampling);
  Put<uint64_t>(bytes, f.stemmer_language.size());
  bytes += f.stemmer_language;
  Put<uint64_t>(bytes, f.max_fingerprint_bytes);
  // What Add posts and tallies, and how it judges boilerplate. The rest of
  // CandidateOptions (how many candidates, walks and budgets at lookup,
  // the feature cache) and all of DecisionOptions are read by Match alone.
  Put<uint64_t>(bytes, c.index_terms);
  Put<uint64_t>(bytes, c.index_sampling);
  Put<uint64_t>(bytes, c.max_shingle_walk);
  Put<uint64_t>(bytes, c.boilerplate_clusters);
  Put<double>(bytes, c.boilerplate_share);
  Put<uint64_t>(bytes, c.boilerplate_line_factor);
  return Hash64(bytes);
}

void Detector::SaveState(StateWriter& out) const {
  out.U32(kStateVersion);
  out.U64(IndexOptionsDigest(options_));
  out.U64(cluster_of_.base());
  out.Words(cluster_of_.values());
  out.Words(boilerplate_at_add_.values());
  out.Words(time_of_.values());
  shingles_.Save(out);
  terms_.Save(out);
  lines_.Save(out);
  titles_.Save(out);
}

Status Detector::LoadState(StateReader& in) {
  if (article_count() != 0) {
    return Status::Internal("index state loaded into a detector in use");
  }
  uint32_t version = 0;
  uint64_t digest = 0;
  Status s = in.U32(&version);
  if (s.ok()) s = in.U64(&digest);
  if (!s.ok()) return s;
  if (version != kStateVersion) {
    return Status::InvalidArgument("index state of version " +
                                   std::to_string(version) + ", not " +
                                   std::to_string(kStateVersion));
  }
  if (digest != IndexOptionsDigest(options_)) {
    return Status::InvalidArgument(
        "index state written under other fingerprint or index options");
  }
  std::vector<uint32_t> cluster_of, boilerplate_at_add, time_of;
  uint64_t base = 0;
  s = in.U64(&base);
  if (s.ok()) s = in.Words(&cluster_of, "cluster numbers");
  if (s.ok()) s = in.Words(&boilerplate_at_add, "boilerplate counts");
  if (s.ok()) s = in.Words(&time_of, "article times");
  if (!s.ok()) return s;
  if (boilerplate_at_add.size() != cluster_of.size() ||
      time_of.size() != cluster_of.size()) {
    return Status::Corruption("index state counts disagree");
  }
  if (base + cluster_of.size() > UINT32_MAX) {
    return Status::Corruption("index state holds more articles than ordinals");
  }
  // A cluster is named by its first article, which came no later.
  uint64_t removed = base;
  for (size_t i = 0; i < cluster_of.size(); ++i) {
    if (cluster_of[i] == kRemoved) {
      ++removed;
    } else if (cluster_of[i] > base + i) {
      return Status::Corruption("article " + std::to_string(i) +
                                " in a cluster not yet started");
    }
  }
  const uint32_t walk =
      static_cast<uint32_t>(options_.candidates.max_shingle_walk);
  // Restored beside the live ones, and swapped in only once all decode.
  PostingIndex shingles(&cluster_of_, walk), lines(&cluster_of_, walk),
      titles(&cluster_of_, walk);
  PostingIndex terms;
  s = shingles.Load(in);
  if (s.ok()) s = terms.Load(in);
  if (s.ok()) s = lines.Load(in);
  if (s.ok()) s = titles.Load(in);
  if (!s.ok()) return s.WithContext("index state");
  if (in.Remaining() != 0) {
    return Status::Corruption("index state has " +
                              std::to_string(in.Remaining()) +
                              " bytes past its end");
  }
  const uint32_t first = static_cast<uint32_t>(base);
  cluster_of_.Assign(first, std::move(cluster_of));
  boilerplate_at_add_.Assign(first, std::move(boilerplate_at_add));
  time_of_.Assign(first, std::move(time_of));
  hits_.Assign(first, {});
  removed_count_ = static_cast<uint32_t>(removed);
  first_live_hint_ = 0;
  shingles_ = std::move(shingles);
  terms_ = std::move(terms);
  lines_ = std::move(lines);
  titles_ = std::move(titles);
  return Status::Ok();
}

}  // namespace newsdedup
