#include "tools/serve/request_items.h"

#include <optional>
#include <string_view>
#include <vector>

#include "ingest/formats/article_json.h"
#include "ingest/formats/charset.h"
#include "ingest/formats/format.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace http = boost::beast::http;

namespace {

std::vector<std::string_view> NonBlankLines(std::string_view body) {
  std::vector<std::string_view> lines;
  while (!body.empty()) {
    const size_t nl = body.find('\n');
    std::string_view line = body.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) {
      lines.push_back(line);
    }
    if (nl == std::string_view::npos) break;
    body.remove_prefix(nl + 1);
  }
  return lines;
}

}  // namespace

StatusOr<RequestItems> ReadRequestItems(const HttpRequest& req,
                                        const IngestLimits& limits) {
  const std::string_view body = req.body().text;
  const auto type = req.find(http::field::content_type);
  std::optional<Format> format;
  if (type != req.end()) {
    format = FormatOfContentType(
        std::string_view(type->value().data(), type->value().size()));
  }
  const std::optional<Format> type_format = format;
  if (!format) format = SniffFormat(body.substr(0, 4096), "");
  RequestItems request;
  // Sniffed, an array is ninjs; it is ours when its elements are.
  if (type_format == std::nullopt && format == Format::kNinjs &&
      IsArticleJsonArray(body)) {
    StatusOr<std::vector<StatusOr<Article>>> articles =
        ParseArticleJsonArray(body, limits);
    if (!articles.ok()) return articles.status();
    request.json_lines = false;
    for (size_t i = 0; i < articles->size(); ++i) {
      request.items.push_back(
          {"element " + std::to_string(i + 1), std::move((*articles)[i])});
    }
    return request;
  }
  if (!format || *format == Format::kJsonLines) {
    // Unknown bytes are read as JSON, whose error says what was wrong.
    for (std::string_view line : NonBlankLines(body)) {
      request.items.push_back({"", ParseArticleJson(line, limits)});
    }
    return request;
  }
  request.json_lines = false;
  DocumentOptions options;
  options.limits = limits;
  // Where the document came from, when the client says (?url=...): the id
  // and url of a page that names no canonical URL, and the base of
  // relative links.
  const std::string_view target(req.target().data(), req.target().size());
  if (const size_t q = target.find('?'); q != std::string_view::npos) {
    options.origin = QueryParam(target.substr(q + 1), "url");
  }
  if (type != req.end()) {
    options.charset =
        CharsetOfContentType(
            std::string_view(type->value().data(), type->value().size()))
            .value_or("");
  }
  StatusOr<DocumentItems> items = ParseDocument(*format, body, options);
  if (!items.ok()) {
    return items.status().WithContext(std::string(FormatName(*format)) +
                                      " document");
  }
  request.items = std::move(*items);
  return request;
}

// An item's error line: {"line": n, ...} for JSON Lines, {"item": where,
// ...} for a document.
std::string ItemError(const RequestItems& request, size_t i,
                      const std::string& what) {
  const std::string place =
      request.json_lines ? "\"line\":" + std::to_string(i + 1)
                         : "\"item\":" + JsonString(request.items[i].where);
  return "{" + place + ",\"error\":" + JsonString(what) + "}";
}

StatusOr<RequestItems> ReadRequestItemsOrAnswer(const HttpRequest& req,
                                                const IngestLimits& limits,
                                                size_t max_articles,
                                                HttpResponse* refusal) {
  namespace http = boost::beast::http;
  StatusOr<RequestItems> request = ReadRequestItems(req, limits);
  if (!request.ok()) {
    *refusal =
        HttpError(req, http::status::bad_request, request.status().message());
    return request.status();
  }
  if (request->items.empty()) {
    const char* what = request->json_lines ? "empty request body"
                                           : "the document holds no items";
    *refusal = HttpError(req, http::status::bad_request, what);
    return Status::InvalidArgument(what);
  }
  if (request->items.size() > max_articles) {
    const std::string what = std::to_string(request->items.size()) +
                             " articles in one request, over the cap of " +
                             std::to_string(max_articles);
    *refusal = HttpError(req, http::status::payload_too_large, what);
    return Status::ResourceExhausted(what);
  }
  return request;
}

}  // namespace newsdedup
