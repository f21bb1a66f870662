#include "ingest/formats/html_meta.h"

#include <libxml/tree.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "ingest/formats/html_names.h"
#include "ingest/formats/html_text.h"

namespace newsdedup {
namespace {

constexpr int kMaxDepth = 256;
// A JSON-LD block larger than this is not page metadata.
constexpr size_t kMaxJsonLdBytes = 1 << 20;

constexpr std::array kArticleTypes = {"newsarticle",
                                      "article",
                                      "reportagenewsarticle",
                                      "analysisnewsarticle",
                                      "opinionnewsarticle",
                                      "backgroundnewsarticle",
                                      "reviewnewsarticle",
                                      "blogposting",
                                      "report",
                                      "liveblogposting",
                                      "socialmediaposting"};

// Meta names some CMSs give the publication time.
constexpr std::array kTimeNames = {
    "pubdate",       "publishdate",      "publish-date",     "publish_date",
    "date",          "dc.date.issued",   "dc.date",          "dcterms.created",
    "sailthru.date", "parsely-pub-date", "og:published_time"};

// `word` among the space-separated words of `value` ("datepublished
// datecreated").
bool HasWord(std::string_view value, std::string_view word) {
  size_t start = 0;
  while (start <= value.size()) {
    const size_t end = std::min(value.find(' ', start), value.size());
    if (value.substr(start, end - start) == word) return true;
    start = end + 1;
  }
  return false;
}

std::string Trim(std::string_view text) {
  const char* space = " \t\r\n\f\v";
  const size_t begin = text.find_first_not_of(space);
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(space);
  return std::string(text.substr(begin, end - begin + 1));
}

std::string Lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

std::string TextOf(const xmlNode* element) {
  std::string text;
  for (const xmlNode* child = element->children; child != nullptr;
       child = child->next) {
    if ((child->type == XML_TEXT_NODE ||
         child->type == XML_CDATA_SECTION_NODE) &&
        child->content != nullptr) {
      text += reinterpret_cast<const char*>(child->content);
    }
  }
  return text;
}

void SetOnce(std::string* field, std::string_view value) {
  if (field->empty()) *field = Trim(value);
}

// JSON-LD strings written with HTML entities ("Q&amp;A", "it&#8217;s"),
// as some CMSs escape them, read as text.
std::string Unescaped(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  return HtmlToText(text);
}

// JSON-LD fields of the first article object, each at most once.
struct JsonLd {
  std::string headline, date_published, publisher, article_body;
};

std::string_view StringOf(simdjson::dom::element value) {
  std::string_view text;
  if (value.get_string().get(text) == simdjson::SUCCESS) return text;
  return {};
}

bool IsArticleType(simdjson::dom::element type) {
  simdjson::dom::array types;
  if (type.get_array().get(types) == simdjson::SUCCESS) {
    for (simdjson::dom::element each : types) {
      if (IsArticleType(each)) return true;
    }
    return false;
  }
  std::string name = Lower(std::string(StringOf(type)));
  const size_t slash = name.find_last_of("/:");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  for (const char* t : kArticleTypes) {
    if (name == t) return true;
  }
  return false;
}

std::string NameOf(simdjson::dom::element value) {
  if (value.is_string()) return std::string(StringOf(value));
  simdjson::dom::array values;
  if (value.get_array().get(values) == simdjson::SUCCESS) {
    for (simdjson::dom::element each : values) {
      std::string name = NameOf(each);
      if (!name.empty()) return name;
    }
    return {};
  }
  simdjson::dom::element name;
  if (value.is_object() && value["name"].get(name) == simdjson::SUCCESS) {
    return std::string(StringOf(name));
  }
  return {};
}

void ReadJsonLdNode(simdjson::dom::element node, int depth, JsonLd* out) {
  if (depth > 3) return;
  simdjson::dom::array nodes;
  if (node.get_array().get(nodes) == simdjson::SUCCESS) {
    for (simdjson::dom::element each : nodes) {
      ReadJsonLdNode(each, depth + 1, out);
    }
    return;
  }
  if (!node.is_object()) return;
  simdjson::dom::element field;
  if (node["@graph"].get(field) == simdjson::SUCCESS) {
    ReadJsonLdNode(field, depth + 1, out);
  }
  if (node["@type"].get(field) != simdjson::SUCCESS || !IsArticleType(field)) {
    return;
  }
  if (node["headline"].get(field) == simdjson::SUCCESS) {
    SetOnce(&out->headline, Unescaped(StringOf(field)));
  }
  if (node["articleBody"].get(field) == simdjson::SUCCESS) {
    SetOnce(&out->article_body, StringOf(field));
  }
  if (node["datePublished"].get(field) == simdjson::SUCCESS) {
    SetOnce(&out->date_published, StringOf(field));
  }
  if (node["publisher"].get(field) == simdjson::SUCCESS) {
    SetOnce(&out->publisher, Unescaped(NameOf(field)));
  }
}

void ReadJsonLd(std::string_view text, JsonLd* out) {
  if (text.size() > kMaxJsonLdBytes) return;
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  // Broken JSON-LD is common (trailing commas, raw newlines); it is
  // skipped, and the page's other metadata still counts.
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS) {
    return;
  }
  ReadJsonLdNode(root, 0, out);
}

class MetaReader {
 public:
  void Walk(const xmlNode* node, int depth, bool in_article) {
    if (depth > kMaxDepth) return;
    for (; node != nullptr; node = node->next) {
      if (node->type != XML_ELEMENT_NODE) continue;
      const std::string_view name(reinterpret_cast<const char*>(node->name));
      if (EqualsIgnoreCase(name, "svg")) continue;  // its <title> is no page's
      Visit(node, name, in_article);
      const bool article = in_article || EqualsIgnoreCase(name, "article");
      Walk(node->children, depth + 1, article);
    }
  }

