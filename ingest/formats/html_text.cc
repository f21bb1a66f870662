#include "ingest/formats/html_text.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <array>
#include <cctype>
#include <mutex>

namespace newsdedup {
namespace {

bool IEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

template <size_t N>
bool OneOf(std::string_view name, const std::array<const char*, N>& names) {
  for (const char* n : names) {
    if (IEquals(name, n)) return true;
  }
  return false;
}

// Elements a closing tag of which marks a text as HTML.
constexpr std::array kHtmlElements = {
    "p",      "div",   "span",  "a",     "li",      "ul",     "ol",
    "h1",     "h2",    "h3",    "h4",    "h5",      "h6",     "em",
    "strong", "b",     "i",     "u",     "article", "section", "figure",
    "nav",    "aside", "table", "tr",    "td",      "blockquote", "script",
    "style",  "html",  "body",  "head",  "header",  "footer", "main",
    "figcaption", "small", "time", "button", "form", "iframe", "noscript"};

// Elements whose content is not the story.
constexpr std::array kDropped = {
    "script", "style", "noscript", "template", "nav",    "header", "footer",
    "aside",  "form",  "button",   "select",   "iframe", "svg",    "figure",
    "img",    "head",  "title",    "object",   "video",  "audio",  "canvas",
    "menu"};

// Elements that end a paragraph.
constexpr std::array kBlocks = {
    "p",       "div", "li",   "ul", "ol", "h1", "h2",         "h3",
    "h4",      "h5",  "h6",   "tr", "table", "blockquote", "article",
    "section", "main", "pre", "dd", "dt", "dl", "hr",         "address",
    "body",    "td",  "th"};

// Words in a class or id that name a block around the story rather than
// the story: markup conventions, not any site's text.
constexpr std::array kBoilerplateNames = {
    "share",  "social", "related",    "comments", "advert", "promo",
    "cookie", "newsletter", "subscribe", "menu", "breadcrumb", "sidebar",
    "navigation", "navbar", "footer", "header", "byline-share", "sponsor",
    "outbrain", "taboola", "recommend", "more-stories", "read-more",
    "readmore", "tags"};

bool NamesBoilerplate(const xmlNode* node) {
  for (const char* attribute : {"class", "id", "role"}) {
    xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(attribute));
    if (value == nullptr) continue;
    std::string v(reinterpret_cast<const char*>(value));
    xmlFree(value);
    for (char& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (std::string_view(attribute) == "role" &&
        (v == "navigation" || v == "banner" || v == "contentinfo" ||
         v == "complementary")) {
      return true;
    }
    for (const char* word : kBoilerplateNames) {
      if (v.find(word) != std::string::npos) return true;
    }
  }
  return false;
}

class TextWriter {
 public:
  void Walk(const xmlNode* node) {
    for (; node != nullptr; node = node->next) Visit(node);
  }
  std::string Finish() {
    EndParagraph();
    return std::move(out_);
  }

 private:
  // A paragraph being collected: its text and how much of it is link text.
  void Visit(const xmlNode* node) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      AppendText(reinterpret_cast<const char*>(node->content));
      return;
    }
    if (node->type != XML_ELEMENT_NODE) return;
    const std::string_view name = reinterpret_cast<const char*>(node->name);
    if (OneOf(name, kDropped) || NamesBoilerplate(node)) return;
    if (IEquals(name, "br")) {
      paragraph_ += '\n';
      space_ = false;
      return;
    }
    const bool block = OneOf(name, kBlocks);
    const bool link = IEquals(name, "a");
    if (block) EndParagraph();
    if (link) ++in_link_;
    Walk(node->children);
    if (link) --in_link_;
    if (block) EndParagraph();
  }

  void AppendText(const char* text) {
    if (text == nullptr) return;
    for (const char* p = text; *p != '\0'; ++p) {
      const unsigned char c = static_cast<unsigned char>(*p);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        space_ = true;
        continue;
      }
      if (space_ && !paragraph_.empty() && paragraph_.back() != '\n') {
        paragraph_ += ' ';
      }
      space_ = false;
      paragraph_ += static_cast<char>(c);
      ++letters_;
      if (in_link_ > 0) ++link_letters_;
    }
  }

  // A paragraph made mostly of link text is a link list or a "read more"
  // prompt, not the story.
  void EndParagraph() {
    const bool links = letters_ > 0 && link_letters_ * 2 > letters_;
    while (!paragraph_.empty() &&
           (paragraph_.back() == '\n' || paragraph_.back() == ' ')) {
      paragraph_.pop_back();
    }
    if (!paragraph_.empty() && !links) {
      if (!out_.empty()) out_ += "\n\n";
      out_ += paragraph_;
    }
    paragraph_.clear();
    letters_ = link_letters_ = 0;
    space_ = false;
  }

  std::string out_;
  std::string paragraph_;
  size_t letters_ = 0;
  size_t link_letters_ = 0;
  int in_link_ = 0;
  bool space_ = false;
};

}  // namespace

bool LooksLikeHtml(std::string_view body) {
  for (size_t i = body.find('<'); i != std::string_view::npos;
       i = body.find('<', i + 1)) {
    std::string_view rest = body.substr(i + 1);
    if (rest.substr(0, 3) == "!--") return true;
    const bool closing = !rest.empty() && rest[0] == '/';
    if (closing) rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() && std::isalnum(static_cast<unsigned char>(rest[n]))) {
      ++n;
    }
    if (n == 0 || n >= rest.size()) continue;
    const std::string_view name = rest.substr(0, n);
    const char after = rest[n];
    if (after != '>' && after != ' ' && after != '/' && after != '\n') continue;
    if (IEquals(name, "br") || (IEquals(name, "img") && after == ' ')) {
      return true;
    }
    if (closing && after == '>' && OneOf(name, kHtmlElements)) return true;
  }
  return false;
}

std::string HtmlToText(std::string_view html) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  if (html.empty()) return {};
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                      HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_NOIMPLIED;
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()),
                                  nullptr, "UTF-8", options);
  if (doc == nullptr) return {};
  TextWriter writer;
  writer.Walk(xmlDocGetRootElement(doc) ? doc->children : nullptr);
  xmlFreeDoc(doc);
  return writer.Finish();
}

std::optional<std::string> HtmlBodyText(std::string_view body) {
  if (!LooksLikeHtml(body)) return std::nullopt;
  return HtmlToText(body);
}

std::string ArticleText(std::string_view body) {
  return LooksLikeHtml(body) ? HtmlToText(body) : std::string(body);
}

}  // namespace newsdedup
