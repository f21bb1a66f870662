// NewsML-G2 (IPTC) documents to articles: a single newsItem, or a
// newsMessage whose itemSet holds newsItems and packageItems. Pure: bytes
// in, values out; the XML is read by XmlDocument (ingest/formats/xml.h).
// Elements are matched by local name in the NewsML-G2 namespace
// (http://iptc.org/std/nar/2006-10-01/).
//
// One DocumentItem per newsItem, in document order:
//   id         newsItem@guid
//   title      contentMeta/headline, else the NITF body's hedline
//   body       the first usable rendition of contentSet: inlineXML holding
//              XHTML (html/body, made text by HtmlToText) or NITF (made text
//              as ingest/formats/nitf.h says) or other XML (its text), else
//              inlineData (text, HTML made text)
//   published  itemMeta/versionCreated, else firstCreated (itemMeta, then
//              contentMeta), else contentMeta/contentCreated, else
//              DocumentOptions::fallback_published_ms
//   source     contentMeta/infoSource, else contentMeta/creator (its name
//              child or @literal), else the origin's host
// Refused items: no guid, "no inline content" (remoteContent only, or no
// contentSet), empty text, or what ValidateArticle refuses.
//
// packageItems hold no text of their own, so they yield no article. Their
// itemRefs are checked against the newsItems of the same document: each
// reference to an item the document does not hold is a refused item
// ("package 1 (urn:p)": "refers to urn:x, which is not in this document"), so a
// package sent without its items is visible rather than silently empty;
// referenced items that are present are taken once, in document order.
//
// Whole-document errors: an HTML page, XML that is not well-formed, a
// refused DTD, or a root that is not newsItem, packageItem or newsMessage.
//
// Thread safety: may be called concurrently.
#pragma once

#include <string_view>

#include "dedup/status.h"
#include "ingest/formats/document.h"

namespace newsdedup {

StatusOr<DocumentItems> ParseNewsMl(std::string_view bytes,
                                    const DocumentOptions& options);

}  // namespace newsdedup
