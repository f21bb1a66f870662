// XML: the one way newsdedup reads XML documents (feeds, NewsML-G2, NITF),
// and the few helpers their parsers share to walk the tree.
//
// XmlDocument::Parse reads bytes with libxml2 under these rules:
//   - no network access, ever (XML_PARSE_NONET);
//   - no external entity or DTD is loaded (no XML_PARSE_NOENT, no
//     XML_PARSE_DTDLOAD), and a document that declares an external entity
//     (general or parameter) is refused: in a news document it is an
//     attack (XXE), never content;
//   - the internal DTD subset is checked as it is read: more than
//     max_entities declarations, an entity that refers to itself, or
//     declared entities whose full expansion exceeds max_entity_bytes in
//     total refuse the document before any content is parsed ("billion
//     laughs");
//   - the document's own encoding declaration is honoured unless
//     `encoding` names one libxml2 knows (the transport's charset wins, as
//     RFC 7303 says); an unknown `encoding` is ignored;
//   - errors are values: "not well-formed XML at line 3, column 14: ...",
//     collected through a handler on the parser's own context, so nothing
//     is printed and concurrent parses do not share error state.
//
// Entity references stay in the tree (libxml2 does not substitute them);
// TextOf expands internal ones, writes references to undeclared entities
// that HTML names (&nbsp;, &mdash;, as RSS 0.91 and NITF documents use
// from DTDs that are never loaded) as their characters, and drops the rest.
//
// Thread safety: XmlDocument is not shared between threads while in use;
// distinct documents may be parsed and read concurrently.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/status.h"

struct _xmlDoc;
struct _xmlNode;

namespace newsdedup {

// libxml2's node; callers use it only through the helpers below.
using XmlNode = _xmlNode;

struct XmlReadOptions {
  // A character set that overrides the document's declaration (an HTTP
  // Content-Type's charset); empty: the document decides.
  std::string encoding;
  // At most this many entity declarations in the internal subset.
  size_t max_entities = 256;
  // The declared entities, each fully expanded, together at most this many
  // bytes.
  size_t max_entity_bytes = 1 << 20;
};

class XmlDocument {
 public:
  static StatusOr<XmlDocument> Parse(std::string_view bytes,
                                     const XmlReadOptions& options = {});

  // The document element; never null.
  const XmlNode* root() const;

 private:
  struct Free {
    void operator()(_xmlDoc* doc) const;
  };
  explicit XmlDocument(_xmlDoc* doc) : doc_(doc) {}
  std::unique_ptr<_xmlDoc, Free> doc_;
};

// Matches an element of any namespace; "" matches no namespace.
inline constexpr std::string_view kAnyNamespace = "*";

std::string_view LocalName(const XmlNode* element);
std::string_view NamespaceOf(const XmlNode* element);  // "" when none

bool IsElement(const XmlNode* node, std::string_view local_name,
               std::string_view ns = kAnyNamespace);

// The element children named `local_name` ("*": all of them), in order.
std::vector<const XmlNode*> Children(const XmlNode* parent,
                                     std::string_view local_name,
                                     std::string_view ns = kAnyNamespace);
// The first of them, or null.
const XmlNode* Child(const XmlNode* parent, std::string_view local_name,
                     std::string_view ns = kAnyNamespace);
// All the child nodes, text and entity references included, in order.
std::vector<const XmlNode*> ChildNodes(const XmlNode* parent);
// Child(Child(parent, path[0]), path[1])..., or null.
const XmlNode* Descendant(const XmlNode* parent,
                          std::initializer_list<std::string_view> path,
                          std::string_view ns = kAnyNamespace);

// The text of a node and all its descendants, entities expanded as the
// header says. Stops adding text once it holds more than `max_bytes`, so
// a caller comparing the size with its cap sees it is over.
std::string TextOf(const XmlNode* node, size_t max_bytes = 16 << 20);
// TextOf with runs of white space made one space and the ends trimmed.
std::string CollapsedTextOf(const XmlNode* node);
std::string CollapseSpace(std::string_view text);

// The children of `node` written back as XML (an XHTML body, say), at
// most about `max_bytes` of it.
std::string InnerXml(const XmlNode* node, size_t max_bytes = 16 << 20);

// An attribute without a namespace (ns ""), or in namespace `ns`, its
// entity references expanded; stops adding text past `max_bytes` as TextOf
// does.
std::optional<std::string> Attribute(const XmlNode* element,
                                     std::string_view name,
                                     std::string_view ns = "",
                                     size_t max_bytes = 1 << 20);

// The xml:base in force at `node` (its own or an ancestor's, relative ones
// resolved against those above), empty when there is none.
std::string XmlBase(const XmlNode* node);

// `reference` resolved against `base` (RFC 3986); `reference` itself when
// either is empty or they do not combine.
std::string ResolveUrl(std::string_view reference, std::string_view base);
// The host of an absolute URL ("www.example.com"), empty when none.
std::string UrlHost(std::string_view url);

// Whether the bytes open as an HTML page (<!DOCTYPE html>, <html>) rather
// than an XML document, so that a parser can say "an HTML page" instead of
// reporting where the HTML stops being XML.
bool OpensAsHtmlPage(std::string_view bytes);

}  // namespace newsdedup
