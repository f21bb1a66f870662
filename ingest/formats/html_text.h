// HTML in, text out: the text of an article body (or a whole page) sent as
// HTML, for fingerprinting. Pure: bytes in, a string out, no I/O.
//
// LooksLikeHtml decides whether a body is HTML at all: it must hold a
// closing tag of HTML's own vocabulary (</p>, </div>, </a>, ...), a <br>,
// an <img ...> or a comment. Plain text that merely contains '<' (a ticker
// like "<PNL>", "a < b") stays plain text.
//
// HtmlToText is for a body sent as HTML, where everything is story unless
// it is clearly not. It parses with libxml2's HTML parser (recovering from
// broken markup, network access off, no entities beyond HTML's predefined
// ones), cuts the tree into text blocks (ingest/formats/html_blocks.h) and
// keeps the text a reader sees as the story:
//   - scripts, styles, forms' controls, media, figures, images and hidden
//     elements are never text;
//   - blocks inside navigation, headers, footers, asides, forms, or an
//     element whose class or id has a word naming a share, social,
//     related, comment, advertisement, cookie, newsletter, menu or sidebar
//     block are dropped (ingest/formats/html_names.h);
//   - a block whose text is mostly link text (a "read more" link, a list of
//     related headlines) is dropped;
//   - entities are decoded; attribute values (URLs, alt text) never become
//     text;
//   - block elements (<p>, <div>, <li>, headings, ...) end a paragraph,
//     written as a blank line; <br> ends a line.
// A whole crawled page needs more than this: ParseHtmlPage
// (ingest/formats/html_page.h) finds its story among the site's chrome.
//
// HtmlBodyText is the engine's EngineOptions::body_text as the command line
// and the daemon set it: an HTML body's text, nullopt for a body that is
// text already. The stored article keeps the body as the user sent it.
//
// Thread safety: all functions may be called concurrently.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsdedup {

bool LooksLikeHtml(std::string_view body);

std::string HtmlToText(std::string_view html);

std::optional<std::string> HtmlBodyText(std::string_view body);

// HtmlBodyText, or the body itself.
std::string ArticleText(std::string_view body);

}  // namespace newsdedup
