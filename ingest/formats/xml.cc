#include "ingest/formats/xml.h"

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include <cctype>
#include <climits>
#include <map>
#include <mutex>
#include <set>

namespace newsdedup {
namespace {

std::string_view View(const xmlChar* text) {
  return text == nullptr ? std::string_view()
                         : std::string_view(reinterpret_cast<const char*>(text));
}

const xmlChar* Chars(const std::string& text) {
  return reinterpret_cast<const xmlChar*>(text.c_str());
}

// General entities are referred to as &name;, parameter entities (used
// within the DTD) as %name;. Each kind has its own names.
enum EntityKind { kGeneral = 0, kParameter = 1 };
constexpr char kReferenceMark[] = {'&', '%'};

// What one parse learns besides the tree: the first error, a refusal of
// the DTD, and the entities declared so far with their expanded sizes.
struct ParseState {
  const XmlReadOptions* options = nullptr;
  Status refusal;
  std::string first_error;
  std::map<std::string, std::string, std::less<>> entities[2];
  std::map<std::string, size_t, std::less<>> expanded[2];  // only when final
  size_t declarations = 0;
};

ParseState& StateOf(void* ctx) {
  return *static_cast<ParseState*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

void Refuse(void* ctx, ParseState& state, std::string message) {
  if (state.refusal.ok()) state.refusal = Status::InvalidArgument(message);
  xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

// The size of entity `name` with every reference in it expanded, counting
// an undeclared reference as its own text (and then not memoising, since
// a later declaration may give it a value). SIZE_MAX on a loop or once
// past `cap`.
size_t ExpandedSize(ParseState& state, EntityKind kind, std::string_view name,
                    std::set<std::string, std::less<>>& open, size_t cap,
                    bool& final) {
  auto& expanded = state.expanded[kind];
  if (auto known = expanded.find(name); known != expanded.end()) {
    return known->second;
  }
  auto entity = state.entities[kind].find(name);
  if (entity == state.entities[kind].end()) {
    final = false;
    return name.size() + 2;
  }
  if (!open.emplace(name).second) return SIZE_MAX;
  const std::string& content = entity->second;
  const char mark = kReferenceMark[kind];
  size_t size = 0;
  bool this_final = true;
  for (size_t i = 0; i < content.size() && size <= cap;) {
    const size_t end = content[i] == mark ? content.find(';', i) : i;
    if (end == i || end == std::string::npos || content[i + 1] == '#') {
      ++size;
      ++i;
      continue;
    }
    const std::string_view ref(content.data() + i + 1, end - i - 1);
    const bool predefined =
        kind == kGeneral && xmlGetPredefinedEntity(Chars(std::string(ref)));
    const size_t inner =
        predefined ? 1 : ExpandedSize(state, kind, ref, open, cap, this_final);
    if (inner == SIZE_MAX) return SIZE_MAX;
    size += inner;
    i = end + 1;
  }
  open.erase(open.find(name));
  if (size > cap) return SIZE_MAX;
  if (this_final) expanded.emplace(std::string(name), size);
  final = final && this_final;
  return size;
}

// Checks every entity declared so far; false once the document is refused.
bool CheckEntities(void* ctx, ParseState& state) {
  const size_t cap = state.options->max_entity_bytes;
  size_t total = 0;
  for (EntityKind kind : {kGeneral, kParameter}) {
    for (const auto& [name, content] : state.entities[kind]) {
      std::set<std::string, std::less<>> open;
      bool final = true;
      const size_t size = ExpandedSize(state, kind, name, open, cap, final);
      if (size == SIZE_MAX || (total += size) > cap) {
        Refuse(ctx, state,
               "XML declares entities that expand past " +
                   std::to_string(cap) +
                   " bytes or refer to themselves (at entity \"" + name +
                   "\")");
        return false;
      }
    }
  }
  return true;
}

void OnEntityDecl(void* ctx, const xmlChar* name, int type,
                  const xmlChar* public_id, const xmlChar* system_id,
                  xmlChar* content) {
  ParseState& state = StateOf(ctx);
  if (!state.refusal.ok()) return;
  if (type != XML_INTERNAL_GENERAL_ENTITY &&
      type != XML_INTERNAL_PARAMETER_ENTITY) {
    Refuse(ctx, state,
           "XML declares the external entity \"" + std::string(View(name)) +
               "\" (" + std::string(View(system_id ? system_id : public_id)) +
               "); external entities are never loaded");
    return;
  }
  if (++state.declarations > state.options->max_entities) {
    Refuse(ctx, state,
           "XML declares more than " +
               std::to_string(state.options->max_entities) + " entities");
    return;
  }
  // The first declaration binds (XML 1.0, 4.2).
  const EntityKind kind =
      type == XML_INTERNAL_GENERAL_ENTITY ? kGeneral : kParameter;
  state.entities[kind].emplace(std::string(View(name)),
                               std::string(View(content)));
  if (!CheckEntities(ctx, state)) return;
  xmlSAX2EntityDecl(ctx, name, type, public_id, system_id, content);
}

// Called when the DTD is over, before the document element: forward
// references between entities are resolved by now.
void OnDtdEnd(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  ParseState& state = StateOf(ctx);
  if (state.refusal.ok()) CheckEntities(ctx, state);
}

void Record(ParseState& state, const xmlError* error) {
  if (error == nullptr || error->level < XML_ERR_ERROR ||
      !state.first_error.empty()) {
    return;
  }
  const std::string message =
      CollapseSpace(View(reinterpret_cast<const xmlChar*>(error->message)));
  state.first_error = "not well-formed XML at line " +
                      std::to_string(error->line) + ", column " +
                      std::to_string(error->int2) + ": " + message;
}

void OnContextError(void* ctx, xmlErrorPtr error) {
  Record(StateOf(ctx), error);
}

// Errors libxml2 raises without a parser context (character conversion).
void OnThreadError(void* state, xmlErrorPtr error) {
  Record(*static_cast<ParseState*>(state), error);
}

void AppendUtf8(unsigned code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

void AppendNodes(const xmlNode* node, size_t max_bytes, std::string& out);

void AppendNode(const xmlNode* node, size_t max_bytes, std::string& out) {
  switch (node->type) {
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
      out += View(node->content);
      break;
    case XML_ELEMENT_NODE:
      AppendNodes(node->children, max_bytes, out);
      break;
    case XML_ENTITY_REF_NODE: {
      const xmlEntity* entity = xmlGetDocEntity(node->doc, node->name);
      if (entity == nullptr) {
        const htmlEntityDesc* html = htmlEntityLookup(node->name);
        if (html != nullptr) AppendUtf8(html->value, out);
      } else if (entity->etype == XML_INTERNAL_GENERAL_ENTITY) {
        if (entity->children != nullptr) {
          AppendNodes(entity->children, max_bytes, out);
        } else {
          out += View(entity->content);
        }
      }
      break;
    }
    default:
      break;
  }
}

void AppendNodes(const xmlNode* node, size_t max_bytes, std::string& out) {
  for (; node != nullptr && out.size() <= max_bytes; node = node->next) {
    AppendNode(node, max_bytes, out);
  }
}

void InitOnce() {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
}

}  // namespace

void XmlDocument::Free::operator()(_xmlDoc* doc) const { xmlFreeDoc(doc); }

StatusOr<XmlDocument> XmlDocument::Parse(std::string_view bytes,
                                         const XmlReadOptions& options) {
  InitOnce();
  if (bytes.size() > INT_MAX) {
    return Status::InvalidArgument("XML document over 2 GiB");
  }
  ParseState state;
  state.options = &options;
  xmlParserCtxtPtr ctxt =
      xmlCreateMemoryParserCtxt(bytes.data(), static_cast<int>(bytes.size()));
  if (ctxt == nullptr) {
    return Status::InvalidArgument("empty or unreadable XML document");
  }
  xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
  ctxt->_private = &state;
  ctxt->sax->serror = OnContextError;
  ctxt->sax->entityDecl = OnEntityDecl;
  ctxt->sax->externalSubset = OnDtdEnd;
  if (!options.encoding.empty()) {
    xmlCharEncodingHandlerPtr handler =
        xmlFindCharEncodingHandler(options.encoding.c_str());
    if (handler != nullptr) xmlSwitchToEncoding(ctxt, handler);
  }
  void* previous_context = xmlStructuredErrorContext;
  xmlStructuredErrorFunc previous = xmlStructuredError;
  xmlSetStructuredErrorFunc(&state, OnThreadError);
  xmlParseDocument(ctxt);
  xmlSetStructuredErrorFunc(previous_context, previous);
  xmlDocPtr doc = ctxt->myDoc;
  const bool well_formed = ctxt->wellFormed != 0;
  ctxt->myDoc = nullptr;
  xmlFreeParserCtxt(ctxt);
  XmlDocument document(doc);
  if (!state.refusal.ok()) return state.refusal;
  if (!well_formed || doc == nullptr) {
    return Status::InvalidArgument(state.first_error.empty()
                                       ? "not well-formed XML"
                                       : state.first_error);
  }
  if (xmlDocGetRootElement(doc) == nullptr) {
    return Status::InvalidArgument("XML document without an element");
  }
  return document;
}

const XmlNode* XmlDocument::root() const {
  return xmlDocGetRootElement(doc_.get());
}

std::string_view LocalName(const XmlNode* element) {
  return View(element->name);
}

std::string_view NamespaceOf(const XmlNode* element) {
  return element->ns == nullptr ? std::string_view() : View(element->ns->href);
}

bool IsElement(const XmlNode* node, std::string_view local_name,
               std::string_view ns) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         (local_name == "*" || LocalName(node) == local_name) &&
         (ns == kAnyNamespace || NamespaceOf(node) == ns);
}

std::vector<const XmlNode*> Children(const XmlNode* parent,
                                     std::string_view local_name,
                                     std::string_view ns) {
  std::vector<const XmlNode*> children;
  if (parent == nullptr) return children;
  for (const xmlNode* node = parent->children; node; node = node->next) {
    if (IsElement(node, local_name, ns)) children.push_back(node);
  }
  return children;
}

const XmlNode* Child(const XmlNode* parent, std::string_view local_name,
                     std::string_view ns) {
  if (parent == nullptr) return nullptr;
  for (const xmlNode* node = parent->children; node; node = node->next) {
    if (IsElement(node, local_name, ns)) return node;
  }
  return nullptr;
}

std::vector<const XmlNode*> ChildNodes(const XmlNode* parent) {
  std::vector<const XmlNode*> children;
  if (parent == nullptr) return children;
  for (const xmlNode* node = parent->children; node; node = node->next) {
    children.push_back(node);
  }
  return children;
}

const XmlNode* Descendant(const XmlNode* parent,
                          std::initializer_list<std::string_view> path,
                          std::string_view ns) {
  for (std::string_view name : path) parent = Child(parent, name, ns);
  return parent;
}

std::string TextOf(const XmlNode* node, size_t max_bytes) {
  std::string text;
  if (node != nullptr) AppendNode(node, max_bytes, text);
  return text;
}

std::string CollapseSpace(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string CollapsedTextOf(const XmlNode* node) {
  return CollapseSpace(TextOf(node));
}

std::string InnerXml(const XmlNode* node, size_t max_bytes) {
  std::string xml;
  if (node == nullptr) return xml;
  xmlBufferPtr buffer = xmlBufferCreate();
  if (buffer == nullptr) return xml;
  for (xmlNode* child = node->children; child && xml.size() <= max_bytes;
       child = child->next) {
    xmlBufferEmpty(buffer);
    xmlNodeDump(buffer, node->doc, child, 0, 0);
    xml += View(xmlBufferContent(buffer));
  }
  xmlBufferFree(buffer);
  return xml;
}

std::optional<std::string> Attribute(const XmlNode* element,
                                     std::string_view name,
                                     std::string_view ns, size_t max_bytes) {
  if (element == nullptr) return std::nullopt;
  const std::string name_z(name);
  const std::string ns_z(ns);
  // Not xmlGetProp: it would expand every entity reference in the value
  // without a bound.
  const xmlAttr* attribute =
      ns.empty() ? xmlHasNsProp(element, Chars(name_z), nullptr)
                 : xmlHasNsProp(element, Chars(name_z), Chars(ns_z));
  if (attribute == nullptr || attribute->type != XML_ATTRIBUTE_NODE) {
    return std::nullopt;  // absent, or only a DTD default
  }
  std::string value;
  AppendNodes(attribute->children, max_bytes, value);
  return value;
}

std::string XmlBase(const XmlNode* node) {
  if (node == nullptr) return {};
  xmlChar* base = xmlNodeGetBase(node->doc, node);
  if (base == nullptr) return {};
  std::string out(View(base));
  xmlFree(base);
  return out;
}

std::string ResolveUrl(std::string_view reference, std::string_view base) {
  if (reference.empty() || base.empty()) return std::string(reference);
  const std::string ref_z(reference);
  const std::string base_z(base);
  xmlChar* built = xmlBuildURI(Chars(ref_z), Chars(base_z));
  if (built == nullptr) return ref_z;
  std::string out(View(built));
  xmlFree(built);
  return out;
}

std::string UrlHost(std::string_view url) {
  const std::string url_z(url);
  xmlURIPtr uri = xmlParseURI(url_z.c_str());
  if (uri == nullptr) return {};
  std::string host(uri->server == nullptr ? "" : uri->server);
  xmlFreeURI(uri);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

bool OpensAsHtmlPage(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  for (;;) {
    const size_t start = text.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return false;
    text.remove_prefix(start);
    std::string_view close;
    if (text.substr(0, 2) == "<?") close = "?>";
    if (text.substr(0, 4) == "<!--") close = "-->";
    if (close.empty()) break;
    const size_t end = text.find(close);
    if (end == std::string_view::npos) return false;
    text.remove_prefix(end + close.size());
  }
  std::string head(text.substr(0, 14));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
}

}  // namespace newsdedup
