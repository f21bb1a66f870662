#include "ingest/formats/html_names.h"

#include <libxml/tree.h>

#include <array>
#include <cctype>

namespace newsdedup {
namespace {

template <size_t N>
bool OneOf(std::string_view name, const std::array<const char*, N>& names) {
  for (const char* n : names) {
    if (EqualsIgnoreCase(name, n)) return true;
  }
  return false;
}

constexpr std::array kNeverText = {
    "script", "style",  "noscript", "template", "svg",    "math",
    "head",   "title",  "object",   "embed",    "video",  "audio",
    "canvas", "select", "option",   "button",   "input",  "textarea",
    "iframe", "img",    "picture",  "figure",   "dialog", "map",
    "source", "track",  "datalist", "meta",     "link"};

constexpr std::array kBlockElements = {
    "p",       "div",     "li",       "ul",     "ol",         "h1",
    "h2",      "h3",      "h4",       "h5",     "h6",         "tr",
    "table",   "tbody",   "thead",    "tfoot",  "blockquote", "article",
    "section", "main",    "pre",      "dd",     "dt",         "dl",
    "hr",      "address", "body",     "html",   "td",         "th",
    "header",  "footer",  "nav",      "aside",  "form",       "figcaption",
    "details", "summary", "fieldset", "legend", "caption",    "center",
    "menu",    "hgroup"};

constexpr std::array kInlineElements = {
    "a",     "span",  "em",   "strong", "b",    "i",   "u",     "s",
    "small", "big",   "time", "abbr",   "cite", "q",   "sup",   "sub",
    "mark",  "label", "font", "code",   "var",  "kbd", "dfn",   "bdi",
    "bdo",   "del",   "ins",  "wbr",    "data", "tt",  "strike"};

// Words of a class or id that name a block around a story.
constexpr std::array kBoilerplateWords = {"share",
                                          "shares",
                                          "sharing",
                                          "social",
                                          "socials",
                                          "related",
                                          "comment",
                                          "comments",
                                          "commentlist",
                                          "discussion",
                                          "respond",
                                          "reply",
                                          "replies",
                                          "promo",
                                          "promos",
                                          "promotion",
                                          "ad",
                                          "ads",
                                          "adv",
                                          "advert",
                                          "adverts",
                                          "advertisement",
                                          "advertising",
                                          "sponsor",
                                          "sponsored",
                                          "cookie",
                                          "cookies",
                                          "consent",
                                          "gdpr",
                                          "newsletter",
                                          "subscribe",
                                          "signup",
                                          "menu",
                                          "nav",
                                          "navbar",
                                          "navigation",
                                          "breadcrumb",
                                          "breadcrumbs",
                                          "footer",
                                          "header",
                                          "masthead",
                                          "sidebar",
                                          "outbrain",
                                          "taboola",
                                          "recommended",
                                          "recommendations",
                                          "recirc",
                                          "trending",
                                          "popular",
                                          "tags",
                                          "toolbar",
                                          "pagination",
                                          "pager",
                                          "caption",
                                          "credit",
                                          "credits",
                                          "skip",
                                          "login",
                                          "modal",
                                          "popup",
                                          "overlay",
                                          "byline",
                                          "author",
                                          "rss",
                                          "follow",
                                          "email"};

// Beginnings of a whole class name, its separators removed, that name
// such a block ("sharebar", "relatedposts", "readmore").
constexpr std::array kBoilerplateStems = {
    "share",          "social",      "related",     "comment",     "cookie",
    "newsletter",     "breadcrumb",  "sidebar",     "footer",      "promo",
    "sponsor",        "advert",      "outbrain",    "taboola",     "recommend",
    "trending",       "mostread",    "mostpopular", "morestories", "readmore",
    "readalso",       "alsoread",    "seealso",     "subscribe",   "sronly",
    "visuallyhidden", "screenreader"};

// Words of a class or id that name the story's own container.
constexpr std::array kContentWords = {
    "article", "articlebody", "story",       "storybody", "content", "contents",
    "post",    "entry",       "body",        "text",      "main",    "prose",
    "copy",    "bodytext",    "articletext", "richtext"};

constexpr std::array kBoilerplateRoles = {
    "navigation", "banner",  "contentinfo", "complementary", "search",
    "menu",       "menubar", "dialog",      "alertdialog",   "toolbar"};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool NamesBoilerplate(std::string_view value) {
  for (const std::string& word : NameWords(value)) {
    if (OneOf(word, kBoilerplateWords)) return true;
  }
  size_t start = 0;
  while (start < value.size()) {
    size_t end = value.find(' ', start);
    if (end == std::string_view::npos) end = value.size();
    std::string joined;
    for (char c : value.substr(start, end - start)) {
      if (std::isalnum(static_cast<unsigned char>(c))) {
        joined +=
            static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    for (const char* stem : kBoilerplateStems) {
      if (joined.rfind(stem, 0) == 0 && joined.rfind("commentary", 0) != 0) {
        return true;
      }
    }
    start = end + 1;
  }
  return false;
}

bool NamesContent(std::string_view value) {
  for (const std::string& word : NameWords(value)) {
    if (OneOf(word, kContentWords)) return true;
  }
  return false;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string Attribute(const _xmlNode* element, const char* name) {
  xmlChar* value = xmlGetProp(element, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  // Class lists of a kilobyte say all a name can; longer is noise.
  if (out.size() > 1024) out.resize(1024);
  return out;
}

bool IsNeverText(const _xmlNode* element) {
  if (OneOf(std::string_view(reinterpret_cast<const char*>(element->name)),
            kNeverText)) {
    return true;
  }
  if (xmlHasProp(element, reinterpret_cast<const xmlChar*>("hidden"))) {
    return true;
  }
  if (Lower(Attribute(element, "aria-hidden")) == "true") return true;
  std::string style;
  for (char c : Lower(Attribute(element, "style"))) {
    if (c != ' ') style += c;
  }
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

bool IsBlockElement(std::string_view name) {
  return OneOf(name, kBlockElements);
}

bool IsInlineElement(std::string_view name) {
  return OneOf(name, kInlineElements);
}

int HeadingLevel(std::string_view name) {
  if (name.size() == 2 && (name[0] == 'h' || name[0] == 'H') &&
      name[1] >= '1' && name[1] <= '6') {
    return name[1] - '0';
  }
  return 0;
}

std::optional<HtmlRegion> RegionOf(const _xmlNode* element) {
  using Kind = HtmlRegion::Kind;
  const std::string_view name(reinterpret_cast<const char*>(element->name));
  if (EqualsIgnoreCase(name, "nav") || EqualsIgnoreCase(name, "aside") ||
      EqualsIgnoreCase(name, "footer") || EqualsIgnoreCase(name, "header") ||
      EqualsIgnoreCase(name, "menu")) {
    return HtmlRegion{Kind::kBoilerplate, false, false, false, 0};
  }
  const std::string role = Lower(Attribute(element, "role"));
  const std::string itemprop = Lower(Attribute(element, "itemprop"));
  const std::string itemtype = Lower(Attribute(element, "itemtype"));
  const bool body = itemprop.find("articlebody") != std::string::npos;
  const bool article = EqualsIgnoreCase(name, "article") ||
                       EqualsIgnoreCase(name, "main") ||
                       itemprop.find("articlebody") != std::string::npos ||
                       itemtype.find("article") != std::string::npos ||
                       role == "main" || role == "article";
  const std::string names =
      Attribute(element, "class") + " " + Attribute(element, "id");
  if (NamesBoilerplate(names) || OneOf(role, kBoilerplateRoles)) {
    return HtmlRegion{Kind::kBoilerplate, true, article, body, 0};
  }
  if (article) return HtmlRegion{Kind::kStrongContent, false, true, body, 0};
  if (EqualsIgnoreCase(name, "form")) {
    return HtmlRegion{Kind::kBoilerplate, true, false, false, 0};
  }
  if (NamesContent(names)) {
    return HtmlRegion{Kind::kWeakContent, false, false, false, 0};
  }
  return std::nullopt;
}

std::vector<std::string> NameWords(std::string_view value) {
  std::vector<std::string> words;
  std::string word;
  char previous = 0;
  for (char c : value) {
    const unsigned char u = static_cast<unsigned char>(c);
    const bool alnum = std::isalnum(u) != 0;
    const bool camel_break =
        std::isupper(u) && std::islower(static_cast<unsigned char>(previous));
    if ((!alnum || camel_break) && !word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
    if (alnum) word += static_cast<char>(std::tolower(u));
    previous = c;
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

uint32_t DecodeUtf8(std::string_view bytes, size_t* at) {
  const auto byte = [&](size_t i) {
    return static_cast<unsigned char>(bytes[i]);
  };
  const size_t i = *at;
  const unsigned char lead = byte(i);
  size_t length = lead < 0x80    ? 1
                  : lead >= 0xF0 ? 4
                  : lead >= 0xE0 ? 3
                  : lead >= 0xC2 ? 2
                                 : 0;
  if (length == 0 || i + length > bytes.size()) {
    *at = i + 1;
    return lead < 0x80 ? lead : 0xFFFD;
  }
  uint32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      *at = i + 1;
      return 0xFFFD;
    }
    c = (c << 6) | (byte(i + k) & 0x3F);
  }
  *at = i + length;
  return c;
}

}  // namespace newsdedup
