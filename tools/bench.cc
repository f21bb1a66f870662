#include "tools/bench.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "dedup/hash.h"
#include "storage/records.h"
#include "ingest/threads.h"
#include "ingest/engine.h"
#include "ingest/recorder.h"
#include "tools/scratch_store.h"
#include "ingest/sources/synthetic.h"

namespace newsdedup {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kChunk = 1024;

struct Item {
  Article article;
  std::string original;         // planted copy: the id it copies
  uint64_t original_index = 0;  // and its place in the stream
  std::string kind;             // and how (SyntheticStream::last_kind)
  std::optional<PreparedArticle> prepared;
  double prepare_ms = 0;
  Clock::time_point decided_from;  // when its decision started
};

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const size_t k =
      std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1)));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
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
  const unsigned workers =
      options.threads ? options.threads
                      : std::max(1u, std::thread::hardware_concurrency());

  // Generation runs ahead on its own thread, so the timed pipeline never
  // waits for it longer than it would wait for input.
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::unique_ptr<std::vector<Item>>> ready;
  bool generated_all = false;
  std::thread generator([&] {
    RunAtBackgroundPriority();
    SyntheticOptions synthetic;
    synthetic.seed = options.seed;
    SyntheticStream stream(synthetic);
    for (uint64_t done = 0; done < options.articles;) {
      auto chunk = std::make_unique<std::vector<Item>>();
      for (size_t i = 0; i < kChunk && done < options.articles; ++i, ++done) {
        Item item;
        item.article = stream.Next();
        item.original = stream.last_original();
        item.original_index = stream.last_original_index();
        item.kind = stream.last_kind();
        chunk->push_back(std::move(item));
      }
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return ready.size() < 4; });
      ready.push_back(std::move(chunk));
      cv.notify_all();
    }
    std::lock_guard<std::mutex> lock(mu);
    generated_all = true;
    cv.notify_all();
  });
  auto take = [&]() -> std::shared_ptr<std::vector<Item>> {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return !ready.empty() || generated_all; });
    if (ready.empty()) return nullptr;
    auto chunk = std::move(ready.front());
    ready.pop_front();
    cv.notify_all();
    return chunk;
  };

  uint64_t bytes_in = 0, stored = 0, copies_planted = 0, copies_found = 0;
  uint64_t originals_merged = 0, candidates = 0, fingerprint_bytes = 0;
  std::vector<double> latencies;
  latencies.reserve(options.articles);
  // The cluster of every article, by arrival, as a hash of its id: the
  // bookkeeping runs on the timed recording thread, so it must cost little.
  std::vector<uint64_t> cluster_of;
  cluster_of.reserve(options.articles);
  std::map<std::string, std::pair<uint64_t, uint64_t>> by_kind;  // found, all
  size_t index_bytes = 0;
  double seconds = 0;
  // The rate over the last tenth of the stream, when the store already
  // holds nine tenths of it: what a store of that size sustains.
  const uint64_t last_tenth_from = options.articles - options.articles / 10;
  Clock::time_point last_tenth_start;
  double last_tenth_seconds = 0;
  {
    StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(db, [] {
      EngineOptions options;              // the batch path's: commits persisted
      options.store.group_commit = true;  // once per chunk
      return options;
    }());
    if (!engine.ok()) {
      std::fprintf(stderr, "newsdedup bench: %s\n",
                   engine.status().ToString().c_str());
      generator.detach();
      return 2;
    }
    boost::asio::thread_pool pool(workers);
    auto prepare = [&](std::vector<Item>& chunk) {
      auto done = std::make_shared<std::promise<void>>();
      auto remaining = std::make_shared<std::atomic<size_t>>(workers);
      for (unsigned w = 0; w < workers; ++w) {
        boost::asio::post(pool, [&, w, done, remaining] {
          RunAtBackgroundPriority();
          for (size_t i = w; i < chunk.size(); i += workers) {
            const auto start = Clock::now();
            chunk[i].prepared = (*engine)->Prepare(chunk[i].article);
            chunk[i].prepare_ms = Ms(Clock::now() - start);
          }
          if (remaining->fetch_sub(1) == 1) done->set_value();
        });
      }
      return done->get_future();
    };
    // The batch's decision stage: decided here, recorded on the recorder's
    // thread, where the bookkeeping runs too. The chunk being recorded is
    // that thread's own, set by a step queued ahead of the chunk.
    std::shared_ptr<std::vector<Item>> recording;
    Recorder recorder(**engine, [&](Outcome outcome, uint64_t index) {
      const Item& item = (*recording)[index];
      latencies.push_back(item.prepare_ms +
                          Ms(Clock::now() - item.decided_from));
      if (++stored == last_tenth_from) last_tenth_start = Clock::now();
      candidates += outcome.candidates_checked;
      const std::string& cluster = outcome.decision.cluster_id();
      const uint64_t cluster_hash = Hash64(cluster);
      cluster_of.push_back(cluster_hash);
      if (!item.original.empty()) {
        ++copies_planted;
        const bool found = cluster_of[item.original_index] == cluster_hash;
        copies_found += found;
        by_kind[item.kind].first += found;
        by_kind[item.kind].second += 1;
      } else if (outcome.decision.relation() != pb::NEW) {
        ++originals_merged;
      }
    });
    auto fail = [&](const Status& s) {
      std::fprintf(stderr, "newsdedup bench: %s\n", s.ToString().c_str());
      pool.join();
      generator.join();
      return 2;
    };
    const auto start = Clock::now();
    std::shared_ptr<std::vector<Item>> current = take();
    std::future<void> current_ready;
    if (current) current_ready = prepare(*current);
    while (current) {
      current_ready.wait();
      std::shared_ptr<std::vector<Item>> next = take();
      std::future<void> next_ready;
      if (next) next_ready = prepare(*next);
      recorder.Then([&recording, current] {
        recording = current;
        return Status::Ok();
      });
      for (size_t i = 0; i < current->size(); ++i) {
        Item& item = (*current)[i];
        bytes_in += item.article.body.size();
        fingerprint_bytes += item.prepared->record.ByteSizeLong();
        item.decided_from = Clock::now();
        Status decided = recorder.Decide(std::move(*item.prepared), i);
        if (!decided.ok()) return fail(decided);
      }
      recorder.Then([&engine] { return (*engine)->Persist(); });
      current = std::move(next);
      current_ready = std::move(next_ready);
    }
    if (Status s = recorder.Wait(); !s.ok()) return fail(s);
    const auto end = Clock::now();
    seconds = std::chrono::duration<double>(end - start).count();
    last_tenth_seconds =
        std::chrono::duration<double>(end - last_tenth_start).count();
    index_bytes = (*engine)->detector().IndexMemoryBytes();
    pool.join();
  }
  generator.join();
  uint64_t disk = 0;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(db, ec)) {
    if (entry.is_regular_file(ec)) disk += entry.file_size(ec);
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
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
      last_tenth_seconds > 0 ? (stored - last_tenth_from) / last_tenth_seconds
                             : 0.0,
      bytes_in / seconds / 1e6, Percentile(latencies, 0.5),
      Percentile(latencies, 0.99), usage.ru_maxrss / 1024.0, disk / n,
      fingerprint_bytes / n, index_bytes / n, candidates / n,
      copies_planted ? double(copies_found) / copies_planted : 1.0,
      double(originals_merged) /
          std::max<uint64_t>(1, stored - copies_planted));
  std::printf("\nplanted copies found, by kind:");
  for (const auto& [kind, counts] : by_kind) {
    std::printf(" %s %.4f (n=%llu)", kind.c_str(),
                double(counts.first) / counts.second,
                static_cast<unsigned long long>(counts.second));
  }
  std::printf("\n");
  return 0;
}

}  // namespace newsdedup
