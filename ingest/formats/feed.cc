#include "ingest/formats/feed.h"

#include <algorithm>
#include <optional>
#include <string>

#include "ingest/formats/html_text.h"
#include "ingest/formats/item_builder.h"
#include "ingest/formats/iso8601.h"
#include "ingest/formats/rfc822.h"
#include "ingest/formats/xml.h"

namespace newsdedup {
namespace {

constexpr std::string_view kAtom = "http://www.w3.org/2005/Atom";
constexpr std::string_view kContent = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view kDublinCore = "http://purl.org/dc/elements/1.1/";
constexpr std::string_view kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

// What every item of a feed shares.
struct Feed {
  const DocumentOptions* options = nullptr;
  std::string title;
  std::string base;  // the feed's link, else the origin if it is a URL
  size_t max_text = 0;
};

bool IsAbsolute(std::string_view url) {
  return url.find("://") != std::string_view::npos;
}

// A link in the element `at`, resolved against xml:base there or the feed.
std::string Resolve(const XmlNode* at, std::string_view link,
                    const Feed& feed) {
  std::string base = XmlBase(at);
  base = base.empty() ? feed.base : ResolveUrl(base, feed.base);
  return IsAbsolute(base) ? ResolveUrl(link, base) : std::string(link);
}

std::optional<int64_t> DateOf(const XmlNode* element) {
  const std::string text = CollapsedTextOf(element);
  if (text.empty()) return std::nullopt;
  if (std::optional<int64_t> date = ParseRfc822Date(text)) return date;
  return ParseIso8601(text);
}

std::string Markup(const XmlNode* element, const Feed& feed) {
  return TextFromMarkup(TextOf(element, feed.max_text));
}

DocumentItem RssItem(const XmlNode* item, size_t number, const Feed& feed) {
  const std::string_view ns = NamespaceOf(item);
  Article article;
  const XmlNode* guid = Child(item, "guid", ns);
  const std::string guid_text = CollapsedTextOf(guid);
  const XmlNode* link = Child(item, "link", ns);
  article.url = Resolve(link, CollapsedTextOf(link), feed);
  if (article.url.empty() && IsAbsolute(guid_text) &&
      Attribute(guid, "isPermaLink").value_or("true") != "false") {
    article.url = guid_text;
  }
  article.id = guid_text;
  if (article.id.empty()) {
    article.id = CollapseSpace(Attribute(item, "about", kRdf).value_or(""));
  }
  if (article.id.empty()) article.id = article.url;
  const std::string where = ItemWhere("item", number, article.id);
  if (article.id.empty()) return RefusedItem(where, "no guid, id or link");
  article.title = CollapseSpace(Markup(Child(item, "title", ns), feed));
  article.body = Markup(Child(item, "encoded", kContent), feed);
  if (article.body.empty()) {
    article.body = Markup(Child(item, "description", ns), feed);
  }
  if (article.body.empty()) {
    return RefusedItem(where, "no text (no content:encoded or description)");
  }
  article.published_ms = DateOf(Child(item, "pubDate", ns));
  if (!article.published_ms) {
    article.published_ms = DateOf(Child(item, "date", kDublinCore));
  }
  article.source = CollapsedTextOf(Child(item, "source", ns));
  if (article.source.empty()) article.source = feed.title;
  return FinishItem(where, std::move(article), *feed.options);
}

// An Atom text construct (RFC 4287, 3.1) or content element as text.
std::string AtomText(const XmlNode* element, const Feed& feed) {
  if (element == nullptr || Attribute(element, "src")) return {};
  const std::string type = Attribute(element, "type").value_or("text");
  if (type == "xhtml" || type.find("xhtml") != std::string::npos) {
    const XmlNode* div = Child(element, "div");
    return TextFromMarkup(HtmlToText(InnerXml(div ? div : element,
                                              feed.max_text)));
  }
  if (type == "html" || type.find("html") != std::string::npos) {
    return TextFromMarkup(HtmlToText(TextOf(element, feed.max_text)));
  }
  if (type == "text" || type.rfind("text/", 0) == 0 ||
      type.find("xml") != std::string::npos) {
    // Feeds label HTML as text often enough that markup is still read.
    return Markup(element, feed);
  }
  return {};  // base64 media: not text
}

std::string AtomLink(const XmlNode* parent, const Feed& feed) {
  for (const XmlNode* link : Children(parent, "link", NamespaceOf(parent))) {
    const std::string rel = Attribute(link, "rel").value_or("alternate");
    const std::optional<std::string> href = Attribute(link, "href");
    if (rel == "alternate" && href && !href->empty()) {
      return Resolve(link, CollapseSpace(*href), feed);
    }
  }
  return {};
}

DocumentItem AtomEntry(const XmlNode* entry, size_t number, const Feed& feed) {
  const std::string_view ns = NamespaceOf(entry);
  Article article;
  article.url = AtomLink(entry, feed);
  article.id = CollapsedTextOf(Child(entry, "id", ns));
  if (article.id.empty()) article.id = article.url;
  const std::string where = ItemWhere("entry", number, article.id);
  if (article.id.empty()) return RefusedItem(where, "no guid, id or link");
  article.title = CollapseSpace(AtomText(Child(entry, "title", ns), feed));
  article.body = AtomText(Child(entry, "content", ns), feed);
  if (article.body.empty()) {
    article.body = AtomText(Child(entry, "summary", ns), feed);
  }
  if (article.body.empty()) {
    return RefusedItem(where, "no text (no content or summary)");
  }
  for (std::string_view name : {"published", "updated", "issued", "modified"}) {
    if (article.published_ms) break;
    article.published_ms = ParseIso8601(CollapsedTextOf(Child(entry, name, ns)));
  }
  article.source = CollapseSpace(
      AtomText(Descendant(entry, {"source", "title"}, ns), feed));
  if (article.source.empty()) article.source = feed.title;
  return FinishItem(where, std::move(article), *feed.options);
}

}  // namespace

StatusOr<DocumentItems> ParseFeed(std::string_view bytes,
                                  const DocumentOptions& options) {
  if (OpensAsHtmlPage(bytes)) {
    return Status::InvalidArgument("an HTML page, not a feed");
  }
  XmlReadOptions read;
  read.encoding = options.charset;
  StatusOr<XmlDocument> document = XmlDocument::Parse(bytes, read);
  if (!document.ok()) return document.status();
  const XmlNode* root = document->root();
  Feed feed;
  feed.options = &options;
  feed.max_text = std::max(options.limits.max_record_bytes,
                           options.limits.max_body_bytes);
  feed.base = IsAbsolute(options.origin) ? options.origin : "";
  DocumentItems items;
  const std::string_view name = LocalName(root);
  if (IsElement(root, "feed", kAtom) ||
      IsElement(root, "feed", "http://purl.org/atom/ns#")) {
    const std::string_view ns = NamespaceOf(root);
    feed.title = CollapseSpace(AtomText(Child(root, "title", ns), feed));
    if (std::string link = AtomLink(root, feed); IsAbsolute(link)) {
      feed.base = link;
    }
    size_t number = 0;
    for (const XmlNode* entry : Children(root, "entry", ns)) {
      items.push_back(AtomEntry(entry, ++number, feed));
    }
    return items;
  }
  if (name == "rss" || IsElement(root, "RDF", kRdf)) {
    // RSS 0.9x/2.0 nest items in the channel; RSS 0.90/1.0 put them next
    // to it, in the channel's namespace.
    const XmlNode* channel = Child(root, "channel");
    const std::string_view ns =
        channel ? NamespaceOf(channel) : std::string_view();
    feed.title = CollapseSpace(Markup(Child(channel, "title", ns), feed));
    const std::string link = CollapsedTextOf(Child(channel, "link", ns));
    if (IsAbsolute(link)) feed.base = ResolveUrl(link, feed.base);
    std::vector<const XmlNode*> list = Children(channel, "item", ns);
    if (list.empty()) list = Children(root, "item", ns);
    size_t number = 0;
    for (const XmlNode* item : list) {
      items.push_back(RssItem(item, ++number, feed));
    }
    return items;
  }
  if (name == "html") return Status::InvalidArgument("an HTML page, not a feed");
  std::string message = "not a feed: the root element is <" +
                        std::string(name) + ">";
  if (!NamespaceOf(root).empty()) {
    message += " in namespace " + std::string(NamespaceOf(root));
  }
  return Status::InvalidArgument(message);
}

}  // namespace newsdedup
