// Fuzzes the XML document parsers (ParseFeed, ParseNewsMl, ParseNitf) and
// the date parsers they use, all on the same bytes: any input gives a
// document error or items, never a crash, a hang or unbounded memory
// (the DTD checks of ingest/formats/xml.h), and every article returned
// passes ValidateArticle under the limits it was parsed with and has a
// time that RFC 3339 writes back. Each input is parsed under the default
// limits and under small ones, so that short inputs reach every cap.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/formats/article_json.h"
#include "ingest/formats/feed.h"
#include "ingest/formats/iso8601.h"
#include "ingest/formats/newsml_g2.h"
#include "ingest/formats/nitf.h"
#include "ingest/formats/rfc3339.h"
#include "ingest/formats/rfc822.h"

namespace {

using newsdedup::DocumentItems;
using newsdedup::DocumentOptions;
using newsdedup::StatusOr;

void CheckItems(const StatusOr<DocumentItems>& items,
                const DocumentOptions& options) {
  if (!items.ok()) return;
  for (const newsdedup::DocumentItem& item : *items) {
    if (item.where.empty()) std::abort();
    if (!item.article.ok()) continue;
    const newsdedup::Article& article = *item.article;
    if (!newsdedup::ValidateArticle(article, options.limits).ok()) std::abort();
    const std::optional<int64_t> published = article.published_ms;
    if (published && newsdedup::ParseRfc3339(newsdedup::FormatRfc3339(
                         *published)) != published) {
      std::abort();
    }
  }
}

void CheckDate(std::optional<int64_t> ms) {
  if (ms && !newsdedup::InRfc3339Range(*ms)) std::abort();
}

void Check(std::string_view bytes, const DocumentOptions& options) {
  CheckItems(newsdedup::ParseFeed(bytes, options), options);
  CheckItems(newsdedup::ParseNewsMl(bytes, options), options);
  CheckItems(newsdedup::ParseNitf(bytes, options), options);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CheckDate(newsdedup::ParseRfc822Date(bytes.substr(0, 64)));
  CheckDate(newsdedup::ParseIso8601(bytes.substr(0, 64)));
  DocumentOptions options;
  options.origin = "https://feeds.example.com/news.xml";
  Check(bytes, options);
  DocumentOptions small;
  small.limits.max_record_bytes = 512;
  small.limits.max_body_bytes = 64;
  small.limits.max_id_bytes = 8;
  small.limits.max_field_bytes = 32;
  small.charset = "ISO-8859-1";
  small.fallback_published_ms = 0;
  Check(bytes, small);
  return 0;
}
