#include "tools/batch.h"

#include <google/protobuf/util/delimited_message_util.h>

#include <fstream>
#include <memory>

#include "ingest/sources/json_lines_source.h"
#include "ingest/stream.h"
#include "tools/json_output.h"
#include "tools/progress.h"

namespace newsdedup {
namespace {

constexpr uint64_t kMaxKnownReports = 20;

// Prints each decision once durable, rejected lines on stderr, cluster
// events to the events file, and keeps the summary. On the stream's
// recorder thread only.
class BatchPrinter : public StreamSink {
 public:
  BatchPrinter(const BatchOptions& options, std::ofstream* events,
               BatchSummary& summary, Progress& progress)
      : options_(options),
        events_(events),
        summary_(summary),
        progress_(progress) {}

  void set_input(const std::string& input) { input_ = input; }

  void Rejected(const StreamEntry& entry, const Status& why) override {
    std::fprintf(options_.err, "%s:%llu: %s\n", input_.c_str(),
                 static_cast<unsigned long long>(entry.tag),
                 why.message().c_str());
    ++summary_.rejected;
  }

  void Durable(const StreamEntry& entry, Outcome outcome) override {
    const pb::Decision& d = outcome.decision;
    if (outcome.already_known) {
      ++summary_.known;
      if (++known_reported_ <= kMaxKnownReports) {
        std::fprintf(options_.err,
                     "%s:%llu: id %s is already stored (cluster %s); "
                     "not added again\n",
                     input_.c_str(), static_cast<unsigned long long>(entry.tag),
                     JsonString(d.article_id()).c_str(),
                     JsonString(d.cluster_id()).c_str());
      }
    } else {
      ++summary_.articles;
      if (d.relation() != pb::NEW) ++summary_.copies;
    }
    if (options_.out != nullptr) {
      const std::string json =
          options_.with_evidence
              ? DecisionJsonWithEvidence(d, outcome.already_known)
              : DecisionJson(d, outcome.already_known);
      std::fputs(json.c_str(), options_.out);
      std::fputc('\n', options_.out);
    }
    if (options_.on_decision) options_.on_decision(outcome);
    if (events_ != nullptr) {
      for (const pb::ClusterEvent& event : outcome.events) {
        google::protobuf::util::SerializeDelimitedToOstream(event, events_);
      }
    }
  }

  void ChunkDone(double fraction) override {
    progress_.Update(summary_.articles + summary_.known + summary_.rejected,
                     fraction);
  }

  uint64_t known_reported() const { return known_reported_; }

 private:
  const BatchOptions& options_;
  std::ofstream* events_;
  BatchSummary& summary_;
  Progress& progress_;
  std::string input_;
  uint64_t known_reported_ = 0;
};

}  // namespace

StatusOr<BatchSummary> RunBatch(Engine& engine, const BatchOptions& options) {
  BatchSummary summary;
  std::unique_ptr<std::ofstream> events;
  if (!options.events_path.empty()) {
    events = std::make_unique<std::ofstream>(
        options.events_path, std::ios::binary | std::ios::trunc);
    if (!*events) {
      return Status::IOError("cannot write events to " + options.events_path);
    }
  }
  Progress progress(options.progress);
  BatchPrinter printer(options, events.get(), summary, progress);
  StreamOptions stream;
  stream.threads = options.threads;
  for (const std::string& input : options.inputs) {
    StatusOr<std::unique_ptr<JsonLinesSource>> source =
        JsonLinesSource::Open(input, options.limits);
    if (!source.ok()) return source.status();
    printer.set_input(input);
    Status s = RunStream(engine, **source, printer, stream);
    if (!s.ok()) return s;
  }
  if (options.out != nullptr) std::fflush(options.out);
  if (printer.known_reported() > kMaxKnownReports) {
    std::fprintf(options.err, "... and %llu more ids already stored\n",
                 static_cast<unsigned long long>(printer.known_reported() -
                                                 kMaxKnownReports));
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
