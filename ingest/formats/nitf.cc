#include "ingest/formats/nitf.h"

#include <array>
#include <string>

#include "ingest/formats/item_builder.h"
#include "ingest/formats/iso8601.h"

namespace newsdedup {
namespace {

// Elements whose text is one paragraph.
constexpr std::array<std::string_view, 12> kParagraphs = {
    "p", "hl1", "hl2", "li", "dt", "dd", "pre", "tr", "caption",
    "byline", "dateline", "credit"};

// Elements of body.content that are not the story's text.
constexpr std::array<std::string_view, 4> kLeftOut = {"media", "note",
                                                      "object", "fn"};

template <size_t N>
bool OneOf(std::string_view name, const std::array<std::string_view, N>& set) {
  for (std::string_view s : set) {
    if (s == name) return true;
  }
  return false;
}

void AddParagraph(std::string_view text, std::string& out) {
  const std::string paragraph = CollapseSpace(text);
  if (paragraph.empty()) return;
  if (!out.empty()) out += "\n\n";
  out += paragraph;
}

// Block content: paragraph elements become paragraphs, containers (block,
// bq, ul, table, ...) are walked, and loose text between them is a
// paragraph of its own.
void CollectParagraphs(const XmlNode* parent, std::string& out) {
  std::string loose;
  for (const XmlNode* node : ChildNodes(parent)) {
    if (!IsElement(node, "*")) {
      loose += TextOf(node);
      continue;
    }
    const std::string_view name = LocalName(node);
    if (OneOf(name, kLeftOut)) continue;
    AddParagraph(loose, out);
    loose.clear();
    if (OneOf(name, kParagraphs)) {
      AddParagraph(TextOf(node), out);
    } else {
      CollectParagraphs(node, out);
    }
  }
  AddParagraph(loose, out);
}

}  // namespace

std::string NitfBodyText(const XmlNode* content) {
  std::string text;
  if (content != nullptr) CollectParagraphs(content, text);
  return text;
}

Article NitfArticle(const XmlNode* nitf) {
  Article article;
  const XmlNode* head = Child(nitf, "head");
  const XmlNode* docdata = Child(head, "docdata");
  const XmlNode* body = Child(nitf, "body");
  article.id = CollapseSpace(
      Attribute(Child(docdata, "doc-id"), "id-string").value_or(""));
  article.title =
      CollapsedTextOf(Descendant(body, {"body.head", "hedline", "hl1"}));
  if (article.title.empty()) article.title = CollapsedTextOf(Child(head, "title"));
  article.body = NitfBodyText(Child(body, "body.content"));
  if (std::optional<std::string> norm =
          Attribute(Child(docdata, "date.issue"), "norm")) {
    article.published_ms = ParseIso8601(*norm);
  }
  article.source = CollapseSpace(
      Attribute(Child(docdata, "doc.copyright"), "holder").value_or(""));
  if (article.source.empty()) {
    article.source =
        CollapseSpace(Attribute(Child(head, "pubdata"), "name").value_or(""));
  }
  return article;
}

StatusOr<DocumentItems> ParseNitf(std::string_view bytes,
                                  const DocumentOptions& options) {
  if (OpensAsHtmlPage(bytes)) {
    return Status::InvalidArgument("an HTML page, not NITF");
  }
  XmlReadOptions read;
  read.encoding = options.charset;
  StatusOr<XmlDocument> document = XmlDocument::Parse(bytes, read);
  if (!document.ok()) return document.status();
  const XmlNode* root = document->root();
  if (!IsElement(root, "nitf")) {
    return Status::InvalidArgument("not NITF: the root element is <" +
                                   std::string(LocalName(root)) + ">");
  }
  Article article = NitfArticle(root);
  const std::string where = ItemWhere("item", 1, article.id);
  DocumentItems items;
  if (article.id.empty()) {
    items.push_back(RefusedItem(where, "no doc-id"));
  } else if (article.body.empty()) {
    items.push_back(RefusedItem(where, "no text in body.content"));
  } else {
    items.push_back(FinishItem(where, std::move(article), options));
  }
  return items;
}

}  // namespace newsdedup
