#include "ingest/formats/format.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "ingest/formats/article_json.h"
#include "ingest/formats/feed.h"
#include "ingest/formats/html_page.h"
#include "ingest/formats/newsml_g2.h"
#include "ingest/formats/ninjs.h"
#include "ingest/formats/nitf.h"

namespace newsdedup {
namespace {

struct NamedFormat {
  std::string_view name;
  Format format;
};

// The first name of each format is the one FormatName gives.
constexpr std::array<NamedFormat, 12> kNames = {{
    {"jsonl", Format::kJsonLines},
    {"json", Format::kJsonLines},
    {"jsonlines", Format::kJsonLines},
    {"feed", Format::kFeed},
    {"rss", Format::kFeed},
    {"atom", Format::kFeed},
    {"rdf", Format::kFeed},
    {"html", Format::kHtml},
    {"ninjs", Format::kNinjs},
    {"newsml", Format::kNewsMl},
    {"newsml-g2", Format::kNewsMl},
    {"nitf", Format::kNitf},
}};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool EndsWith(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() &&
         text.substr(text.size() - tail.size()) == tail;
}

std::string_view SkipSpace(std::string_view text) {
  size_t i = 0;
  while (i < text.size() &&
         std::isspace(static_cast<unsigned char>(text[i]))) {
    ++i;
  }
  return text.substr(i);
}

// A file name without the compression suffix, lower case.
std::string Stem(std::string_view name) {
  std::string lower = Lower(name);
  const size_t query = lower.find_first_of("?#");
  if (query != std::string::npos) lower.resize(query);
  for (std::string_view z : {".gz", ".zst"}) {
    if (EndsWith(lower, z)) lower.resize(lower.size() - z.size());
  }
  return lower;
}

std::optional<Format> FormatOfExtension(std::string_view name) {
  const std::string stem = Stem(name);
  if (EndsWith(stem, ".jsonl") || EndsWith(stem, ".ndjson")) {
    return Format::kJsonLines;
  }
  if (EndsWith(stem, ".warc")) return Format::kWarc;
  if (EndsWith(stem, ".html") || EndsWith(stem, ".htm")) return Format::kHtml;
  if (EndsWith(stem, ".rss") || EndsWith(stem, ".atom")) return Format::kFeed;
  if (EndsWith(stem, ".ninjs") || EndsWith(stem, ".ninjs.json")) {
    return Format::kNinjs;
  }
  if (EndsWith(stem, ".nitf")) return Format::kNitf;
  return std::nullopt;
}

// Whether the JSON text holds `"key":` as a key (not inside an escaped
// string), which is enough to tell ninjs from our own article lines.
bool HasKey(std::string_view json, std::string_view key) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  for (size_t at = json.find(quoted); at != std::string::npos;
       at = json.find(quoted, at + 1)) {
    if (at > 0 && json[at - 1] == '\\') continue;
    std::string_view after = SkipSpace(json.substr(at + quoted.size()));
    if (!after.empty() && after.front() == ':') return true;
  }
  return false;
}

std::optional<Format> SniffJson(std::string_view text) {
  if (text.front() == '[') return Format::kNinjs;  // our lines are objects
  const std::string_view first_line = text.substr(0, text.find('\n'));
  for (std::string_view key :
       {"uri", "headline", "headlines", "body_text", "body_html", "bodies",
        "versioncreated", "firstcreated"}) {
    if (HasKey(first_line, key)) return Format::kNinjs;
  }
  // Pretty-printed JSON spans lines; our own format never does.
  if (first_line.find('}') == std::string_view::npos &&
      (HasKey(text, "uri") || HasKey(text, "headline") ||
       HasKey(text, "bodies"))) {
    return Format::kNinjs;
  }
  return Format::kJsonLines;
}

// The local name (no prefix) of the first element of an XML or HTML text,
// lower case, and whether a <!DOCTYPE html> came before it.
std::string FirstElement(std::string_view text, bool* html_doctype) {
  *html_doctype = false;
  size_t i = 0;
  while (i < text.size()) {
    const size_t open = text.find('<', i);
    if (open == std::string_view::npos || open + 1 >= text.size()) break;
    const char next = text[open + 1];
    if (next == '?') {  // <?xml ...?>, processing instructions
      const size_t end = text.find("?>", open);
      if (end == std::string_view::npos) break;
      i = end + 2;
      continue;
    }
    if (text.substr(open, 4) == "<!--") {
      const size_t end = text.find("-->", open);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    if (next == '!') {  // <!DOCTYPE ...>
      const std::string decl = Lower(text.substr(open, 20));
      if (decl.rfind("<!doctype html", 0) == 0) *html_doctype = true;
      const size_t end = text.find('>', open);
      if (end == std::string_view::npos) break;
      i = end + 1;
      continue;
    }
    size_t end = open + 1;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) ||
            text[end] == ':' || text[end] == '_' || text[end] == '-' ||
            text[end] == '.')) {
      ++end;
    }
    std::string name = Lower(text.substr(open + 1, end - open - 1));
    const size_t colon = name.rfind(':');
    if (colon != std::string::npos) name.erase(0, colon + 1);
    return name;
  }
  return "";
}

