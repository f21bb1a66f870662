// Fuzzes ParseArticleJson: any bytes give an article or an error, and an
// accepted article passes ValidateArticle, keeps to the limits it was
// parsed under, and has a publication time that RFC 3339 writes back.
// Each input is parsed under the default limits and under small ones, so
// that short inputs reach every cap.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "dedup/text.h"
#include "ingest/formats/article_json.h"
#include "ingest/formats/rfc3339.h"

namespace {

using newsdedup::Article;
using newsdedup::IsValidUtf8;
using newsdedup::StatusOr;
using newsdedup::FormatRfc3339;
using newsdedup::IngestLimits;
using newsdedup::ParseRfc3339;

void Check(std::string_view json, const IngestLimits& limits) {
  StatusOr<Article> article = newsdedup::ParseArticleJson(json, limits);
  if (!article.ok()) return;
  if (!newsdedup::ValidateArticle(*article, limits).ok()) std::abort();
  // What ValidateArticle promises, checked without it.
  if (article->id.empty() || article->id.size() > limits.max_id_bytes ||
      article->body.size() > limits.max_body_bytes) {
    std::abort();
  }
  for (const std::string* field : {&article->id, &article->body,
                                   &article->title, &article->source,
                                   &article->url}) {
    if (!IsValidUtf8(*field)) std::abort();
    if (field != &article->body && field->size() > limits.max_field_bytes) {
      std::abort();
    }
  }
  // Outputs write the time as RFC 3339: it must read back.
  const std::optional<int64_t> published = article->published_ms;
  if (published && ParseRfc3339(FormatRfc3339(*published)) != published) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  Check(json, IngestLimits{});
  IngestLimits small;
  small.max_record_bytes = 512;
  small.max_body_bytes = 64;
  small.max_id_bytes = 8;
  small.max_field_bytes = 32;
  Check(json, small);
  return 0;
}
