// Text blocks: an HTML tree cut into the paragraphs a reader sees, each
// with the measures a main-text classifier needs. The one walk over the
// DOM that both HtmlToText (html_text.h) and the page extractor
// (main_text.h) stand on.
//
// What is never text: scripts, styles, templates, forms' controls,
// embedded media, figures, images and elements marked hidden. Block
// elements (<p>, <div>, <li>, headings, <td>, ...) end a block, and so do
// two <br> in a row; one <br> is a line break inside a block. Whitespace is collapsed (a no-break space counts
// as a space); entities are decoded; attribute values never become text.
//
// Each block records the marked elements around it (its "regions"):
//   - boilerplate: <nav>, <header>, <footer>, <aside>, <form>, <menu>, an
//     ARIA navigation/banner/contentinfo/complementary role, or a class or
//     id with a word naming a block around a story (share, social,
//     related, comment, promo, ad, cookie, newsletter, menu, breadcrumb,
//     sidebar, ...): markup conventions, not any site's text;
//   - content: <article>, <main>, itemprop="articleBody", role main or
//     article (strong), or a class or id word such as article, story,
//     content, post, entry, body (weak).
// InBoilerplate() weighs them: a block is boilerplate inside any
// boilerplate region except a wrapper: one half of whose text is in a
// strong content region within it (an <article> in a "layout-sidebar"
// div; not a teaser <article> in a "related" box), or one that holds most
// of the page's text and was so named by its class, id or role or is a
// <form> (a whole page in one <form>, a body class "has-sidebar").
//
// Thread safety: pure functions of their input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "ingest/formats/html_tree.h"

namespace newsdedup {

struct HtmlRegion {
  enum class Kind : uint8_t { kBoilerplate, kWeakContent, kStrongContent };
  Kind kind;
  // Boilerplate by a class, id or role, or a <form>: names a page can put
  // on a wrapper of everything, unlike <nav>, <aside> or <footer>.
  bool by_name = false;
  // Text inside the region, in characters (code points, spaces excluded).
  size_t chars = 0;
};

struct HtmlBlock {
  std::string text;  // never empty; '\n' where a <br> was
  size_t chars = 0;       // code points other than spaces
  size_t cjk_chars = 0;   // of which Han, kana, Hangul
  size_t link_chars = 0;  // of which inside <a>
  // Sentence ends ('.', '!', '?', '。', ...) followed by a space, a quote
  // or the end of the block; and commas (',', '、', '，', ';').
  size_t sentence_ends = 0;
  size_t commas = 0;
  int heading = 0;  // 1 to 6 for <h1> to <h6>, else 0
  // Indices into HtmlBlocks::regions, outermost first.
  std::vector<uint32_t> regions;

  double LinkDensity() const {
    return chars == 0 ? 0.0 : static_cast<double>(link_chars) / chars;
  }
};

struct HtmlBlocks {
  std::vector<HtmlBlock> blocks;  // in document order
  std::vector<HtmlRegion> regions;
  size_t chars = 0;  // all blocks' chars

  bool InBoilerplate(const HtmlBlock& block) const;
};

HtmlBlocks SplitHtmlBlocks(const HtmlTree& tree);

}  // namespace newsdedup
