// The HTML vocabulary the text extractors read: which elements are never
// text, which end a block, which are inline, and which class, id, role and
// itemprop values mark a region as boilerplate or as content. Words are
// markup conventions (share, comment, sidebar, article, ...), never any
// site's text. Internal to ingest/formats; libxml2 nodes in, answers out.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/formats/html_blocks.h"

struct _xmlNode;

namespace newsdedup {

bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// Scripts, styles, media, form controls, figures, hidden elements.
bool IsNeverText(const _xmlNode* element);

// <p>, <div>, <li>, headings, table cells, sectioning elements, ...
bool IsBlockElement(std::string_view name);
// <a>, <span>, <em>, <strong>, ... : never a region of their own.
bool IsInlineElement(std::string_view name);
// 1 to 6 for h1 to h6, else 0.
int HeadingLevel(std::string_view name);

// The region an element opens (html_blocks.h), nullopt for none.
// Boilerplate words win over content words on one element
// ("comment-content" is a comment).
std::optional<HtmlRegion> RegionOf(const _xmlNode* element);

// A class or id value's words, lower case: split at every character that
// is not a letter or digit and between a lower-case letter and an upper-
// case one ("shareBar_top" -> "share", "bar", "top").
std::vector<std::string> NameWords(std::string_view value);

// The code point at bytes[*at], advancing *at; U+FFFD (one byte) for a
// byte that starts no valid sequence.
uint32_t DecodeUtf8(std::string_view bytes, size_t* at);

// The value of an attribute, empty when absent.
std::string Attribute(const _xmlNode* element, const char* name);

}  // namespace newsdedup
