#include "tools/batch.h"

#include <google/protobuf/util/delimited_message_util.h>

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <fstream>
#include <future>
#include <memory>
#include <thread>

#include "ingest/formats/article_json.h"
#include "ingest/sources/line_reader.h"
#include "ingest/threads.h"
#include "tools/json_output.h"
#include "tools/progress.h"
#include "ingest/recorder.h"

namespace newsdedup {
namespace {

constexpr size_t kChunkLines = 512;
constexpr uint64_t kMaxKnownReports = 20;

struct Slot {
  std::string line;
  uint64_t line_number = 0;
  bool oversized = false;
  Status error;
  std::optional<PreparedArticle> prepared;
};

using Chunk = std::vector<Slot>;

// Reads up to kChunkLines lines (skipping blank ones). The chunk lives on the
// heap so that workers can hold on to it while its owner moves.
StatusOr<std::unique_ptr<Chunk>> ReadChunk(LineReader& reader) {
  auto owned = std::make_unique<Chunk>();
  Chunk& chunk = *owned;
  std::string line;
  while (chunk.size() < kChunkLines) {
    const LineReader::Result r = reader.Next(&line);
    if (r == LineReader::Result::kEnd) break;
    if (r == LineReader::Result::kError) return reader.status();
    if (r == LineReader::Result::kLine &&
        line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    Slot& slot = chunk.emplace_back();
    slot.line_number = reader.line_number();
    slot.oversized = r == LineReader::Result::kOversized;
    slot.line = std::move(line);
    line.clear();
  }
  return owned;
}

// Parses and fingerprints a chunk on the pool; the future is ready when all
// of it is done.
std::future<void> PrepareAsync(boost::asio::thread_pool& pool, unsigned workers,
                               const Engine& engine, Chunk& chunk) {
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> future = done->get_future();
  if (chunk.empty()) {
    done->set_value();
    return future;
  }
  const size_t slices = std::min<size_t>(workers, chunk.size());
  auto remaining = std::make_shared<std::atomic<size_t>>(slices);
  const IngestLimits& limits = engine.options().limits;
  for (size_t s = 0; s < slices; ++s) {
    boost::asio::post(pool, [&chunk, &engine, &limits, s, slices, done,
                             remaining] {
      RunAtBackgroundPriority();  // the decisions wait on nothing else
      for (size_t i = s; i < chunk.size(); i += slices) {
        Slot& slot = chunk[i];
        if (slot.oversized) {
          slot.error = Status::InvalidArgument(
              "line is longer than the cap of " +
              std::to_string(limits.max_record_bytes) + " bytes");
          continue;
        }
        StatusOr<Article> article = ParseArticleJson(slot.line, limits);
        if (!article.ok()) {
          slot.error = article.status();
          continue;
        }
        slot.prepared = engine.Prepare(std::move(*article));
        slot.line.clear();
        slot.line.shrink_to_fit();
      }
      if (remaining->fetch_sub(1) == 1) done->set_value();
    });
  }
  return future;
}

}  // namespace

StatusOr<BatchSummary> RunBatch(Engine& engine, const BatchOptions& options) {
  BatchSummary summary;
  unsigned workers = options.threads;
  if (workers == 0) workers = std::max(1u, std::thread::hardware_concurrency());
  boost::asio::thread_pool pool(workers);

  std::unique_ptr<std::ofstream> events;
  if (!options.events_path.empty()) {
    events = std::make_unique<std::ofstream>(
        options.events_path, std::ios::binary | std::ios::trunc);
    if (!*events) {
      return Status::IOError("cannot write events to " + options.events_path);
    }
  }

  Progress progress(options.progress);
  uint64_t known_reported = 0;
  auto report = [&](const std::string& input, uint64_t line_number,
                    const Outcome& outcome) {
    const pb::Decision& d = outcome.decision;
    if (outcome.already_known) {
      ++summary.known;
      if (++known_reported <= kMaxKnownReports) {
        std::fprintf(options.err,
                     "%s:%llu: id %s is already stored (cluster %s); "
                     "not added again\n",
                     input.c_str(),
                     static_cast<unsigned long long>(line_number),
                     JsonString(d.article_id()).c_str(),
                     JsonString(d.cluster_id()).c_str());
      }
    } else {
      ++summary.articles;
      if (d.relation() != pb::NEW) ++summary.copies;
    }
    if (options.out != nullptr) {
      const std::string json =
          options.with_evidence
              ? DecisionJsonWithEvidence(d, outcome.already_known)
              : DecisionJson(d, outcome.already_known);
      std::fputs(json.c_str(), options.out);
      std::fputc('\n', options.out);
    }
    if (options.on_decision) options.on_decision(outcome);
    if (events) {
      for (const pb::ClusterEvent& event : outcome.events) {
        google::protobuf::util::SerializeDelimitedToOstream(event,
                                                            events.get());
      }
    }
  };
  // Decisions are written to the store on a thread of their own while the
  // next are made; the recorder hands them back in input order.
  std::vector<std::pair<uint64_t, Outcome>> decided;  // on its thread
  Recorder recorder(engine, [&](Outcome outcome, uint64_t line_number) {
    decided.emplace_back(line_number, std::move(outcome));
  });
  // Decides a chunk; the recorder then makes it durable and reports it,
  // while the next chunk is decided. Nothing is printed about a decision
  // that a crash could still take back.
  auto decide = [&](const std::string& input, Chunk& chunk,
                    double fraction) -> Status {
    std::vector<std::string> rejections;
    Status failure;
    for (Slot& slot : chunk) {
      auto where = [&] {
        return input + ":" + std::to_string(slot.line_number);
      };
      if (!slot.prepared) {
        rejections.push_back(where() + ": " + slot.error.message());
        continue;
      }
      failure = recorder.Decide(std::move(*slot.prepared), slot.line_number);
      slot.prepared.reset();
      if (!failure.ok()) {
        failure = failure.WithContext(where());
        break;
      }
    }
    recorder.Then(
        [&, input, fraction, rejections = std::move(rejections)]() -> Status {
          for (const std::string& rejection : rejections) {
            std::fprintf(options.err, "%s\n", rejection.c_str());
          }
          summary.rejected += rejections.size();
          Status persisted = engine.Persist();
          if (persisted.ok()) {
            for (const auto& [line_number, outcome] : decided) {
              report(input, line_number, outcome);
            }
          }
          decided.clear();
          progress.Update(summary.articles + summary.known + summary.rejected,
                          fraction);
          return persisted.WithContext(input);
        });
    return failure;
  };

  for (const std::string& input : options.inputs) {
    StatusOr<std::unique_ptr<LineReader>> reader =
        LineReader::Open(input,
                                 engine.options().limits.max_record_bytes);
    if (!reader.ok()) return reader.status();
    auto fraction = [&] {
      const uint64_t total = (*reader)->total_bytes();
      return total ? double((*reader)->bytes_consumed()) / total : -1.0;
    };
    StatusOr<std::unique_ptr<Chunk>> first = ReadChunk(**reader);
    if (!first.ok()) return first.status().WithContext(input);
    std::unique_ptr<Chunk> current = std::move(*first);
    std::future<void> ready = PrepareAsync(pool, workers, engine, *current);
    while (!current->empty()) {
      ready.wait();
      StatusOr<std::unique_ptr<Chunk>> next = ReadChunk(**reader);
      if (!next.ok()) return next.status().WithContext(input);
      std::future<void> next_ready =
          PrepareAsync(pool, workers, engine, **next);
      Status s = decide(input, *current, fraction());
      if (!s.ok()) {
        next_ready.wait();
        (void)recorder.Wait();  // reports what was decided before
        return s;
      }
      current = std::move(*next);
      ready = std::move(next_ready);
    }
  }
  pool.join();
  if (Status s = recorder.Wait(); !s.ok()) return s;
  if (options.out != nullptr) std::fflush(options.out);
  if (known_reported > kMaxKnownReports) {
    std::fprintf(
        options.err, "... and %llu more ids already stored\n",
        static_cast<unsigned long long>(known_reported - kMaxKnownReports));
  }
  if (events) {
    events->flush();
    if (!*events) return Status::IOError("writing " + options.events_path);
  }
  progress.Finish();
  summary.seconds = progress.ElapsedSeconds();
  return summary;
}

}  // namespace newsdedup
