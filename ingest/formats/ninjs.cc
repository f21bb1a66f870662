#include "ingest/formats/ninjs.h"

#include <simdjson.h>

#include <optional>
#include <string>

#include "ingest/formats/article_json.h"
#include "ingest/formats/html_text.h"
#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

// A document of many items may be this many times one record's cap.
constexpr size_t kMaxItemsPerRecordCap = 16;

// The string at object[key], empty when absent or not a string.
std::string_view Field(object item, std::string_view key) {
  std::string_view text;
  element value;
  if (item[key].get(value) != simdjson::SUCCESS) return {};
  if (value.get_string().get(text) != simdjson::SUCCESS) return {};
  return text;
}

std::optional<array> ArrayField(object item, std::string_view key) {
  array values;
  element value;
  if (item[key].get(value) == simdjson::SUCCESS &&
      value.get_array().get(values) == simdjson::SUCCESS) {
    return values;
  }
  return std::nullopt;
}

bool IsMainRole(object entry) {
  const std::string_view role = Field(entry, "role");
  return role.empty() || role == "main";
}

// The first entry of an array of objects that passes `wanted`, trying the
// main-role ones first.
template <typename Wanted>
std::optional<object> Pick(std::optional<array> entries, Wanted wanted) {
  if (!entries) return std::nullopt;
  for (bool main_only : {true, false}) {
    for (element each : *entries) {
      object entry;
      if (each.get_object().get(entry) != simdjson::SUCCESS) continue;
      if (main_only && !IsMainRole(entry)) continue;
      if (wanted(entry)) return entry;
    }
  }
  return std::nullopt;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string Title(object item) {
  if (std::string_view headline = Field(item, "headline"); !headline.empty()) {
    return std::string(headline);
  }
  std::optional<object> main = Pick(ArrayField(item, "headlines"), [](object h) {
    return !Field(h, "value").empty();
  });
  return main ? std::string(Field(*main, "value")) : std::string();
}

std::string Body(object item) {
  if (std::string_view text = Field(item, "body_text"); !text.empty()) {
    return std::string(text);
  }
  if (std::string_view html = Field(item, "body_html"); !html.empty()) {
    return HtmlToText(html);
  }
  const std::optional<array> bodies = ArrayField(item, "bodies");
  for (const char* type : {"text/plain", "text/html"}) {
    std::optional<object> body = Pick(bodies, [type](object b) {
      return StartsWith(Field(b, "contenttype"), type) &&
             !Field(b, "value").empty();
    });
    if (!body) continue;
    const std::string_view value = Field(*body, "value");
    return std::string(type) == "text/html" ? HtmlToText(value)
                                            : std::string(value);
  }
  return {};
}

std::string Url(object item, std::string_view uri) {
  std::optional<object> link = Pick(ArrayField(item, "links"), [](object l) {
    const std::string_view rel = Field(l, "rel");
    return (rel == "canonical" || rel == "self" ||
            rel.find("/canonical") != std::string_view::npos) &&
           !Field(l, "href").empty();
  });
  if (link) return std::string(Field(*link, "href"));
  if (StartsWith(uri, "http://") || StartsWith(uri, "https://")) {
    return std::string(uri);
  }
  return {};
}

std::string Source(object item) {
  if (std::string_view holder = Field(item, "copyrightholder");
      !holder.empty()) {
    return std::string(holder);
  }
  std::optional<object> info = Pick(ArrayField(item, "infosource"),
                                    [](object s) {
                                      return !Field(s, "name").empty();
                                    });
  if (info) return std::string(Field(*info, "name"));
  if (std::string_view provider = Field(item, "provider"); !provider.empty()) {
    return std::string(provider);
  }
  element provider;
  object provider_object;
  if (item["provider"].get(provider) == simdjson::SUCCESS &&
      provider.get_object().get(provider_object) == simdjson::SUCCESS &&
      !Field(provider_object, "name").empty()) {
    return std::string(Field(provider_object, "name"));
  }
  return std::string(Field(item, "by"));
}

StatusOr<Article> ReadItem(element value, const DocumentOptions& options,
                           std::string* where) {
  object item;
  if (value.get_object().get(item) != simdjson::SUCCESS) {
    return Status::InvalidArgument("not a JSON object");
  }
  Article article;
  std::string_view uri = Field(item, "uri");
  article.id = std::string(uri.empty() ? Field(item, "guid") : uri);
  if (article.id.empty()) return Status::InvalidArgument("no uri or guid");
  *where += " (" + article.id + ")";
  article.title = Title(item);
  article.body = Body(item);
  if (article.body.empty()) return Status::InvalidArgument("no body");
  article.url = Url(item, uri);
  article.source = Source(item);
  for (const char* key : {"versioncreated", "firstcreated"}) {
    const std::string_view time = Field(item, key);
    if (time.empty()) continue;
    article.published_ms = ParseRfc3339(time);
    if (!article.published_ms) {
      return Status::InvalidArgument(std::string("\"") + key +
                                     "\" is not an RFC 3339 date-time: \"" +
                                     std::string(time) + "\"");
    }
    break;
  }
  if (!article.published_ms) {
    article.published_ms = options.fallback_published_ms;
  }
  if (Status valid = ValidateArticle(article, options.limits); !valid.ok()) {
    return valid;
  }
  return article;
}

void AddItem(element value, const DocumentOptions& options,
             DocumentItems* items) {
  std::string where = "item " + std::to_string(items->size() + 1);
  StatusOr<Article> article = ReadItem(value, options, &where);
  items->push_back({std::move(where), std::move(article)});
}

Status NotJson(simdjson::error_code error) {
  return Status::InvalidArgument(std::string("not valid JSON (") +
                                 simdjson::error_message(error) + ")");
}

}  // namespace

