// Stream: the batch path, the one loop that `batch`, `eval` and `bench`
// run. Articles come from a StreamSource in chunks. Each chunk is parsed
// and fingerprinted on a worker pool while the chunk before it is decided,
// in input order, on the calling thread (Engine::Decide through a
// Recorder) and written to the store on the recorder's thread. After each
// chunk the store is made durable (Engine::Persist), and only then is the
// chunk handed on to the StreamSink: a sink never reports a decision that
// a crash could still take back.
//
// Usage:
//   StatusOr<std::unique_ptr<JsonLinesSource>> source =
//       JsonLinesSource::Open("in.jsonl", IngestLimits{});
//   if (!source.ok()) return source.status();
//   struct Printer : StreamSink {
//     void Durable(const StreamEntry&, Outcome outcome) override {
//       std::puts(outcome.decision.article_id().c_str());
//     }
//   } printer;
//   Status s = RunStream(engine, **source, printer, StreamOptions{});
//
// Decisions are exactly those of Engine::Ingest in input order, whatever
// the number of threads. The engine should be opened with
// StoreOptions::group_commit: the stream persists once a chunk.
//
// Thread safety: RunStream runs on the calling thread (which decides) and
// calls the source there; Parse runs on the workers; the sink is called on
// the recorder's thread only, so it needs no lock of its own. What the sink
// writes the caller may read once RunStream returns.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/engine.h"

namespace newsdedup {

// One article's way through the stream.
struct StreamEntry {
  // Set by the source.
  uint64_t tag = 0;  // the source's name for it: a line number, a place
  std::string raw;   // what StreamSource::Parse reads, e.g. a JSON line
  std::optional<Article> article;  // or the article, when already made
  Status error;  // set when the source knows already the entry is bad

  // Set by the stream.
  std::optional<PreparedArticle> prepared;
  double prepare_ms = 0;  // parsing and fingerprinting, on a worker
  std::chrono::steady_clock::time_point decide_start;
};

// Where a stream's articles come from.
class StreamSource {
 public:
  virtual ~StreamSource() = default;
  // Appends the next entries, at most `max`, to `chunk`; none at the end.
  // On the deciding thread. A failure ends the stream.
  [[nodiscard]] virtual Status Read(size_t max,
                                    std::vector<StreamEntry>& chunk) = 0;
  // The entry's article. On a worker, concurrently with other entries of
  // the chunk: it may change only `entry`. By default the article the
  // source made.
  virtual StatusOr<Article> Parse(StreamEntry& entry) const;
  // The input's name, and where an entry is in it ("in.jsonl:12"), for
  // messages.
  virtual std::string Name() const = 0;
  virtual std::string Where(const StreamEntry& entry) const = 0;
  // The share of the input read so far, in [0, 1]; negative when unknown.
  virtual double Fraction() const { return -1; }
  // What the source passed over that was not an article and not an error
  // ("12 records skipped (8 request, 4 not HTML)"), for the run's summary;
  // empty when nothing was. On the deciding thread, or after the stream.
  virtual std::string SkippedSummary() const { return ""; }
};

// What becomes of a stream's articles; every call on the recorder's
// thread, in input order.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // As soon as the article is recorded, not yet durable: for measuring,
  // never for reporting.
  virtual void Recorded(const StreamEntry& entry, const Outcome& outcome) {}
  // At the end of its chunk, the entries that did not parse or validate.
  virtual void Rejected(const StreamEntry& entry, const Status& why) {}
  // Once the article's chunk is durable: safe to report.
  virtual void Durable(const StreamEntry& entry, Outcome outcome) {}
  // After a chunk's Durable calls; `fraction` as StreamSource::Fraction.
  virtual void ChunkDone(double fraction) {}
};

struct StreamOptions {
  unsigned threads = 0;       // parsing and fingerprinting; 0: all cores
  size_t chunk_entries = 512;  // entries read, prepared and persisted at once
};

// Runs the source to its end through the engine. Returns OK unless the run
// itself failed (the source, a decision or the store); rejected entries go
// to the sink, not here. On failure, what was decided before it is still
// made durable and handed to the sink.
[[nodiscard]] Status RunStream(Engine& engine, StreamSource& source,
                               StreamSink& sink, const StreamOptions& options);

}  // namespace newsdedup
