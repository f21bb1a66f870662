#include "ingest/formats/main_text.h"

#include <gtest/gtest.h>

#include <string>

#include "ingest/formats/html_tree.h"

namespace newsdedup {
namespace {

std::string MainText(const std::string& html) {
  return ExtractMainText(SplitHtmlBlocks(HtmlTree::Parse(html)));
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Paragraphs of made-up prose, each a couple of sentences.
std::string Prose(int n) {
  return "<p>Paragraph " + std::to_string(n) +
         " of the story tells what happened, where it happened and who "
         "was there. It also says, in a second sentence, why it matters "
         "to the people who read it.</p>";
}

std::string Links(int n) {
  std::string out = "<ul>";
  for (int i = 0; i < n; ++i) {
    out += "<li><a href=\"/l" + std::to_string(i) +
           "\">Headline of another "
           "story number " +
           std::to_string(i) + "</a></li>";
  }
  return out + "</ul>";
}

TEST(MainTextTest, StorySplitByAnAdInTwoContainersStaysWhole) {
  const std::string text =
      MainText("<body>" + Links(6) + "<div class=\"c\"><div class=\"tb\">" +
               Prose(1) + Prose(2) +
               "</div><div class=\"ad-slot\"><p>Advertisement</p></div>"
               "<div class=\"tb\">" +
               Prose(3) + Prose(4) + "</div></div>" + Links(8) + "</body>");
  for (int n = 1; n <= 4; ++n) {
    EXPECT_TRUE(Has(text, "Paragraph " + std::to_string(n))) << text;
  }
  EXPECT_FALSE(Has(text, "Advertisement"));
  EXPECT_FALSE(Has(text, "Headline of another"));
}

TEST(MainTextTest, ProseWithSomeLinkedPhrasesIsKept) {
  const std::string text = MainText(
      "<body>" + Links(5) + Prose(1) +
      "<p>The ministry <a href=\"/r\">published a report on the harbour</a> "
      "on Monday, and <a href=\"/u\">the union answered it</a> within "
      "hours. Both documents are long, and neither says much about what the "
      "port will do next, or when it will do it.</p>" +
      Prose(3) + Links(5) + "</body>");
  EXPECT_TRUE(Has(text, "The ministry published a report")) << text;
  EXPECT_TRUE(Has(text, "Paragraph 3")) << text;
}

TEST(MainTextTest, ArticleElementIsPreferredToProseAroundIt) {
  // Teasers with summaries after the article: prose-like, but outside it.
  std::string teasers;
  for (int i = 0; i < 3; ++i) {
    teasers +=
        "<div class=\"card\"><h3><a href=\"/t\">Teaser headline</a>"
        "</h3><p>A summary of another story, which is a sentence of "
        "middling length that ends here.</p></div>";
  }
  const std::string text =
      MainText("<body>" + Links(4) + "<article><h1>Title</h1>" + Prose(1) +
               Prose(2) + Prose(3) + "</article>" + teasers + "</body>");
  EXPECT_TRUE(Has(text, "Paragraph 1")) << text;
  EXPECT_TRUE(Has(text, "Paragraph 3")) << text;
  EXPECT_FALSE(Has(text, "A summary of another story")) << text;
}

TEST(MainTextTest, ADistantThreadOfUnmarkedCommentsIsNotTheStory) {
  std::string thread;
  for (int i = 0; i < 2; ++i) {
    thread +=
        "<div class=\"c-item\"><p>I read this and I think the "
        "council got it wrong again, as it does every single year. "
        "Nobody listens to us.</p></div>";
  }
  const std::string text =
      MainText("<body>" + Links(3) + Prose(1) + Prose(2) + Prose(3) +
               Links(12) + thread + Links(4) + "</body>");
  EXPECT_TRUE(Has(text, "Paragraph 1")) << text;
  EXPECT_FALSE(Has(text, "council got it wrong")) << text;
}

TEST(MainTextTest, HeadingJustBeforeTheStoryBelongsToIt) {
  const std::string text =
      MainText("<body>" + Links(4) + "<h2>The heading</h2>" + Prose(1) +
               Prose(2) + Links(4) + "</body>");
  EXPECT_EQ(text.rfind("The heading\n\nParagraph 1", 0), 0u) << text;
}

TEST(MainTextTest, TheArticleBodyWinsOverMoreProseAroundIt) {
  // Excerpts of other stories below the article, longer than it in sum
  // and linked nowhere: only the page's articleBody tells them apart.
  std::string excerpts;
  for (int i = 0; i < 6; ++i) {
    excerpts +=
        "<div class=\"x\"><p>An excerpt of another column runs "
        "here, as long as a paragraph of the story and just as "
        "well punctuated. It goes on for a second sentence, too, "
        "and a third one after that.</p></div>";
  }
  const std::string text = MainText(
      "<body>" + Links(4) + "<div itemprop=\"articleBody\">" + Prose(1) +
      Prose(2) + Prose(3) + "</div>" + Links(2) + excerpts + "</body>");
  EXPECT_TRUE(Has(text, "Paragraph 3")) << text;
  EXPECT_FALSE(Has(text, "An excerpt")) << text;
}

TEST(MainTextTest, OneSentenceParagraphsOfAnArticleAreKept) {
  std::string story;
  for (int i = 0; i < 6; ++i) {
    story += "<p>Sentence " + std::to_string(i) +
             " stands alone, as in wire copy, between two embeds.</p>" +
             "<div class=\"embed\"><h3><a href=\"/o\">Other story " +
             std::to_string(i) + "</a></h3></div>";
  }
  const std::string text = MainText("<body>" + Links(6) + "<article>" + story +
                                    "</article>" + Links(6) + "</body>");
  EXPECT_TRUE(Has(text, "Sentence 0 stands alone")) << text;
  EXPECT_TRUE(Has(text, "Sentence 5 stands alone")) << text;
  EXPECT_FALSE(Has(text, "Other story")) << text;
}

TEST(MainTextTest, LinkedSentencesOfTheArticleAreKept) {
  const std::string text =
      MainText("<body>" + Links(6) + "<article>" + Prose(1) +
               "<p>The inquiry had been <a href=\"/a\">shelved in 2017 but was "
               "reopened in May</a> after new evidence came to light.</p>" +
               Prose(3) +
               "<p><a href=\"/b\">Read more: another story entirely.</a>"
               "</p></article>" +
               Links(6) + "</body>");
  EXPECT_TRUE(Has(text, "The inquiry had been shelved")) << text;
  EXPECT_FALSE(Has(text, "Read more")) << text;
}

TEST(MainTextTest, UnpunctuatedTextAmongProseIsKept) {
  const std::string text = MainText(
      "<body>" + Links(5) + Prose(1) +
      "<p>The ministry listed three reasons for the delay in its statement "
      "on Monday evening, which read in part as follows</p>" +
      Prose(2) + Links(5) +
      "<p>Sign up for the morning briefing and get "
      "our headlines in your inbox every day</p>" +
      Links(5) + "</body>");
  EXPECT_TRUE(Has(text, "which read in part as follows")) << text;
  EXPECT_FALSE(Has(text, "morning briefing")) << text;
}

TEST(MainTextTest, NothingButChromeIsNoText) {
  EXPECT_EQ(MainText("<body>" + Links(10) +
                     "<footer><p>About us.</p>"
                     "</footer></body>"),
            "");
  EXPECT_EQ(MainText(""), "");
}

}  // namespace
}  // namespace newsdedup
