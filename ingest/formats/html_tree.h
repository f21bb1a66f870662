// A parsed HTML document: libxml2's HTML parser over UTF-8 text, recovering
// from broken markup, with network access off, no entities beyond HTML's
// predefined ones, and the document's own charset declaration ignored (the
// text is UTF-8 already; ingest/formats/charset.h decodes it first).
//
// The tree is read by the text blocks splitter (html_blocks.h) and the
// metadata reader (html_meta.h), so a page is parsed once. Only .cc files
// that include libxml2 look inside; the header keeps libxml2 out of
// everyone else's includes.
//
// Thread safety: a tree is immutable once parsed and may be read from
// several threads; parsing may run concurrently.
#pragma once

#include <string_view>

struct _xmlDoc;

namespace newsdedup {

class HtmlTree {
 public:
  // An empty tree (root() is null) when libxml2 finds nothing to parse.
  static HtmlTree Parse(std::string_view utf8);

  HtmlTree(HtmlTree&& other) noexcept;
  HtmlTree& operator=(HtmlTree&& other) noexcept;
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;
  ~HtmlTree();

  // libxml2's document, or nullptr.
  _xmlDoc* doc() const { return doc_; }

 private:
  explicit HtmlTree(_xmlDoc* doc) : doc_(doc) {}
  _xmlDoc* doc_ = nullptr;
};

}  // namespace newsdedup
