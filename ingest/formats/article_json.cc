#include "ingest/formats/article_json.h"

#include <simdjson.h>

#include <string>

#include "dedup/text.h"
#include "ingest/formats/rfc3339.h"

namespace newsdedup {
namespace {

Status NotJson(simdjson::error_code error) {
  return Status::InvalidArgument(std::string("not valid JSON (") +
                                 simdjson::error_message(error) + ")");
}

// Reads an optional string field into *out. null leaves it empty.
Status ReadString(simdjson::dom::element value, std::string_view name,
                  size_t max_bytes, std::string* out) {
  if (value.is_null()) return Status::Ok();
  std::string_view text;
  if (value.get_string().get(text)) {
    return Status::InvalidArgument("field \"" + std::string(name) +
                                   "\" must be a string");
  }
  if (text.size() > max_bytes) {
    return Status::InvalidArgument("field \"" + std::string(name) + "\" is " +
                                   std::to_string(text.size()) +
                                   " bytes, over the cap of " +
                                   std::to_string(max_bytes));
  }
  out->assign(text);
  return Status::Ok();
}

// One article from a parsed JSON value: fields as ParseArticleJson reads
// them.
StatusOr<Article> ArticleFromJson(simdjson::dom::element root,
                                  const IngestLimits& limits) {
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    return Status::InvalidArgument("not a JSON object");
  }

  Article article;
  bool has_id = false;
  bool has_body = false;
  std::string published;
  for (simdjson::dom::key_value_pair field : object) {
    const std::string_view key = field.key;
    Status s;
    if (key == "id") {
      has_id = true;
      s = ReadString(field.value, key, limits.max_id_bytes, &article.id);
    } else if (key == "body") {
      has_body = true;
      s = ReadString(field.value, key, limits.max_body_bytes, &article.body);
    } else if (key == "title") {
      s = ReadString(field.value, key, limits.max_field_bytes, &article.title);
    } else if (key == "source") {
      s = ReadString(field.value, key, limits.max_field_bytes, &article.source);
    } else if (key == "url") {
      s = ReadString(field.value, key, limits.max_field_bytes, &article.url);
    } else if (key == "published") {
      s = ReadString(field.value, key, limits.max_field_bytes, &published);
    }
    if (!s.ok()) return s;
  }
  if (!has_id) return Status::InvalidArgument("missing field \"id\"");
  if (!has_body) return Status::InvalidArgument("missing field \"body\"");
  if (!published.empty()) {
    article.published_ms = ParseRfc3339(published);
    if (!article.published_ms) {
      return Status::InvalidArgument(
          "field \"published\" is not an RFC 3339 "
          "date-time: \"" +
          published + "\"");
    }
  }
  Status valid = ValidateArticle(article, limits);
  if (!valid.ok()) return valid;
  return article;
}

}  // namespace

StatusOr<Article> ParseArticleJson(std::string_view json,
                                   const IngestLimits& limits) {
  if (json.size() > limits.max_record_bytes) {
    return Status::InvalidArgument("record is " + std::to_string(json.size()) +
                                   " bytes, over the cap of " +
                                   std::to_string(limits.max_record_bytes));
  }
  size_t bad_offset = 0;
  if (!IsValidUtf8(json, &bad_offset)) {
    return Status::InvalidArgument("invalid UTF-8 at byte " +
                                   std::to_string(bad_offset));
  }
  // The DOM parser validates the whole text (structure, strings, UTF-8,
  // nothing after the value), so a record is either fully read or rejected.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    return NotJson(error);
  }
  return ArticleFromJson(root, limits);
}

StatusOr<std::vector<StatusOr<Article>>> ParseArticleJsonArray(
    std::string_view json, const IngestLimits& limits) {
  if (json.size() > limits.max_document_bytes) {
    return Status::InvalidArgument("document is " +
                                   std::to_string(json.size()) +
                                   " bytes, over the cap of " +
                                   std::to_string(limits.max_document_bytes));
  }
  size_t bad_offset = 0;
  if (!IsValidUtf8(json, &bad_offset)) {
    return Status::InvalidArgument("invalid UTF-8 at byte " +
                                   std::to_string(bad_offset));
  }
  simdjson::dom::parser parser;  // its own: a document may be large
  simdjson::dom::element root;
  if (auto error = parser.parse(json.data(), json.size()).get(root)) {
    return NotJson(error);
  }
  simdjson::dom::array elements;
  if (root.get_array().get(elements)) {
    return Status::InvalidArgument("not a JSON array");
  }
  std::vector<StatusOr<Article>> articles;
  for (simdjson::dom::element element : elements) {
    articles.push_back(ArticleFromJson(element, limits));
  }
  return articles;
}

bool IsArticleJsonArray(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::dom::array elements;
  if (parser.parse(json.data(), json.size()).get(root) ||
      root.get_array().get(elements) || elements.begin() == elements.end()) {
    return false;
  }
  simdjson::dom::object first;
  if ((*elements.begin()).get_object().get(first)) return false;
  return first.at_key("body").error() == simdjson::SUCCESS;
}

Status ValidateArticle(const Article& article, const IngestLimits& limits) {
  if (article.id.empty()) return Status::InvalidArgument("empty \"id\"");
  if (article.id.size() > limits.max_id_bytes) {
    return Status::InvalidArgument("\"id\" is longer than " +
                                   std::to_string(limits.max_id_bytes) +
                                   " bytes");
  }
  for (unsigned char c : article.id) {
    if (c < 0x20 || c == 0x7F) {
      return Status::InvalidArgument("\"id\" contains a control character");
    }
  }
  if (article.body.size() > limits.max_body_bytes) {
    return Status::InvalidArgument(
        "\"body\" is " + std::to_string(article.body.size()) +
        " bytes, over the cap of " + std::to_string(limits.max_body_bytes));
  }
  bool blank = true;
  for (unsigned char c : article.body) {
    if (c > 0x20) {
      blank = false;
      break;
    }
  }
  if (blank) return Status::InvalidArgument("empty \"body\"");
  // Outputs write the time as RFC 3339, which must read back (a Protobuf
  // article can carry any number of milliseconds).
  if (article.published_ms && !InRfc3339Range(*article.published_ms)) {
    return Status::InvalidArgument(
        "\"published\" is outside the years 0000 to 9999");
  }
  const std::pair<const char*, const std::string*> fields[] = {
      {"id", &article.id},
      {"body", &article.body},
      {"title", &article.title},
      {"source", &article.source},
      {"url", &article.url}};
  for (const auto& [name, value] : fields) {
    size_t offset = 0;
    if (!IsValidUtf8(*value, &offset)) {
      return Status::InvalidArgument(std::string("invalid UTF-8 in \"") + name +
                                     "\" at byte " + std::to_string(offset));
    }
    if (value->size() > limits.max_field_bytes && value != &article.body) {
      return Status::InvalidArgument(
          std::string("\"") + name + "\" is over the cap of " +
          std::to_string(limits.max_field_bytes) + " bytes");
    }
  }
  return Status::Ok();
}

}  // namespace newsdedup