  HtmlMeta Finish() {
    SetOnce(&meta_.title, json_ld_.headline);
    meta_.article_body = std::move(json_ld_.article_body);
    SetOnce(&meta_.title, twitter_title_);
    SetOnce(&meta_.url, og_url_);
    for (const std::string* time :
         {&published_time_, &json_ld_.date_published, &item_time_,
          &article_time_, &named_time_}) {
      if (!time->empty()) meta_.published.push_back(*time);
    }
    SetOnce(&meta_.site_name, json_ld_.publisher);
    return std::move(meta_);
  }

 private:
  void Visit(const xmlNode* node, std::string_view name, bool in_article) {
    if (EqualsIgnoreCase(name, "meta")) {
      std::string key = Lower(Attribute(node, "property"));
      if (key.empty()) key = Lower(Attribute(node, "name"));
      if (key.empty()) key = Lower(Attribute(node, "itemprop"));
      const std::string content = Attribute(node, "content");
      if (key == "og:title") SetOnce(&meta_.title, content);
      if (key == "twitter:title") SetOnce(&twitter_title_, content);
      if (key == "og:url") SetOnce(&og_url_, content);
      if (key == "og:site_name") SetOnce(&meta_.site_name, content);
      if (key == "article:published_time") SetOnce(&published_time_, content);
      if (HasWord(key, "datepublished")) SetOnce(&item_time_, content);
      for (const char* name : kTimeNames) {
        if (key == name) SetOnce(&named_time_, content);
      }
    } else if (EqualsIgnoreCase(name, "link")) {
      for (const std::string& rel : NameWords(Attribute(node, "rel"))) {
        if (rel == "canonical") SetOnce(&meta_.url, Attribute(node, "href"));
      }
    } else if (EqualsIgnoreCase(name, "title")) {
      SetOnce(&meta_.document_title, TextOf(node));
    } else if (EqualsIgnoreCase(name, "script")) {
      if (Lower(Trim(Attribute(node, "type"))) == "application/ld+json") {
        ReadJsonLd(TextOf(node), &json_ld_);
      }
    } else if (EqualsIgnoreCase(name, "time")) {
      const std::string datetime = Attribute(node, "datetime");
      if (HasWord(Lower(Attribute(node, "itemprop")), "datepublished") ||
          xmlHasProp(node, reinterpret_cast<const xmlChar*>("pubdate"))) {
        SetOnce(&item_time_, datetime);
      }
      if (in_article) SetOnce(&article_time_, datetime);
    }
  }

  HtmlMeta meta_;
  JsonLd json_ld_;
  std::string twitter_title_, og_url_;
  std::string published_time_, item_time_, article_time_, named_time_;
};

}  // namespace

HtmlMeta ReadHtmlMeta(const HtmlTree& tree) {
  MetaReader reader;
  if (tree.doc() != nullptr) reader.Walk(tree.doc()->children, 0, false);
  return reader.Finish();
}

}  // namespace newsdedup