std::optional<Format> SniffMarkup(std::string_view text) {
  bool html_doctype = false;
  const std::string root = FirstElement(text, &html_doctype);
  if (html_doctype) return Format::kHtml;
  if (root == "rss" || root == "rdf" || root == "feed") return Format::kFeed;
  if (root == "newsitem" || root == "packageitem" || root == "newsmessage") {
    return Format::kNewsMl;
  }
  if (root == "nitf") return Format::kNitf;
  if (root == "html" || root == "head" || root == "body") return Format::kHtml;
  return std::nullopt;
}

}  // namespace

std::string_view FormatName(Format format) {
  if (format == Format::kWarc) return "warc";
  for (const NamedFormat& named : kNames) {
    if (named.format == format) return named.name;
  }
  return "unknown";
}

std::optional<Format> FormatNamed(std::string_view name) {
  const std::string lower = Lower(name);
  if (lower == "warc") return Format::kWarc;
  for (const NamedFormat& named : kNames) {
    if (named.name == lower) return named.format;
  }
  return std::nullopt;
}

std::optional<Format> SniffFormat(std::string_view head,
                                  std::string_view name) {
  std::string_view text = head;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // BOM
  text = SkipSpace(text);
  if (text.substr(0, 5) == "WARC/") return Format::kWarc;
  if (!text.empty() && (text.front() == '{' || text.front() == '[')) {
    return SniffJson(text);
  }
  if (!text.empty() && text.front() == '<') {
    if (std::optional<Format> format = SniffMarkup(text)) return format;
  }
  return FormatOfExtension(name);
}

std::optional<Format> FormatOfContentType(std::string_view content_type) {
  std::string type = Lower(content_type.substr(0, content_type.find(';')));
  while (!type.empty() && type.back() == ' ') type.pop_back();
  type = std::string(SkipSpace(type));
  if (type == "application/rss+xml" || type == "application/atom+xml" ||
      type == "application/rdf+xml") {
    return Format::kFeed;
  }
  if (type == "text/html" || type == "application/xhtml+xml") {
    return Format::kHtml;
  }
  if (type.find("ninjs") != std::string::npos) return Format::kNinjs;
  if (type.find("vnd.iptc.g2") != std::string::npos ||
      type.find("newsml") != std::string::npos) {
    return Format::kNewsMl;
  }
  if (type.find("nitf") != std::string::npos) return Format::kNitf;
  if (type == "application/warc") return Format::kWarc;
  if (type == "application/x-ndjson" || type == "application/jsonl" ||
      type == "application/json-lines" || type == "application/x-jsonlines") {
    return Format::kJsonLines;
  }
  return std::nullopt;
}

namespace {

DocumentItems ParseJsonLines(std::string_view bytes,
                             const DocumentOptions& options) {
  DocumentItems items;
  uint64_t line_number = 0;
  while (!bytes.empty()) {
    const size_t end = std::min(bytes.find('\n'), bytes.size());
    std::string_view line = bytes.substr(0, end);
    bytes.remove_prefix(std::min(end + 1, bytes.size()));
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (SkipSpace(line).empty()) continue;
    items.push_back({"line " + std::to_string(line_number),
                     ParseArticleJson(line, options.limits)});
  }
  return items;
}

}  // namespace

StatusOr<DocumentItems> ParseDocument(Format format, std::string_view bytes,
                                      const DocumentOptions& options) {
  switch (format) {
    case Format::kJsonLines:
      return ParseJsonLines(bytes, options);
    case Format::kFeed:
      return ParseFeed(bytes, options);
    case Format::kHtml:
      return ParseHtmlPage(bytes, options);
    case Format::kNinjs:
      return ParseNinjs(bytes, options);
    case Format::kNewsMl:
      return ParseNewsMl(bytes, options);
    case Format::kNitf:
      return ParseNitf(bytes, options);
    case Format::kWarc:
      break;
  }
  // An archive can be larger than memory: it is read as a stream.
  return Status::InvalidArgument(
      "WARC archives are read record by record by newsdedup batch (the WARC "
      "source), not as one document");
}

}  // namespace newsdedup
