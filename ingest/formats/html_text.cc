#include "ingest/formats/html_text.h"

#include <array>
#include <cctype>

#include "ingest/formats/html_blocks.h"
#include "ingest/formats/html_names.h"

namespace newsdedup {
namespace {

template <size_t N>
bool OneOf(std::string_view name, const std::array<const char*, N>& names) {
  for (const char* n : names) {
    if (EqualsIgnoreCase(name, n)) return true;
  }
  return false;
}

// Elements a closing tag of which marks a text as HTML.
constexpr std::array kHtmlElements = {
    "p",       "div",     "span",       "a",      "li",     "ul",
    "ol",      "h1",      "h2",         "h3",     "h4",     "h5",
    "h6",      "em",      "strong",     "b",      "i",      "u",
    "article", "section", "figure",     "nav",    "aside",  "table",
    "tr",      "td",      "blockquote", "script", "style",  "html",
    "body",    "head",    "header",     "footer", "main",   "figcaption",
    "small",   "time",    "button",     "form",   "iframe", "noscript"};

}  // namespace

bool LooksLikeHtml(std::string_view body) {
  for (size_t i = body.find('<'); i != std::string_view::npos;
       i = body.find('<', i + 1)) {
    std::string_view rest = body.substr(i + 1);
    if (rest.substr(0, 3) == "!--") return true;
    const bool closing = !rest.empty() && rest[0] == '/';
    if (closing) rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() &&
           std::isalnum(static_cast<unsigned char>(rest[n]))) {
      ++n;
    }
    if (n == 0 || n >= rest.size()) continue;
    const std::string_view name = rest.substr(0, n);
    const char after = rest[n];
    if (after != '>' && after != ' ' && after != '/' && after != '\n') continue;
    if (EqualsIgnoreCase(name, "br") ||
        (EqualsIgnoreCase(name, "img") && after == ' ')) {
      return true;
    }
    if (closing && after == '>' && OneOf(name, kHtmlElements)) return true;
  }
  return false;
}

std::string HtmlToText(std::string_view html) {
  const HtmlBlocks blocks = SplitHtmlBlocks(HtmlTree::Parse(html));
  std::string out;
  for (const HtmlBlock& block : blocks.blocks) {
    // A block made mostly of link text is a link list or a "read more"
    // prompt, not the story.
    if (blocks.InBoilerplate(block) || block.link_chars * 2 > block.chars) {
      continue;
    }
    if (!out.empty()) out += "\n\n";
    out += block.text;
  }
  return out;
}

std::optional<std::string> HtmlBodyText(std::string_view body) {
  if (!LooksLikeHtml(body)) return std::nullopt;
  return HtmlToText(body);
}

std::string ArticleText(std::string_view body) {
  return LooksLikeHtml(body) ? HtmlToText(body) : std::string(body);
}

}  // namespace newsdedup
