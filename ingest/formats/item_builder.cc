#include "ingest/formats/item_builder.h"

#include "ingest/formats/article_json.h"
#include "ingest/formats/html_text.h"
#include "ingest/formats/xml.h"

namespace newsdedup {
namespace {

std::string_view Trim(std::string_view text) {
  const size_t start = text.find_first_not_of(" \t\r\n\f\v");
  if (start == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(" \t\r\n\f\v");
  return text.substr(start, end - start + 1);
}

}  // namespace

std::string ItemWhere(std::string_view noun, size_t number,
                      std::string_view id) {
  std::string where = std::string(noun) + " " + std::to_string(number);
  if (!id.empty()) where += " (" + std::string(id) + ")";
  return where;
}

DocumentItem FinishItem(std::string where, Article article,
                        const DocumentOptions& options) {
  if (!article.published_ms) {
    article.published_ms = options.fallback_published_ms;
  }
  if (article.source.empty()) article.source = UrlHost(options.origin);
  Status valid = ValidateArticle(article, options.limits);
  if (!valid.ok()) return {std::move(where), std::move(valid)};
  return {std::move(where), std::move(article)};
}

DocumentItem RefusedItem(std::string where, std::string reason) {
  return {std::move(where), Status::InvalidArgument(std::move(reason))};
}

std::string TextFromMarkup(std::string_view text) {
  return std::string(Trim(ArticleText(Trim(text))));
}

}  // namespace newsdedup
