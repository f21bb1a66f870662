#include "ingest/formats/html_tree.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <climits>
#include <mutex>
#include <utility>

namespace newsdedup {

HtmlTree HtmlTree::Parse(std::string_view utf8) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  if (utf8.empty() || utf8.size() > static_cast<size_t>(INT_MAX)) {
    return HtmlTree(nullptr);
  }
  // IGNORE_ENC: a <meta charset> must not make libxml2 re-decode text that
  // was decoded already. No NOIMPLIED: with it, libxml2 2.9 nests a
  // fragment's later elements inside its first one ("<nav>...</nav><p>"
  // puts the <p> in the <nav>); an implied <html><body> costs nothing.
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET |
                      HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_IGNORE_ENC;
  return HtmlTree(htmlReadMemory(utf8.data(), static_cast<int>(utf8.size()),
                                 nullptr, "UTF-8", options));
}

HtmlTree::HtmlTree(HtmlTree&& other) noexcept
    : doc_(std::exchange(other.doc_, nullptr)) {}

HtmlTree& HtmlTree::operator=(HtmlTree&& other) noexcept {
  if (this != &other) {
    if (doc_ != nullptr) xmlFreeDoc(doc_);
    doc_ = std::exchange(other.doc_, nullptr);
  }
  return *this;
}

HtmlTree::~HtmlTree() {
  if (doc_ != nullptr) xmlFreeDoc(doc_);
}

}  // namespace newsdedup
