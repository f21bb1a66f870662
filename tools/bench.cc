#include "tools/bench.h"

#include "dedup/index_shard.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string_view>

#include "dedup/hash.h"
#include "ingest/engine.h"
#include "ingest/sources/synthetic_source.h"
#include "ingest/stream.h"
#include "ingest/threads.h"
#include "tools/commands.h"
#include "tools/scratch_store.h"

namespace newsdedup {
namespace {

using Clock = std::chrono::steady_clock;

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const size_t k =
      std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1)));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

// The bench's bookkeeping, on the stream's recording thread as each
// article is recorded: it must cost little, since that thread is timed.
class BenchTally : public StreamSink {
 public:
  BenchTally(const SyntheticSource& source, uint64_t articles)
      : source_(source), last_tenth_from_(articles - articles / 10) {
    latencies_.reserve(articles);
    cluster_of_.reserve(articles);
  }

  void Recorded(const StreamEntry& entry, const Outcome& outcome) override {
    const Clock::time_point now = Clock::now();
    latencies_.push_back(
        entry.prepare_ms +
        std::chrono::duration<double, std::milli>(now - entry.decide_start)
            .count());
    if (++stored_ == last_tenth_from_) last_tenth_start_ = now;
    candidates_ += outcome.candidates_checked;
    fingerprint_bytes_ += outcome.fingerprint_bytes;
    // The cluster of every article, by arrival, as a hash of its id.
    const uint64_t cluster = Hash64(outcome.decision.cluster_id());
    cluster_of_.push_back(cluster);
    const SyntheticSource::Planted& planted = source_.planted(entry.tag);
    if (planted.original != SyntheticSource::Planted::kOriginal) {
      ++copies_planted_;
      const bool found = cluster_of_[planted.original] == cluster;
      copies_found_ += found;
      by_kind_[planted.kind].first += found;
      by_kind_[planted.kind].second += 1;
    } else if (outcome.decision.relation() != pb::NEW) {
      ++originals_merged_;
    }
  }

  std::vector<double> latencies_;
  std::vector<uint64_t> cluster_of_;
  std::map<std::string_view, std::pair<uint64_t, uint64_t>> by_kind_;  // found, all
  uint64_t stored_ = 0, copies_planted_ = 0, copies_found_ = 0;
  uint64_t originals_merged_ = 0, candidates_ = 0, fingerprint_bytes_ = 0;
  // The rate over the last tenth of the stream, when the store already
  // holds nine tenths of it: what a store of that size sustains.
  const SyntheticSource& source_;
  const uint64_t last_tenth_from_;
  Clock::time_point last_tenth_start_;
};

// The stream a segment at a time: RunStream ends where the segment does,
// so that the bench can measure the engine between segments, when no
// decision is being made, and then go on with the next.
class Segments : public StreamSource {
 public:
  explicit Segments(StreamSource& inner) : inner_(inner) {}
  void Next(uint64_t entries) { left_ = entries; }
  Status Read(size_t max, std::vector<StreamEntry>& chunk) override {
    if (left_ == 0) return Status::Ok();
    const size_t before = chunk.size();
    Status s = inner_.Read(std::min<uint64_t>(max, left_), chunk);
    left_ -= std::min<uint64_t>(left_, chunk.size() - before);
    return s;
  }
  StatusOr<Article> Parse(StreamEntry& entry) const override {
    return inner_.Parse(entry);
  }
  std::string Name() const override { return inner_.Name(); }
  std::string Where(const StreamEntry& entry) const override {
    return inner_.Where(entry);
  }

 private:
  StreamSource& inner_;
  uint64_t left_ = 0;
};

// Resident memory now, in MB (the peak is in getrusage).
double ResidentMb() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  const int read = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return read == 2 ? resident * (sysconf(_SC_PAGESIZE) / 1048576.0) : 0;
}

}  // namespace

