// Main text: which of a page's text blocks (html_blocks.h) are the story,
// in the manner of jusText and boilerpipe but with no word list of any
// language.
//
//  1. Each block is classed by itself. Bad: inside a boilerplate region,
//     link text above max_link_density, or a copyright line. Otherwise by
//     its length (CJK characters weigh cjk_weight, as one carries about a
//     word) and its punctuation, which separates prose from menus and
//     headline lists in any script: long with a sentence end is good;
//     medium with one, or long with commas only, is near-good; short is
//     short; the rest is bad.
//  2. Context, as jusText revises it: a short heading followed closely by
//     good text is near-good; a short block takes the class of good or bad
//     neighbours on both sides (ignoring near-good ones), and is good next
//     to a near-good block that borders it across bad; a near-good block
//     is bad only between bad neighbours.
//  3. When one content region (<article>, <main>, articleBody, a class
//     such as "story-body") holds min_region_share of the good text, the
//     smallest such is the story's container: good blocks outside it are
//     kept only if a run of good blocks joins them to it.
//  4. The story is one contiguous run: the run of blocks with the greatest
//     sum of good length minus bad length (a bad block inside the story,
//     such as an inline "read also" link, costs little; a footer between
//     the story and a comment thread costs much). Headings just before the
//     run belong to it.
// The good blocks of that run, joined by blank lines, are the main text.
// Two amendments to jusText: two or more near-good blocks in a run (short
// ones aside) are good, vouching for each other; and when no block is good
// the near-good ones are the story (a brief of one middling paragraph).
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>

#include "ingest/formats/html_blocks.h"

namespace newsdedup {

struct MainTextOptions {
  // Weighted length below which a block is short (jusText's length_low).
  size_t short_length = 60;
  // Weighted length from which a block with a sentence end is good.
  size_t long_length = 170;
  // A block whose link text exceeds this share of its text is bad.
  double max_link_density = 0.2;
  // What one Han, kana or Hangul character weighs against a Latin letter.
  double cjk_weight = 3.0;
  // A short heading is near-good when good text follows within this many
  // weighted characters.
  size_t max_heading_distance = 200;
  // Share of the good text a content region must hold to be the story's
  // container.
  double min_region_share = 0.6;
};

// Empty when the page holds no story text.
std::string ExtractMainText(const HtmlBlocks& blocks,
                            const MainTextOptions& options = {});

}  // namespace newsdedup
