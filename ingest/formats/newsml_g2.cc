#include "ingest/formats/newsml_g2.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "ingest/formats/html_text.h"
#include "ingest/formats/item_builder.h"
#include "ingest/formats/iso8601.h"
#include "ingest/formats/nitf.h"
#include "ingest/formats/xml.h"

namespace newsdedup {
namespace {

constexpr std::string_view kG2 = "http://iptc.org/std/nar/2006-10-01/";

// A party (creator, infoSource, provider): its name child, else @literal.
std::string PartyName(const XmlNode* party) {
  std::string name = CollapsedTextOf(Child(party, "name", kG2));
  if (name.empty()) name = CollapseSpace(Attribute(party, "literal").value_or(""));
  return name;
}

// The text of one rendition in contentSet; empty when it has none we read.
std::string RenditionText(const XmlNode* rendition, size_t max_text) {
  if (IsElement(rendition, "inlineData", kG2)) {
    return TextFromMarkup(TextOf(rendition, max_text));
  }
  if (!IsElement(rendition, "inlineXML", kG2)) return {};
  for (const XmlNode* content : Children(rendition, "*")) {
    if (LocalName(content) == "html") {
      const XmlNode* body = Child(content, "body");
      return TextFromMarkup(HtmlToText(InnerXml(body ? body : content, max_text)));
    }
    if (LocalName(content) == "nitf") {
      return NitfBodyText(Descendant(content, {"body", "body.content"}));
    }
    if (LocalName(content) == "body.content") return NitfBodyText(content);
    std::string text = TextFromMarkup(TextOf(content, max_text));
    if (!text.empty()) return text;
  }
  return {};
}

const XmlNode* InlineNitf(const XmlNode* content_set) {
  for (const XmlNode* inline_xml : Children(content_set, "inlineXML", kG2)) {
    if (const XmlNode* nitf = Child(inline_xml, "nitf")) return nitf;
  }
  return nullptr;
}

std::optional<int64_t> TimeOf(const XmlNode* element) {
  const std::string text = CollapsedTextOf(element);
  return text.empty() ? std::nullopt : ParseIso8601(text);
}

DocumentItem NewsItem(const XmlNode* item, size_t number,
                      const DocumentOptions& options) {
  Article article;
  article.id = CollapseSpace(Attribute(item, "guid").value_or(""));
  const std::string where = ItemWhere("item", number, article.id);
  if (article.id.empty()) return RefusedItem(where, "no guid");
  const XmlNode* item_meta = Child(item, "itemMeta", kG2);
  const XmlNode* content_meta = Child(item, "contentMeta", kG2);
  const XmlNode* content_set = Child(item, "contentSet", kG2);
  const size_t max_text = std::max(options.limits.max_record_bytes,
                                   options.limits.max_body_bytes);
  for (const XmlNode* rendition : Children(content_set, "*", kG2)) {
    article.body = RenditionText(rendition, max_text);
    if (!article.body.empty()) break;
  }
  if (article.body.empty()) {
    const bool has_inline = Child(content_set, "inlineXML", kG2) ||
                            Child(content_set, "inlineData", kG2);
    return RefusedItem(where,
                       has_inline ? "no text in the inline content"
                                  : "no inline content");
  }
  article.title = CollapsedTextOf(Child(content_meta, "headline", kG2));
  const XmlNode* nitf = InlineNitf(content_set);
  if (article.title.empty() && nitf) article.title = NitfArticle(nitf).title;
  for (const XmlNode* time :
       {Child(item_meta, "versionCreated", kG2),
        Child(item_meta, "firstCreated", kG2),
        Child(content_meta, "firstCreated", kG2),
        Child(content_meta, "contentCreated", kG2)}) {
    if (!article.published_ms) article.published_ms = TimeOf(time);
  }
  article.source = PartyName(Child(content_meta, "infoSource", kG2));
  if (article.source.empty()) {
    article.source = PartyName(Child(content_meta, "creator", kG2));
  }
  return FinishItem(where, std::move(article), options);
}

// Every itemRef@residref in a package, however deep in its groups.
void References(const XmlNode* node, std::vector<std::string>& refs) {
  for (const XmlNode* child : Children(node, "*", kG2)) {
    if (LocalName(child) == "itemRef") {
      std::string ref = CollapseSpace(Attribute(child, "residref").value_or(""));
      if (!ref.empty()) refs.push_back(std::move(ref));
    } else {
      References(child, refs);
    }
  }
}

}  // namespace

StatusOr<DocumentItems> ParseNewsMl(std::string_view bytes,
                                    const DocumentOptions& options) {
  if (OpensAsHtmlPage(bytes)) {
    return Status::InvalidArgument("an HTML page, not NewsML-G2");
  }
  XmlReadOptions read;
  read.encoding = options.charset;
  StatusOr<XmlDocument> document = XmlDocument::Parse(bytes, read);
  if (!document.ok()) return document.status();
  const XmlNode* root = document->root();
  std::vector<const XmlNode*> members;
  if (IsElement(root, "newsItem", kG2) || IsElement(root, "packageItem", kG2)) {
    members.push_back(root);
  } else if (IsElement(root, "newsMessage", kG2)) {
    for (const XmlNode* set : Children(root, "itemSet", kG2)) {
      for (const XmlNode* member : Children(set, "*", kG2)) {
        members.push_back(member);
      }
    }
  } else {
    std::string message = "not NewsML-G2: the root element is <" +
                          std::string(LocalName(root)) + ">";
    if (NamespaceOf(root) != kG2) {
      message += " in namespace \"" + std::string(NamespaceOf(root)) + "\"";
    }
    return Status::InvalidArgument(message);
  }
  std::set<std::string, std::less<>> guids;
  for (const XmlNode* member : members) {
    guids.insert(CollapseSpace(Attribute(member, "guid").value_or("")));
  }
  DocumentItems items;
  size_t news_items = 0;
  size_t packages = 0;
  for (const XmlNode* member : members) {
    if (IsElement(member, "newsItem", kG2)) {
      items.push_back(NewsItem(member, ++news_items, options));
      continue;
    }
    if (!IsElement(member, "packageItem", kG2)) continue;
    const std::string guid =
        CollapseSpace(Attribute(member, "guid").value_or(""));
    const std::string where = ItemWhere("package", ++packages, guid);
    std::vector<std::string> refs;
    References(Child(member, "groupSet", kG2), refs);
    for (const std::string& ref : refs) {
      if (guids.count(ref) == 0) {
        items.push_back(RefusedItem(
            where, "refers to " + ref + ", which is not in this document"));
      }
    }
  }
  return items;
}

}  // namespace newsdedup
