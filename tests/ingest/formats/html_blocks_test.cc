#include "ingest/formats/html_blocks.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/formats/html_tree.h"

namespace newsdedup {
namespace {

HtmlBlocks Split(const std::string& html) {
  return SplitHtmlBlocks(HtmlTree::Parse(html));
}

TEST(HtmlBlocksTest, MeasuresEachBlock) {
  const HtmlBlocks blocks = Split(
      "<div><h2>Heading</h2><p>One, two. <a href=\"/x\">Link</a> three!</p>"
      "<p>\u6e2f\u53e3\u3002\u5de5\u4eba\uff0c</p>"
      "<p>First line<br>second line<br><br>New block</p></div>");
  ASSERT_EQ(blocks.blocks.size(), 5u);
  EXPECT_EQ(blocks.blocks[0].text, "Heading");
  EXPECT_EQ(blocks.blocks[0].heading, 2);
  const HtmlBlock& p = blocks.blocks[1];
  EXPECT_EQ(p.text, "One, two. Link three!");
  EXPECT_EQ(p.chars, 18u);
  EXPECT_EQ(p.link_chars, 4u);
  EXPECT_EQ(p.sentence_ends, 2u);
  EXPECT_EQ(blocks.blocks[2].chars, 6u);
  EXPECT_EQ(blocks.blocks[2].cjk_chars, 4u);
  EXPECT_EQ(blocks.blocks[2].sentence_ends, 1u);
  EXPECT_EQ(blocks.blocks[3].text, "First line\nsecond line");
  EXPECT_EQ(blocks.blocks[4].text, "New block");
  EXPECT_EQ(blocks.chars, 7u + 18u + 6u + 19u + 8u);
}

TEST(HtmlBlocksTest, NeverTextAndHiddenElements) {
  const HtmlBlocks blocks = Split(
      "<p>Kept<script>var x = 1;</script><span hidden>gone</span>"
      "<span style=\"display: none\">gone</span><span aria-hidden=\"true\">"
      "gone</span><img alt=\"gone\"></p><figure><figcaption>gone"
      "</figcaption></figure>");
  ASSERT_EQ(blocks.blocks.size(), 1u);
  EXPECT_EQ(blocks.blocks[0].text, "Kept");
}

// Which blocks' text lies in boilerplate, in document order.
std::string Boilerplate(const std::string& html) {
  const HtmlBlocks blocks = Split(html);
  std::string out;
  for (const HtmlBlock& block : blocks.blocks) {
    out += blocks.InBoilerplate(block) ? 'B' : '-';
  }
  return out;
}

const std::string kStory =
    "<p>A paragraph of the story, long enough to count for something.</p>"
    "<p>Another paragraph of the story, about as long as the first.</p>";

TEST(HtmlBlocksTest, SemanticAndNamedBoilerplate) {
  EXPECT_EQ(Boilerplate("<nav><p>Home</p></nav>" + kStory +
                        "<div class=\"share-bar\"><p>Share</p></div>"
                        "<div id=\"relatedPosts\"><p>Other</p></div>"
                        "<footer><p>Contact</p></footer>"),
            "B--BBB");
  // Words, not substrings: "adventure" is no "ad", "shareholders" is.
  EXPECT_EQ(Boilerplate("<div class=\"adventure\">" + kStory + "</div>"), "--");
}

TEST(HtmlBlocksTest, WrappersNamedAfterAPartAreNotBoilerplate) {
  // A body or layout div named after its sidebar holds the whole page.
  EXPECT_EQ(Boilerplate("<div class=\"layout has-sidebar\">" + kStory +
                        "<div class=\"sidebar\"><p>Most read</p></div></div>"),
            "--B");
  // WordPress puts the post's tags on its <article>; Tailwind hides
  // overflow on wrappers.
  EXPECT_EQ(Boilerplate("<article class=\"post tag-ports tags-x\">" + kStory +
                        "</article><div class=\"overflow-hidden\">" + kStory +
                        "</div><div class=\"comments\"><article "
                        "class=\"comment\"><p>Me too</p></article></div>"),
            "----B");
  // A teaser <article> inside a "related" box stays boilerplate; the
  // article inside a wrapper named "content-with-sidebar" does not.
  EXPECT_EQ(Boilerplate(
                "<div class=\"main content-with-sidebar\"><article>" + kStory +
                "</article><aside><p>Ad</p></aside></div>"
                "<p>Outside text that is long enough to matter here.</p>"
                "<p>And more outside text, again long enough to count.</p>"
                "<div class=\"related\"><article><p>Teaser</p>"
                "</article><article><p>Teaser</p></article></div>"),
            "--B--BB");
}

}  // namespace
}  // namespace newsdedup
