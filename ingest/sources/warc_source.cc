#include "ingest/sources/warc_source.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "ingest/formats/article_json.h"
#include "ingest/formats/html_page.h"
#include "ingest/formats/rfc3339.h"
#include "ingest/formats/warc.h"

namespace newsdedup {
namespace {

// An entry's raw bytes: one letter for what the payload is, the charset
// the transport declared, a newline, then the payload.
constexpr char kHttpMessage = 'h';  // an HTTP response, still encoded
constexpr char kPage = 'p';         // the page itself

std::string EntryRaw(char kind, const std::string& charset,
                     std::string payload) {
  std::string raw;
  raw.reserve(charset.size() + 2 + payload.size());
  raw += kind;
  raw += charset;
  raw += '\n';
  raw += payload;
  return raw;
}

// Why a record that reads well is no entry, or "" when it is one; sets
// *charset to the charset its transport declared.
std::string SkipReason(const WarcRecord& record, std::string* charset) {
  const std::string_view type = record.header.Type();
  const ContentType record_type =
      ParseContentType(record.header.fields.Get("Content-Type").value_or(""));
  if (type == "resource") {
    *charset = record_type.charset;
    return IsHtmlMimeType(record_type.mime_type) ? "" : "not HTML";
  }
  if (type == "request" || type == "warcinfo" || type == "metadata" ||
      type == "revisit") {
    return std::string(type);
  }
  if (type != "response") return "other";
  // Some writers leave out the record's Content-Type: the head decides.
  if (!record_type.mime_type.empty() &&
      record_type.mime_type != "application/http") {
    return "not HTTP";
  }
  StatusOr<HttpHead> head = ParseHttpHead(record.block);
  if (!head.ok()) return "not HTTP";
  if (head->status >= 300 && head->status < 400) return "redirect";
  if (head->status != 200) return "not 200";
  const ContentType page_type =
      ParseContentType(head->headers.Get("Content-Type").value_or(""));
  *charset = page_type.charset;
  return IsHtmlMimeType(page_type.mime_type) ? "" : "not HTML";
}

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
  std::string charset;
  const std::string reason = SkipReason(record, &charset);
  if (!reason.empty()) {
    ++skipped_[reason];
    return;
  }
  StreamEntry& entry = chunk.emplace_back();
  entry.tag = record.number;
  // The entry's article holds, until Parse, what the record says of the
  // page; it stays for Where.
  Article& known = entry.article.emplace();
  known.id = record.header.TargetUri();
  known.url = known.id;
  if (const auto date = record.header.fields.Get("WARC-Date")) {
    known.published_ms = ParseRfc3339(*date);
  }
  if (known.id.empty()) {
    entry.error = Status::InvalidArgument("record has no WARC-Target-URI");
    return;
  }
  const char kind = record.header.Type() == "resource" ? kPage : kHttpMessage;
  entry.raw = EntryRaw(kind, charset, std::move(record.block));
}

StatusOr<Article> WarcSource::Parse(StreamEntry& entry) const {
  const Article& known = *entry.article;
  const std::string_view raw = entry.raw;
  const size_t newline = raw.find('\n');
  if (raw.empty() || newline == std::string_view::npos) {
    return Status::Internal(Where(entry) + ": entry without a record");
  }
  DocumentOptions options;
  options.limits = limits_;
  options.origin = known.url;
  options.fallback_published_ms = known.published_ms;
  options.charset = std::string(raw.substr(1, newline - 1));
  const std::string_view payload = raw.substr(newline + 1);

  std::string decoded;
  std::string_view page = payload;
  if (raw.front() == kHttpMessage) {
    StatusOr<HttpHead> head = ParseHttpHead(payload);
    if (!head.ok()) return head.status();
    StatusOr<std::string> body =
        DecodeHttpBody(*head, payload, limits_.max_record_bytes);
    if (!body.ok()) return body.status();
    decoded = std::move(*body);
    page = decoded;
  }
  StatusOr<DocumentItems> items = ParseHtmlPage(page, options);
  if (!items.ok()) return items.status();
  if (items->size() != 1) {
    return Status::Internal("a page gave " + std::to_string(items->size()) +
                            " articles");
  }
  StatusOr<Article>& article = items->front().article;
  if (!article.ok()) return article.status();
  article->id = known.id;  // one id a capture, whatever the page claims
  if (Status valid = ValidateArticle(*article, limits_); !valid.ok()) {
    return valid;
  }
  return std::move(*article);
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
