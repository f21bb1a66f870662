// JsonLinesSource: a StreamSource (ingest/stream.h) over a JSON Lines input
// — a file, a .gz or .zst file, or "-" for stdin — one article a line
// (ingest/formats/article_json.h). Lines are read on the deciding thread
// and parsed on the stream's workers. Blank lines are skipped; a line over
// the record cap, or one that does not parse or validate, becomes an entry
// rejected with its reason, tagged with its line number.
//
// Usage:
//   StatusOr<std::unique_ptr<JsonLinesSource>> source =
//       JsonLinesSource::Open("in.jsonl.gz", IngestLimits{});
//   if (!source.ok()) return source.status();  // cannot open or decompress
//   Status s = RunStream(engine, **source, sink, StreamOptions{});
#pragma once

#include <memory>
#include <string>

#include "ingest/formats/limits.h"
#include "ingest/sources/line_reader.h"
#include "ingest/stream.h"

namespace newsdedup {

class JsonLinesSource : public StreamSource {
 public:
  static StatusOr<std::unique_ptr<JsonLinesSource>> Open(
      const std::string& path, const IngestLimits& limits);

  Status Read(size_t max, std::vector<StreamEntry>& chunk) override;
  StatusOr<Article> Parse(StreamEntry& entry) const override;
  std::string Name() const override { return path_; }
  std::string Where(const StreamEntry& entry) const override {
    return path_ + ":" + std::to_string(entry.tag);
  }
  double Fraction() const override;

 private:
  JsonLinesSource(std::string path, IngestLimits limits,
                  std::unique_ptr<LineReader> reader)
      : path_(std::move(path)), limits_(limits), reader_(std::move(reader)) {}

  std::string path_;
  IngestLimits limits_;
  std::unique_ptr<LineReader> reader_;
};

}  // namespace newsdedup
