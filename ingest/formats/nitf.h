// NITF 3.x (IPTC's News Industry Text Format) documents to articles: one
// <nitf> is one article. Pure: bytes in, values out; the XML is read by
// XmlDocument (ingest/formats/xml.h). Elements are matched by local name
// in any namespace, since NITF is written both with and without one.
//
//   id         head/docdata/doc-id@id-string
//   title      body/body.head/hedline/hl1, else head/title
//   body       the text of body/body.content: each paragraph-like element
//              (p, hl2, li, ...) a paragraph, blank lines between them;
//              media and notes left out
//   published  head/docdata/date.issue@norm (ISO 8601 basic or extended,
//              ingest/formats/iso8601.h), else fallback_published_ms
//   source     head/docdata/doc.copyright@holder, else head/pubdata@name,
//              else the origin's host
// The one DocumentItem is refused ("no doc-id", "no text") when the id or
// the body text is missing or ValidateArticle says no; a document that is
// not NITF (an HTML page, not well-formed XML, another root) is an error.
//
// NitfArticle gives the same fields, unvalidated and without fallbacks,
// from an <nitf> element inside another document (a NewsML-G2 inlineXML).
//
// Thread safety: may be called concurrently.
#pragma once

#include <string_view>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/formats/document.h"
#include "ingest/formats/xml.h"

namespace newsdedup {

StatusOr<DocumentItems> ParseNitf(std::string_view bytes,
                                  const DocumentOptions& options);

// REQUIRES: `nitf` is an element named nitf.
Article NitfArticle(const XmlNode* nitf);

// The paragraphs of a body.content (or of any element holding NITF block
// content), joined by blank lines.
std::string NitfBodyText(const XmlNode* content);

}  // namespace newsdedup
