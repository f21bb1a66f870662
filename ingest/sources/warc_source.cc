#include "ingest/sources/warc_source.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "ingest/sources/warc_pages.h"

namespace newsdedup {
namespace {

// An entry's raw bytes: one letter for what the block is, the charset the
// transport declared, a newline, then the block. The Target-URI and date
// are in the entry's article, which stays for Where.
constexpr char kHttpMessage = 'h';  // an HTTP response, still encoded
constexpr char kPage = 'p';         // the page itself

}  // namespace

StatusOr<std::unique_ptr<WarcSource>> WarcSource::Open(
    const std::string& path, const IngestLimits& limits) {
  StatusOr<std::unique_ptr<ByteReader>> bytes = ByteReader::Open(path);
  if (!bytes.ok()) return bytes.status();
  return std::unique_ptr<WarcSource>(
      new WarcSource(path, limits, std::move(*bytes)));
}

Status WarcSource::Read(size_t max, std::vector<StreamEntry>& chunk) {
  if (!pending_.ok()) {
    ended_ = true;
    return std::exchange(pending_, Status::Ok());
  }
  const size_t first = chunk.size();
  WarcRecord record;
  while (!ended_ && chunk.size() - first < max) {
    switch (reader_.Next(&record)) {
      case WarcReader::Result::kEnd:
        ended_ = true;
        break;
      case WarcReader::Result::kError:
        // The entries read so far go on; the error ends the next Read.
        if (chunk.size() == first) {
          ended_ = true;
          return reader_.error();
        }
        pending_ = reader_.error();
        return Status::Ok();
      case WarcReader::Result::kGarbled: {
        StreamEntry& entry = chunk.emplace_back();
        entry.tag = record.number;
        entry.error = reader_.reason().WithContext(
            "garbled record at byte " + std::to_string(record.offset));
        break;
      }
      case WarcReader::Result::kOversized: {
        StreamEntry& entry = chunk.emplace_back();
        entry.tag = record.number;
        entry.article.emplace().id = record.header.TargetUri();
        entry.error = Status::ResourceExhausted(
            "record of " + std::to_string(record.header.content_length) +
            " bytes is over the cap of " +
            std::to_string(limits_.max_record_bytes) + " bytes; skipped");
        break;
      }
      case WarcReader::Result::kRecord:
        Take(record, chunk);
        break;
    }
  }
  return Status::Ok();
}

void WarcSource::Take(WarcRecord& record, std::vector<StreamEntry>& chunk) {
  WarcPage page;
  const std::string reason = ClassifyWarcRecord(record, &page);
  if (!reason.empty()) {
    ++skipped_[reason];
    return;
  }
  StreamEntry& entry = chunk.emplace_back();
  entry.tag = record.number;
  Article& known = entry.article.emplace();
  known.id = page.target_uri;
  known.published_ms = page.date_ms;
  std::string& raw = entry.raw;
  raw.reserve(page.charset.size() + 2 + record.block.size());
  raw += page.http ? kHttpMessage : kPage;
  raw += page.charset;
  raw += '\n';
  raw += record.block;
}

StatusOr<Article> WarcSource::Parse(StreamEntry& entry) const {
  const std::string_view raw = entry.raw;
  const size_t newline = raw.find('\n');
  if (!entry.article || newline == std::string_view::npos) {
    return Status::Internal(Where(entry) + ": entry without a record");
  }
  WarcPage page;
  page.target_uri = entry.article->id;
  page.date_ms = entry.article->published_ms;
  page.http = raw.front() == kHttpMessage;
  page.charset = std::string(raw.substr(1, newline - 1));
  return ParseWarcPage(raw.substr(newline + 1), page, limits_);
}

std::string WarcSource::Where(const StreamEntry& entry) const {
  std::string where = path_ + ": record " + std::to_string(entry.tag);
  if (entry.article && !entry.article->id.empty()) {
    where += " (" + entry.article->id + ")";
  }
  return where;
}

double WarcSource::Fraction() const {
  const uint64_t total = reader_.total_bytes();
  return total ? double(reader_.bytes_consumed()) / total : -1.0;
}

std::string WarcSource::SkippedSummary() const {
  std::vector<std::pair<std::string, uint64_t>> reasons(skipped_.begin(),
                                                        skipped_.end());
  std::stable_sort(
      reasons.begin(), reasons.end(),
      [](const auto& a, const auto& b) { return a.second > b.second; });
  uint64_t total = 0;
  std::string list;
  for (const auto& [reason, count] : reasons) {
    total += count;
    list += (list.empty() ? "" : ", ") + std::to_string(count) + " " + reason;
  }
  if (total == 0) return "";
  return std::to_string(total) + (total == 1 ? " record" : " records") +
         " skipped (" + list + ")";
}

}  // namespace newsdedup
