// IPTC ninjs (News in JSON) 1.x, 2.x and 3.x: news items as JSON, as
// agencies and newsroom systems send them. Pure: bytes in, items out.
//
// A document is one ninjs object, a JSON array of them, or one object per
// line; each object is one item. Fields read:
//   id         "uri", else "guid";
//   title      "headline" (1.x), else "headlines" (2.x+), the one whose
//              role is "main" or absent, else the first;
//   body       "body_text", else "body_html" as text (HtmlToText), else
//              "bodies" (2.x+): a text/plain one, else a text/html one as
//              text, the one whose role is "main" or absent first;
//   published  "versioncreated", else "firstcreated" (RFC 3339), else
//              DocumentOptions::fallback_published_ms;
//   url        a "links" entry whose rel is "canonical" or "self", else
//              "uri" when it is an http(s) URL;
//   source     "copyrightholder", else the first "infosource" name (2.x+),
//              else "provider" (a name or an object with one), else "by".
// An explicit field always wins over DocumentOptions' fallbacks.
//
// Errors: the whole document is refused when it is over its size cap or
// is neither JSON nor JSON lines; an item is refused, with a message that
// names it ("item 3 (urn:x): no body"), when it is not an object, has no
// id or no body, a time that is not RFC 3339, or fails ValidateArticle.
//
// Thread safety: may be called concurrently.
#pragma once

#include <string_view>

#include "dedup/status.h"
#include "ingest/formats/document.h"

namespace newsdedup {

StatusOr<DocumentItems> ParseNinjs(std::string_view bytes,
                                   const DocumentOptions& options);

}  // namespace newsdedup
