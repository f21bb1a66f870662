#include "tools/batch.h"

#include <google/protobuf/util/delimited_message_util.h>

#include <fstream>
#include <memory>

#include "ingest/sources/input.h"
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

  void set_source(const StreamSource* source) { source_ = source; }

  void Rejected(const StreamEntry& entry, const Status& why) override {
    std::fprintf(options_.err, "%s: %s\n", source_->Where(entry).c_str(),
                 why.message().c_str());
    ++summary_.rejected;
  }

  void Durable(const StreamEntry& entry, Outcome outcome) override {
    const pb::Decision& d = outcome.decision;
    if (outcome.already_known) {
      ++summary_.known;
      if (++known_reported_ <= kMaxKnownReports) {
        std::fprintf(options_.err,
                     "%s: id %s is already stored (cluster %s); "
                     "not added again\n",
                     source_->Where(entry).c_str(), JsonString(d.article_id()).c_str(),
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
  const StreamSource* source_ = nullptr;
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
  StatusOr<std::vector<std::string>> inputs = ExpandInputs(options.inputs);
  if (!inputs.ok()) return inputs.status();
  for (const std::string& input : *inputs) {
    StatusOr<std::unique_ptr<StreamSource>> source =
        OpenInput(input, options.format, options.limits);
    if (!source.ok() &&
        source.status().code() != Status::Code::kInvalidArgument &&
        source.status().code() != Status::Code::kResourceExhausted) {
      return source.status();  // cannot be read at all: stop and say so
    }
    if (!source.ok()) {
      // One malformed document costs only itself; the others go on and
      // the exit status says something was rejected.
      std::fprintf(options.err, "%s\n", source.status().message().c_str());
      ++summary.rejected;
      continue;
    }
    printer.set_source(source->get());
    Status s = RunStream(engine, **source, printer, stream);
    if (s.code() == Status::Code::kInvalidArgument) {
      // The input broke off (a truncated archive): what came before it is
      // stored and reported; the other inputs go on.
      std::fprintf(options.err, "%s\n", s.message().c_str());
      ++summary.rejected;
    } else if (!s.ok()) {
      return s;
    }
    if (const std::string skipped = (*source)->SkippedSummary();
        !skipped.empty()) {
      std::fprintf(options.err, "%s: %s\n", input.c_str(), skipped.c_str());
    }
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
