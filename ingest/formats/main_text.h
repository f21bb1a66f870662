// Main text: which of a page's text blocks (html_blocks.h) are the story,
// in the manner of jusText and boilerpipe but with no word list of any
// language.
//
//  1. Each block is classed by itself. Bad: inside a boilerplate region,
//     link text above max_link_density (up to twice that, a block of
//     twice short_length with a sentence end is near-good), or a short
//     copyright line. Otherwise by its length (CJK characters weigh
//     cjk_weight, as one carries about a word) and its punctuation: long
//     with a sentence end is good; short is short; the rest is near-good.
//  2. Context, as jusText revises it: a short heading followed closely by
//     good text is near-good; a short block takes the class of good or bad
//     neighbours on both sides (ignoring near-good ones), and is good next
//     to a near-good block that borders it across bad; a near-good block
//     is bad only between bad neighbours.
//  3. The story's container is the smallest article element (<article>,
//     <main>, articleBody; see html_blocks.h) holding min_region_share of
//     the page's prose (blocks with a sentence end that are neither
//     boilerplate nor link lists). Its prose is good before step 2,
//     however short (wire copy runs one sentence to a paragraph) and even
//     linked (a sentence at most two thirds link text, or long prose of
//     several sentences: links to earlier coverage, topic pages); after
//     step 2, good blocks outside it are kept only if a run of good
//     blocks joins them to it. A page's one itemprop="articleBody" is the
//     container whatever its share, if it holds long_length of prose.
//  4. The story is one contiguous run: the run of blocks with the greatest
//     sum of good length minus bad length, half for a block bad only by
//     its neighbours (a bad block inside the story, such as an inline
//     "read also" link, costs little; a footer between the story and a
//     comment thread costs much). Headings just before the run belong to
//     it; short lines without a sentence end before its first paragraph
//     of prose or after its last (bylines, datelines, "Share") do not.
// The good blocks of that run, joined by blank lines, are the main text.
// Two amendments to jusText: two or more near-good blocks in a run (short
// ones aside) are good, vouching for each other (linked prose vouches for
// none); and when no block is good the near-good ones are the story (a
// brief of one middling paragraph).
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
  // Share of the page's prose an article element must hold to be the
  // story's container.
  double min_region_share = 0.4;
};

// Empty when the page holds no story text.
std::string ExtractMainText(const HtmlBlocks& blocks,
                            const MainTextOptions& options = {});

}  // namespace newsdedup
