#include "ingest/stream.h"

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <future>
#include <memory>
#include <utility>

#include "ingest/recorder.h"
#include "ingest/threads.h"

namespace newsdedup {
namespace {

using Clock = std::chrono::steady_clock;
using Chunk = std::vector<StreamEntry>;

// Parses and fingerprints a chunk on the pool, in as many slices as there
// are workers; the future is ready when all of it is done.
std::future<void> PrepareAsync(boost::asio::thread_pool& pool,
                               unsigned workers, const Engine& engine,
                               const StreamSource& source,
                               std::shared_ptr<Chunk> chunk) {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> future = done->get_future();
  if (chunk->empty()) {
    done->set_value();
    return future;
  }
  const size_t slices = std::min<size_t>(workers, chunk->size());
  auto remaining = std::make_shared<std::atomic<size_t>>(slices);
  for (size_t s = 0; s < slices; ++s) {
    boost::asio::post(pool, [&engine, &source, chunk, s, slices, done,
                             remaining] {
      RunAtBackgroundPriority();  // the decisions wait on nothing else
      for (size_t i = s; i < chunk->size(); i += slices) {
        StreamEntry& entry = (*chunk)[i];
        if (!entry.error.ok()) continue;
        const Clock::time_point start = Clock::now();
        StatusOr<Article> article = source.Parse(entry);
        if (!article.ok()) {
          entry.error = article.status();
          continue;
        }
        entry.prepared = engine.Prepare(std::move(*article));
        entry.prepare_ms =
            std::chrono::duration<double, std::milli>(Clock::now() - start)
                .count();
        entry.raw.clear();
        entry.raw.shrink_to_fit();
      }
      if (remaining->fetch_sub(1) == 1) done->set_value();
    });
  }
  return future;
}

StatusOr<std::shared_ptr<Chunk>> ReadChunk(StreamSource& source, size_t max) {
  auto chunk = std::make_shared<Chunk>();
  chunk->reserve(max);
  Status s = source.Read(max, *chunk);
  if (!s.ok()) return s.WithContext(source.Name());
  return chunk;
}

}  // namespace

StatusOr<Article> StreamSource::Parse(StreamEntry& entry) const {
  if (!entry.article) {
    return Status::Internal(Where(entry) + ": the source made no article");
  }
  return std::move(*entry.article);
}

Status RunStream(Engine& engine, StreamSource& source, StreamSink& sink,
                 const StreamOptions& options) {
  const unsigned workers = WorkerThreads(options.threads);
  const size_t chunk_entries = std::max<size_t>(1, options.chunk_entries);
  boost::asio::thread_pool pool(workers);

  // The recorder's own: the chunk being recorded (set by a step queued
  // ahead of it) and its outcomes, waiting for the chunk to be durable.
  std::shared_ptr<Chunk> recording;
  std::vector<std::pair<size_t, Outcome>> recorded;
  Recorder recorder(engine, [&](Outcome outcome, uint64_t index) {
    sink.Recorded((*recording)[index], outcome);
    recorded.emplace_back(index, std::move(outcome));
  });

  // Decides a chunk; the recorder then makes it durable and hands it to
  // the sink, while the next chunk is decided.
  auto decide = [&](std::shared_ptr<Chunk> chunk) -> Status {
    recorder.Then([&recording, chunk] {
      recording = chunk;
      return Status::Ok();
    });
    Status failure;
    for (size_t i = 0; i < chunk->size(); ++i) {
      StreamEntry& entry = (*chunk)[i];
      if (!entry.prepared) continue;  // rejected: reported at the end
      entry.decide_start = Clock::now();
      failure = recorder.Decide(std::move(*entry.prepared), i);
      entry.prepared.reset();
      if (!failure.ok()) {
        failure = failure.WithContext(source.Where(entry));
        break;
      }
    }
    recorder.Then([&, chunk, fraction = source.Fraction()]() -> Status {
      for (const StreamEntry& entry : *chunk) {
        if (!entry.error.ok()) sink.Rejected(entry, entry.error);
      }
      Status persisted = engine.Persist();
      if (persisted.ok()) {
        for (auto& [index, outcome] : recorded) {
          sink.Durable((*chunk)[index], std::move(outcome));
        }
      }
      recorded.clear();
      sink.ChunkDone(fraction);
      return persisted.WithContext(source.Name());
    });
    return failure;
  };

  StatusOr<std::shared_ptr<Chunk>> first = ReadChunk(source, chunk_entries);
  if (!first.ok()) return first.status();
  std::shared_ptr<Chunk> current = std::move(*first);
  std::future<void> ready =
      PrepareAsync(pool, workers, engine, source, current);
  while (!current->empty()) {
    ready.wait();
    StatusOr<std::shared_ptr<Chunk>> next = ReadChunk(source, chunk_entries);
    if (!next.ok()) {
      (void)recorder.Wait();  // what came before is still reported
      return next.status();
    }
    std::future<void> next_ready =
        PrepareAsync(pool, workers, engine, source, *next);
    Status s = decide(std::move(current));
    if (!s.ok()) {
      next_ready.wait();
      (void)recorder.Wait();  // reports what was decided before
      return s;
    }
    current = std::move(*next);
    ready = std::move(next_ready);
  }
  pool.join();
  return recorder.Wait();
}

}  // namespace newsdedup
