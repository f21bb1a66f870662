#include "ingest/sources/json_lines_source.h"

#include "ingest/formats/article_json.h"

namespace newsdedup {

StatusOr<std::unique_ptr<JsonLinesSource>> JsonLinesSource::Open(
    const std::string& path, const IngestLimits& limits) {
  StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open(path, limits.max_record_bytes);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<JsonLinesSource>(
      new JsonLinesSource(path, limits, std::move(*reader)));
}

Status JsonLinesSource::Read(size_t max, std::vector<StreamEntry>& chunk) {
  std::string line;
  for (size_t taken = 0; taken < max;) {
    const LineReader::Result r = reader_->Next(&line);
    if (r == LineReader::Result::kEnd) break;
    if (r == LineReader::Result::kError) return reader_->status();
    if (r == LineReader::Result::kLine &&
        line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    StreamEntry& entry = chunk.emplace_back();
    entry.tag = reader_->line_number();
    if (r == LineReader::Result::kOversized) {
      entry.error = Status::InvalidArgument(
          "line is longer than the cap of " +
          std::to_string(limits_.max_record_bytes) + " bytes");
    } else {
      entry.raw = std::move(line);
      line.clear();
    }
    ++taken;
  }
  return Status::Ok();
}

StatusOr<Article> JsonLinesSource::Parse(StreamEntry& entry) const {
  return ParseArticleJson(entry.raw, limits_);
}

double JsonLinesSource::Fraction() const {
  const uint64_t total = reader_->total_bytes();
  return total ? double(reader_->bytes_consumed()) / total : -1.0;
}

}  // namespace newsdedup