StatusOr<DocumentItems> ParseNinjs(std::string_view bytes,
                                   const DocumentOptions& options) {
  const size_t cap = options.limits.max_record_bytes * kMaxItemsPerRecordCap;
  if (bytes.size() > cap) {
    return Status::InvalidArgument("ninjs document is " +
                                   std::to_string(bytes.size()) +
                                   " bytes, over the cap of " +
                                   std::to_string(cap));
  }
  DocumentItems items;
  simdjson::dom::parser parser;
  element root;
  const simdjson::error_code whole =
      parser.parse(bytes.data(), bytes.size()).get(root);
  if (whole == simdjson::SUCCESS) {
    array list;
    if (root.get_array().get(list) == simdjson::SUCCESS) {
      for (element each : list) AddItem(each, options, &items);
    } else {
      AddItem(root, options, &items);
    }
    return items;
  }
  // One object per line: each line is an item of its own, so that one
  // broken line costs only itself.
  bool any_line = false;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) end = bytes.size();
    const std::string_view line = bytes.substr(start, end - start);
    start = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    any_line = true;
    if (line.size() > options.limits.max_record_bytes) {
      items.push_back({"item " + std::to_string(items.size() + 1),
                       Status::InvalidArgument("line over the cap of " +
                                               std::to_string(
                                                   options.limits
                                                       .max_record_bytes) +
                                               " bytes")});
      continue;
    }
    element value;
    if (auto error = parser.parse(line.data(), line.size()).get(value)) {
      items.push_back({"item " + std::to_string(items.size() + 1),
                       NotJson(error)});
      continue;
    }
    AddItem(value, options, &items);
  }
  if (!any_line) return NotJson(whole);
  // A document none of whose lines is JSON is not ninjs lines at all.
  bool any_json = false;
  for (const DocumentItem& item : items) {
    any_json = any_json || item.article.ok() ||
               item.article.status().message().rfind("not valid JSON", 0) != 0;
  }
  if (!any_json) return NotJson(whole);
  return items;
}

}  // namespace newsdedup
