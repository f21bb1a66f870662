#include "dedup/story_text.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

Fingerprint Make() {
  Fingerprint fp;
  fp.terms = {10, 12, 14, 20, 22, 30, 32, 34};
  fp.sentence_ends = {3, 5, 8};
  fp.content_hash = 99;
  fp.word_count = 12;
  return fp;
}

TEST(StoryTextTest, SentenceHashesFollowTheTermsOnly) {
  const Fingerprint fp = Make();
  const std::vector<uint32_t> hashes = SentenceHashes(fp);
  ASSERT_EQ(hashes.size(), 3u);
  Fingerprint other;
  other.terms = {20, 22};
  other.sentence_ends = {2};
  EXPECT_EQ(SentenceHashes(other)[0], hashes[1]);
  EXPECT_NE(hashes[0], hashes[1]);
}

TEST(StoryTextTest, WithoutSentencesDropsTheFlaggedOnes) {
  const Fingerprint kept = WithoutSentences(Make(), {0, 1, 0});
  EXPECT_EQ(kept.terms, (std::vector<uint32_t>{10, 12, 14, 30, 32, 34}));
  EXPECT_EQ(kept.sentence_ends, (std::vector<uint32_t>{3, 6}));
  EXPECT_EQ(kept.content_hash, 99u);
  EXPECT_EQ(kept.word_count, 12u);
  EXPECT_EQ(WithoutSentences(Make(), {}).terms, Make().terms);
  EXPECT_TRUE(WithoutSentences(Make(), {1, 1, 1}).terms.empty());
}

TEST(StoryTextTest, KeptTextJoinsTheOthers) {
  EXPECT_EQ(KeptText({"a b", "menu", "c d"}, {0, 1, 0}), "a b\nc d\n");
}

}  // namespace
}  // namespace newsdedup

namespace newsdedup {
namespace {

Fingerprint Fp(const std::string& body) {
  Article article;
  article.body = body;
  return Fingerprinter(FingerprintOptions{}).Compute(article);
}

bool OnlyEdges(const std::string& a, const std::string& b) {
  const Fingerprint fa = Fp(a), fb = Fp(b);
  const FingerprintOptions o;
  return SharesOnlyEdges(fa, DeriveFeatures(fa, o), fb, DeriveFeatures(fb, o),
                         o, 3, 0.5);
}

const char* kHeader = "Harbour Ledger newsroom staff report filed this morning.\n";
const char* kFooter =
    "\nSubscribe to the Harbour Ledger morning briefing for regional news.\n"
    "Copyright Harbour Ledger media group, all rights reserved worldwide.\n";

TEST(StoryTextTest, TwoStoriesUnderOneSitesLinesShareOnlyEdges) {
  const std::string a = std::string(kHeader) +
                        "Quorvant Tellis reported higher quarterly profit "
                        "from copper sales.\nIts mines in Velmora ran at full "
                        "capacity through the winter." +
                        kFooter;
  const std::string b = std::string(kHeader) +
                        "Belmarine Oskett approved a share split for holders "
                        "of record.\nThe board also named a new treasurer "
                        "after a long search." +
                        kFooter;
  EXPECT_TRUE(OnlyEdges(a, b));
  // A copy shares its story.
  EXPECT_FALSE(OnlyEdges(a, a));
  // One story under the site's lines, the other bare: no pattern.
  EXPECT_FALSE(OnlyEdges(a, "Quorvant Tellis reported higher quarterly "
                            "profit from copper sales."));
}

}  // namespace
}  // namespace newsdedup
