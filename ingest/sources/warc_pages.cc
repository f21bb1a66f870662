#include "ingest/sources/warc_pages.h"

#include <cctype>
#include <utility>

#include "ingest/formats/article_json.h"
#include "ingest/formats/html_page.h"
#include "ingest/formats/rfc3339.h"
#include "ingest/formats/warc.h"

namespace newsdedup {
namespace {

// Whether a payload whose type no one declared is an HTML page: it opens,
// after any blank space, with a doctype or an <html> tag.
bool OpensAsHtml(std::string_view payload) {
  const size_t start = payload.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  std::string head(payload.substr(start, 14));
  for (char& c : head) c = static_cast<char>(std::tolower(uint8_t(c)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
}

// Whether a payload of `type` is a page.
bool IsPage(const ContentType& type, std::string_view payload) {
  if (type.mime_type.empty()) return OpensAsHtml(payload);
  return IsHtmlMimeType(type.mime_type);
}

}  // namespace

std::string ClassifyWarcRecord(const WarcRecord& record, WarcPage* page) {
  const std::string_view type = record.header.Type();
  const ContentType record_type =
      ParseContentType(record.header.fields.Get("Content-Type").value_or(""));
  page->target_uri = std::string(record.header.TargetUri());
  page->date_ms = std::nullopt;
  if (const auto date = record.header.fields.Get("WARC-Date")) {
    page->date_ms = ParseRfc3339(*date);
  }
  if (type == "resource") {
    page->http = false;
    page->charset = record_type.charset;
    return IsPage(record_type, record.block) ? "" : "not HTML";
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
  page->http = true;
  page->charset = page_type.charset;
  // An undeclared body is looked at only when it is not encoded.
  const std::string_view body =
      head->headers.Get("Content-Encoding").value_or("").empty()
          ? std::string_view(record.block).substr(head->body_offset)
          : std::string_view();
  return IsPage(page_type, body) ? "" : "not HTML";
}

StatusOr<Article> ParseWarcPage(std::string_view block, const WarcPage& page,
                                const IngestLimits& limits) {
  if (page.target_uri.empty()) {
    return Status::InvalidArgument("record has no WARC-Target-URI");
  }
  std::string decoded;
  std::string_view html = block;
  if (page.http) {
    StatusOr<HttpHead> head = ParseHttpHead(block);
    if (!head.ok()) return head.status();
    StatusOr<std::string> body =
        DecodeHttpBody(*head, block, limits.max_record_bytes);
    if (!body.ok()) return body.status();
    decoded = std::move(*body);
    html = decoded;
  }
  DocumentOptions options;
  options.limits = limits;
  options.origin = page.target_uri;
  options.fallback_published_ms = page.date_ms;
  options.charset = page.charset;
  StatusOr<DocumentItems> items = ParseHtmlPage(html, options);
  if (!items.ok()) return items.status();
  if (items->size() != 1) {
    return Status::Internal("a page gave " + std::to_string(items->size()) +
                            " articles");
  }
  StatusOr<Article>& article = items->front().article;
  if (!article.ok()) return article.status();
  article->id = page.target_uri;  // one id a capture, whatever the page says
  if (Status valid = ValidateArticle(*article, limits); !valid.ok()) {
    return valid;
  }
  return std::move(*article);
}

StatusOr<DocumentItems> ParseWarcDocument(std::string_view bytes,
                                          const DocumentOptions& options) {
  WarcReader reader(ByteReader::OverMemory(bytes),
                    options.limits.max_record_bytes);
  DocumentItems items;
  bool any_record = false;
  WarcRecord record;
  for (;;) {
    const WarcReader::Result result = reader.Next(&record);
    if (result == WarcReader::Result::kEnd) break;
    std::string where = "record " + std::to_string(record.number);
    if (!record.header.TargetUri().empty()) {
      where += " (" + std::string(record.header.TargetUri()) + ")";
    }
    if (result == WarcReader::Result::kError ||
        result == WarcReader::Result::kGarbled) {
      // Nothing read well before it: the document as a whole is bad.
      if (!any_record && result == WarcReader::Result::kError) {
        return Status::InvalidArgument(reader.error().message());
      }
      items.push_back({where, reader.reason().WithContext(
                                  "at byte " + std::to_string(record.offset))});
      if (result == WarcReader::Result::kError) break;
      continue;
    }
    any_record = true;
    if (result == WarcReader::Result::kOversized) {
      items.push_back(
          {where,
           Status::ResourceExhausted(
               "record of " + std::to_string(record.header.content_length) +
               " bytes is over the cap of " +
               std::to_string(options.limits.max_record_bytes) + " bytes")});
      continue;
    }
    WarcPage page;
    if (!ClassifyWarcRecord(record, &page).empty()) continue;
    items.push_back({where, ParseWarcPage(record.block, page, options.limits)});
  }
  return items;
}

}  // namespace newsdedup