int BenchCommand(const BenchOptions& options) {
  StatusOr<ScratchStore> store = ScratchStore::For(options.db, "bench");
  if (!store.ok()) {
    std::fprintf(stderr, "newsdedup bench: %s\n",
                 store.status().ToString().c_str());
    return 2;
  }
  const std::string& db = store->path();
  const unsigned workers = WorkerThreads(options.threads);

  SyntheticOptions synthetic;
  synthetic.seed = options.seed;
  SyntheticSource source(synthetic, options.articles);
  BenchTally tally(source, options.articles);
  size_t index_bytes = 0;
  double seconds = 0, last_tenth_seconds = 0;
  {
    // The batch path's: commits persisted.
    EngineOptions engine_options = DefaultEngineOptions();
    engine_options.store.group_commit = true;  // once per chunk
    engine_options.retention = options.retention;
    std::unique_ptr<LocalIndexShards> shards;
    if (options.index_shards > 0) {
      shards = std::make_unique<LocalIndexShards>(engine_options.detector,
                                                  options.index_shards);
      engine_options.index_shards = shards.get();
    }
    StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(db, engine_options);
    if (!engine.ok()) {
      std::fprintf(stderr, "newsdedup bench: %s\n",
                   engine.status().ToString().c_str());
      return 2;
    }
    StreamOptions stream;
    stream.threads = workers;
    stream.chunk_entries = 1024;
    const Clock::time_point start = Clock::now();
    // In twentieths with a window (for its curve), else in one go.
    const uint64_t parts = options.retention.enabled() ? 20 : 1;
    Segments segments(source);
    if (parts > 1) {
      std::printf("retention %s%s: the run in twentieths\n\n",
                  options.retention.ToString().c_str(),
                  options.retention.delete_from_store ? ", deleting" : "");
      std::printf(
          "| articles in | in the index | index MB | RSS MB | articles/s |\n"
          "|---|---|---|---|---|\n");
    }
    Clock::time_point part_start = start;
    for (uint64_t part = 0; part < parts; ++part) {
      const uint64_t end_at = options.articles * (part + 1) / parts;
      segments.Next(end_at - options.articles * part / parts);
      Status s = RunStream(**engine, segments, tally, stream);
      if (!s.ok()) {
        std::fprintf(stderr, "newsdedup bench: %s\n", s.ToString().c_str());
        return 2;
      }
      if (parts > 1) {
        const Clock::time_point now = Clock::now();
        std::printf(
            "| %llu | %u | %.1f | %.0f | %.0f |\n",
            static_cast<unsigned long long>(end_at),
            (*engine)->detector().live_count(),
            (*engine)->detector().IndexMemoryBytes() / 1e6, ResidentMb(),
            (options.articles / parts) /
                std::chrono::duration<double>(now - part_start).count());
        std::fflush(stdout);
        part_start = now;
      }
    }
    if (parts > 1) std::printf("\n");
    const Clock::time_point end = Clock::now();
    seconds = std::chrono::duration<double>(end - start).count();
    if (tally.stored_ >= tally.last_tenth_from_) {
      last_tenth_seconds =
          std::chrono::duration<double>(end - tally.last_tenth_start_).count();
    }
    index_bytes = (*engine)->detector().IndexMemoryBytes();
    if (shards) {
      // The detector holds only its per-article arrays; the shards the rest.
      const IndexShard empty(engine_options.detector);
      for (uint32_t i = 0; i < shards->shard_count(); ++i) {
        const IndexShard& shard = shards->shard(i);
        std::printf("index shard %u of %u: %.1f MB, %.0f bytes per stored "
                    "article (%.1f MB when empty), %zu features\n",
                    i, shards->shard_count(), shard.MemoryBytes() / 1e6,
                    static_cast<double>(shard.MemoryBytes()) /
                        std::max<uint64_t>(tally.stored_, 1),
                    empty.MemoryBytes() / 1e6, shard.feature_count());
        index_bytes += shard.MemoryBytes();
      }
    }
    // Not counted in the build: what the next open of the store reads.
    const Clock::time_point saving = Clock::now();
    if (Status saved = (*engine)->Checkpoint(); !saved.ok()) {
      std::fprintf(stderr, "newsdedup bench: index snapshot not saved: %s\n",
                   saved.ToString().c_str());
    } else {
      std::fprintf(stderr, "newsdedup bench: index snapshot saved in %.2f s\n",
                   std::chrono::duration<double>(Clock::now() - saving)
                       .count());
    }
  }
  uint64_t disk = 0;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(db, ec)) {
    if (entry.is_regular_file(ec)) disk += entry.file_size(ec);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const uint64_t stored = tally.stored_;
  const double n = std::max<uint64_t>(stored, 1);

  std::printf(
      "| articles | threads | articles/s | articles/s, last tenth | MB/s | "
      "latency p50 ms | latency p99 ms "
      "| peak RSS MB | store B/article | fingerprint B/article | index RAM "
      "B/article | candidates/article | planted copies found | originals "
      "merged |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  std::printf(
      "| %llu | %u | %.0f | %.0f | %.1f | %.3f | %.3f | %.0f | %.0f | %.0f | "
      "%.0f | %.2f | %.4f | %.4f |\n",
      static_cast<unsigned long long>(stored), workers, stored / seconds,
      last_tenth_seconds > 0
          ? (stored - tally.last_tenth_from_) / last_tenth_seconds
          : 0.0,
      source.body_bytes() / seconds / 1e6, Percentile(tally.latencies_, 0.5),
      Percentile(tally.latencies_, 0.99), usage.ru_maxrss / 1024.0, disk / n,
      tally.fingerprint_bytes_ / n, index_bytes / n, tally.candidates_ / n,
      tally.copies_planted_
          ? double(tally.copies_found_) / tally.copies_planted_
          : 1.0,
      double(tally.originals_merged_) /
          std::max<uint64_t>(1, stored - tally.copies_planted_));
  std::printf("\nplanted copies found, by kind:");
  for (const auto& [kind, counts] : tally.by_kind_) {
    std::printf(" %s %.4f (n=%llu)", std::string(kind).c_str(),
                double(counts.first) / counts.second,
                static_cast<unsigned long long>(counts.second));
  }
  std::printf("\n");
  return 0;
}

}  // namespace newsdedup
