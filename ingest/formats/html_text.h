// HTML in, text out: the text of an article body (or a whole page) sent as
// HTML, for fingerprinting. Pure: bytes in, a string out, no I/O.
//
// LooksLikeHtml decides whether a body is HTML at all: it must hold a
// closing tag of HTML's own vocabulary (</p>, </div>, </a>, ...), a <br>,
// an <img ...> or a comment. Plain text that merely contains '<' (a ticker
// like "<PNL>", "a < b") stays plain text.
//
// HtmlToText parses with libxml2's HTML parser (recovering from broken
// markup, network access off, no entities beyond HTML's predefined ones)
// and keeps the text a reader sees as the story:
//   - scripts, styles, forms, navigation, headers, footers, asides,
//     figures and images are dropped, and so is any element whose class or
//     id names a share, social, related, comment, advertisement, cookie,
//     newsletter or menu block;
//   - a block whose text is mostly link text (a "read more" link, a list of
//     related headlines) is dropped;
//   - entities are decoded; attribute values (URLs, alt text) never become
//     text;
//   - block elements (<p>, <div>, <li>, headings, ...) end a paragraph,
//     written as a blank line; <br> ends a line.
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
