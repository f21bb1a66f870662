#include "dedup/detector.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/dedup/story_corpus.h"

namespace newsdedup {
namespace {

using test::MemorySource;

class DetectorTest : public ::testing::Test {
 protected:
  explicit DetectorTest(DetectorOptions options = {})
      : fingerprinter_(options.fingerprint),
        detector_(options, &source_),
        options_(options) {}

  // Stores `body` as a new article in its own cluster; returns its ordinal.
  uint32_t Store(const std::string& body) {
    const uint32_t ordinal = detector_.article_count();
    const Fingerprint fp = Fingerprint_(body);
    source_.Put(ordinal, fp, body);
    detector_.Add(ordinal, ordinal, fp,
                  DeriveFeatures(fp, options_.fingerprint));
    return ordinal;
  }

  MatchResult Match(const std::string& body) {
    const Fingerprint fp = Fingerprint_(body);
    StatusOr<MatchResult> result =
        detector_.Match(fp, DeriveFeatures(fp, options_.fingerprint), body);
    EXPECT_TRUE(result.ok());
    return *result;
  }

  Fingerprint Fingerprint_(const std::string& body) {
    Article article;
    article.id = "a";
    article.body = body;
    return fingerprinter_.Compute(article);
  }

  MemorySource source_;
  Fingerprinter fingerprinter_;
  Detector detector_;
  DetectorOptions options_;
};

// The same with the options set up by `Tweak`.
template <void (*Tweak)(DetectorOptions&)>
class DetectorWithTest : public DetectorTest {
 protected:
  static DetectorOptions Tweaked() {
    DetectorOptions options;
    Tweak(options);
    return options;
  }
  DetectorWithTest() : DetectorTest(Tweaked()) {}
};

const char* kOriginal =
    "Zorvanek Mining said on Tuesday its Karluth copper mine in Velmora "
    "would close for three weeks after flooding. Output at Karluth, "
    "which produces 212,000 tonnes a year, halted on Monday. Zorvanek "
    "shares fell 4.5 percent in Tresk trading. Chief executive Ilona "
    "Pardew told analysts the pumps would be replaced by early March.";

TEST_F(DetectorTest, FindsAVerbatimCopy) {
  Store("Grain prices rose in Chicago as dry weather hurt the wheat crop.");
  const uint32_t original = Store(kOriginal);
  const MatchResult match = Match(kOriginal);
  ASSERT_TRUE(match.best.has_value());
  EXPECT_EQ(match.best->evidence.candidate, original);
  EXPECT_EQ(match.verdict.relation, Relation::kExact);
}

TEST_F(DetectorTest, NewTextMatchesNothing) {
  Store(kOriginal);
  const MatchResult match = Match(
      "Fishermen in a northern harbour landed a record herring catch "
      "this autumn, the port authority reported.");
  EXPECT_EQ(match.verdict.relation, Relation::kNew);
}

// Articles that each share one word with the query and nothing else are
// not worth reading back from the store to verify.
TEST_F(DetectorTest, DoesNotVerifyWhatSharesOneWordByChance) {
  const char* words[] = {"flooding", "pumps",   "analysts", "tonnes",
                         "shares",   "Monday",  "Tuesday",  "Tresk",
                         "Velmora",  "Karluth", "Pardew",   "Zorvanek"};
  int n = 0;
  for (const char* word : words) {
    Store(std::string(word) + " featured in item " + std::to_string(++n) +
          " of a chess column about opening gambits.");
  }
  const MatchResult match = Match(kOriginal);
  EXPECT_EQ(match.candidates_seen, 12u);
  EXPECT_TRUE(match.checked.empty());
  EXPECT_EQ(match.verdict.relation, Relation::kNew);
}

// Explaining a decision verifies the article it matched whatever the
// candidate search says now.
TEST_F(DetectorTest, VerifiesWhatHindsightAsksFor) {
  const uint32_t unrelated =
      Store("Grain prices rose in Chicago as dry weather hurt the wheat crop.");
  Hindsight hindsight;
  hindsight.also_verify = unrelated;
  const Fingerprint fp = Fingerprint_(kOriginal);
  StatusOr<MatchResult> match = detector_.Match(
      fp, DeriveFeatures(fp, options_.fingerprint), kOriginal, hindsight);
  ASSERT_TRUE(match.ok());
  ASSERT_EQ(match->checked.size(), 1u);
  EXPECT_EQ(match->checked[0].evidence.candidate, unrelated);
  EXPECT_EQ(match->verdict.relation, Relation::kNew);
  // Not past what the store held then.
  hindsight.before_ordinal = unrelated;
  match = detector_.Match(fp, DeriveFeatures(fp, options_.fingerprint),
                          kOriginal, hindsight);
  ASSERT_TRUE(match.ok());
  EXPECT_TRUE(match->checked.empty());
}

// One shared phrase is what unrelated articles have in common by chance;
// two or more are worth a look.
void ShinglesOnly(DetectorOptions& o) {
  o.candidates.index_sampling = 1;
  o.candidates.candidate_terms = 0;
  o.candidates.min_candidate_share = 0.01;
}
using DetectorShinglesOnlyTest = DetectorWithTest<ShinglesOnly>;

TEST_F(DetectorShinglesOnlyTest, DoesNotVerifyWhatSharesOnePhrase) {
  const uint32_t one_phrase = Store(
      "Reporters visited the Karluth copper mine during a festival of folk "
      "music.");
  const uint32_t three_phrases = Store(
      "Reporters visited the Karluth copper mine. Ilona Pardew told analysts "
      "about folk music.");
  const MatchResult match = Match(kOriginal);
  EXPECT_EQ(match.candidates_seen, 2u);
  ASSERT_EQ(match.checked.size(), 1u);
  EXPECT_EQ(match.checked[0].evidence.candidate, three_phrases);
  EXPECT_NE(match.checked[0].evidence.candidate, one_phrase);
}

// Words made of letters only, different for each n.
std::string Letters(uint32_t n) {
  std::string word = "zq";
  do {
    word += static_cast<char>('a' + n % 26);
    n /= 26;
  } while (n > 0);
  return word;
}

// A story of its own for article n: no phrase shared with any other.
std::string Story(uint32_t n) {
  std::string story;
  for (uint32_t w = 0; w < 30; ++w) {
    story += Letters(n * 100 + w) + (w % 10 == 9 ? ". " : " ");
  }
  return story;
}

const char* kFooter =
    "Subscribe to the Harbour Ledger newsletter for morning briefings "
    "delivered before breakfast, and follow our correspondents on every "
    "social platform for breaking regional coverage and weather alerts.";

// An outlet's footer line, carried by articles of many clusters, is
// boilerplate as a whole, not only in the shingles that were indexed.
TEST_F(DetectorTest, AFooterLineIsBoilerplateAsAWhole) {
  for (uint32_t n = 0; n < 40; ++n) Store(Story(n) + kFooter);
  const std::string query = Story(1000) + kFooter;
  const Fingerprint fp = Fingerprint_(query);
  const DerivedFeatures features = DeriveFeatures(fp, options_.fingerprint);
  std::vector<uint8_t> flags;
  detector_.stats().MarkBoilerplate(fp, features, flags);
  ASSERT_EQ(flags.size(), features.shingles.size());
  size_t marked = 0, indexed_boilerplate = 0;
  for (size_t i = 0; i < flags.size(); ++i) {
    marked += flags[i];
    indexed_boilerplate +=
        detector_.stats().IsBoilerplate(features.shingles[i]);
  }
  // Exactly the shingles inside the footer: the story's own (and the ones
  // that run from it into the footer) are in no other article.
  const Fingerprint footer = Fingerprint_(kFooter);
  const size_t footer_shingles =
      DeriveFeatures(footer, options_.fingerprint).shingles.size();
  EXPECT_GT(footer_shingles, 10u);
  EXPECT_EQ(marked, footer_shingles);
  EXPECT_LT(indexed_boilerplate, marked);
  // A story without the footer has no boilerplate at all.
  const Fingerprint clean = Fingerprint_(Story(2000));
  detector_.stats().MarkBoilerplate(
      clean, DeriveFeatures(clean, options_.fingerprint), flags);
  EXPECT_EQ(std::count(flags.begin(), flags.end(), 1), 0);
}

// A line that recurs across many stories is taken out of every piece of
// evidence: two short stories sharing only an outlet's lines (with their
// figures) are not alike, and a copy is still found by its story.
TEST_F(DetectorTest, RecurringLinesCountInNoEvidence) {
  const std::string lines =
      "\nJoin 45,000 readers of the Harbour Ledger morning briefing.\n"
      "Copyright 2024 Harbour Ledger. All rights reserved.\n"
      "Related: Harbour council approves budget for 12 parks\n";
  for (uint32_t n = 0; n < 12; ++n) Store(Story(n) + lines);
  const std::string brief =
      "Quorvant Tellis said third quarter profit was 3.1 mln dlrs on sales "
      "of 40 mln.";
  const uint32_t original = Store(brief + lines);
  const MatchResult other = Match(
      "Belmarine Oskett said its board approved a split payable to holders "
      "of record in May." + lines);
  EXPECT_EQ(other.verdict.relation, Relation::kNew);
  for (const CheckedCandidate& c : other.checked) {
    EXPECT_EQ(c.evidence.shared_numbers, 0u);
    EXPECT_EQ(c.evidence.aligned_sentences, 0u);
  }
  const MatchResult copy = Match(brief + lines);
  ASSERT_TRUE(copy.best.has_value());
  EXPECT_EQ(copy.best->evidence.candidate, original);
  EXPECT_NE(copy.verdict.relation, Relation::kNew);
}

// Only the best candidate is verified: it must be the original that the
// rewrite's rare names point to, not an unrelated article that happens to
// share the one phrase of the rewrite the store has seen.
void OneCandidate(DetectorOptions& o) {
  o.candidates.max_candidates = 1;
  o.candidates.index_sampling = 1;
}
using DetectorOneCandidateTest = DetectorWithTest<OneCandidate>;

TEST_F(DetectorOneCandidateTest, RanksTheRewrittenOriginalAboveAChancePhrase) {
  const uint32_t original = Store(kOriginal);
  Store(
      "Copper prices jumped sharply overnight on strong demand from "
      "builders, dealers reported.");
  const MatchResult match = Match(
      "Flooding has shut Zorvanek Mining's Velmora pit, Karluth, for three "
      "weeks, the company announced Tuesday. Annual production there is "
      "212,000 tonnes; pumping stopped Monday. In Tresk the Zorvanek stock "
      "lost 4.5 percent. Ilona Pardew, its boss, promised analysts "
      "replacement pumps by early March. Copper prices jumped sharply "
      "overnight.");
  ASSERT_EQ(match.checked.size(), 1u);
  EXPECT_EQ(match.checked[0].evidence.candidate, original);
  // The rewrite shares no phrase with its original, only names and figures.
  EXPECT_EQ(match.checked[0].evidence.shared_shingles, 0u);
}

// However long a rare term's posting, the candidate search reads only its
// newest entries, leaving the budget to the article's other rare terms.
void ShortWalks(DetectorOptions& o) {
  o.candidates.max_term_walk = 10;
  o.candidates.index_sampling = 1u << 30;  // terms only
}
using DetectorShortWalkTest = DetectorWithTest<ShortWalks>;

TEST_F(DetectorShortWalkTest, ReadsOnlyTheNewestEntriesOfATermsPosting) {
  for (int i = 0; i < 100; ++i) {
    Store("Quarvix filing number " + std::to_string(i * 7919) + ".");
  }
  const MatchResult match = Match("Quarvix announced a new product.");
  EXPECT_EQ(match.candidates_seen, 10u);
  ASSERT_FALSE(match.checked.empty());
  EXPECT_GE(match.checked[0].evidence.candidate, 90u);  // the newest
}

// A quarterly dividend written to one template: the same wording and
// amount, other dates. Its words are all in the store already. An
// OCR-damaged copy of the earlier notice misreads its dateline as another
// date, and brings garbled words no stored article has.
const char* kDividend =
    "NEW YORK, March 25 - Kelvar Industries Inc said its board declared a "
    "regular quarterly dividend of 25 cts per share, payable April 30 to "
    "holders of record April 15. The company said it paid the same "
    "dividend in the prior quarter. Kelvar, which makes industrial valves "
    "and pumps, said its order backlog stood at a record at the end of "
    "February. The board also said it would hold the annual meeting in "
    "Cleveland.";
const char* kNextDividend =
    "NEW YORK, June 24 - Kelvar Industries Inc said its board declared a "
    "regular quarterly dividend of 25 cts per share, payable July 31 to "
    "holders of record July 15. The company said it paid the same "
    "dividend in the prior quarter. Kelvar, which makes industrial valves "
    "and pumps, said its order book was little changed from the level at "
    "the end of May. The board also said it would hold the annual meeting "
    "in Cleveland.";
const char* kDamagedDividend =
    "NEW YORK, March 5 - Kelvar Industrics Inc said its hoard declared a "
    "regular quartcrly dividend of 25 cts per share, payable Apri1 30 to "
    "holders of record Apr1l 15. The cornpany said it paid the same "
    "dividend in the prior quarter. Kelvar, which makes industrial valves "
    "and pumps, said its order backlog stood at a record at the end of "
    "February. The board also said it would hold the annual meeting in "
    "Cleveland.";

TEST_F(DetectorTest, TheSameTemplateWithOtherDatesIsAnotherReport) {
  const uint32_t earlier = Store(kDividend);
  Store("A book on July and June weather said the lake level changed little.");
  const MatchResult match = Match(kNextDividend);
  EXPECT_EQ(match.verdict.relation, Relation::kNew);
  const auto checked = std::find_if(match.checked.begin(), match.checked.end(),
                                    [&](const CheckedCandidate& c) {
                                      return c.evidence.candidate == earlier;
                                    });
  ASSERT_NE(checked, match.checked.end());
  EXPECT_EQ(checked->evidence.date_slot_conflicts, 3u);
  EXPECT_EQ(checked->evidence.date_slot_matches, 0u);
  EXPECT_LT(checked->evidence.query_unseen_share, 0.04);
  EXPECT_NE(checked->verdict.reason.find("days apart"), std::string::npos);
}

TEST_F(DetectorTest, ADamagedCopysMisreadDateStillMatches) {
  const uint32_t original = Store(kDividend);
  const MatchResult match = Match(kDamagedDividend);
  ASSERT_TRUE(match.best.has_value());
  EXPECT_EQ(match.best->evidence.candidate, original);
  EXPECT_EQ(match.best->evidence.date_slot_conflicts, 1u);
  EXPECT_GT(match.best->evidence.query_unseen_share, 0.04);
  EXPECT_NE(match.verdict.relation, Relation::kNew);
}

// With the date rule off, the template's wording alone makes it a copy: the
// test above is the rule's doing.
void NoDateRule(DetectorOptions& o) { o.decision.min_date_gap_days = 0; }
using DetectorNoDateRuleTest = DetectorWithTest<NoDateRule>;

TEST_F(DetectorNoDateRuleTest, TakesTheTemplateForACopy) {
  Store(kDividend);
  Store("A book on July and June weather said the lake level changed little.");
  EXPECT_NE(Match(kNextDividend).verdict.relation, Relation::kNew);
}

// A garbled word another damaged copy had is still a garbled word: in a
// store where a word must reach a share of the articles to count as seen,
// a misreading that recurs by chance stays unseen.
void RareIsUnseen(DetectorOptions& o) { o.decision.unseen_word_share = 0.15; }
using DetectorRareIsUnseenTest = DetectorWithTest<RareIsUnseen>;

double QueryUnseenShare(const MatchResult& match, uint32_t candidate) {
  for (const CheckedCandidate& c : match.checked) {
    if (c.evidence.candidate == candidate) return c.evidence.query_unseen_share;
  }
  ADD_FAILURE() << "candidate " << candidate << " not verified";
  return -1;
}

TEST_F(DetectorTest, AWordAnotherArticleHasIsSeen) {
  const uint32_t original = Store(kDividend);
  const double unseen = QueryUnseenShare(Match(kDamagedDividend), original);
  EXPECT_GT(unseen, 0.0);
  Store("Kelvar Industrics said its hoard met.");
  EXPECT_LT(QueryUnseenShare(Match(kDamagedDividend), original), unseen);
}

TEST_F(DetectorRareIsUnseenTest, AWordFewArticlesHaveIsUnseen) {
  const uint32_t original = Store(kDividend);
  Store(kDividend);
  Store(kDividend);  // its words: 3 articles of 9 or more, seen
  for (int i = 0; i < 6; ++i) Store("Weather in Cleveland was mild today.");
  const char* kGarbles =
      "Kelvar Industrics said its hoard met, a quartcrly cornpany.";
  const double unseen = QueryUnseenShare(Match(kDamagedDividend), original);
  EXPECT_GT(unseen, 0.0);
  Store(kGarbles);  // 1 article of 10 has them: under 0.15, unseen
  EXPECT_EQ(QueryUnseenShare(Match(kDamagedDividend), original), unseen);
  Store(kGarbles);
  Store(kGarbles);  // 3 of 12: seen
  EXPECT_LT(QueryUnseenShare(Match(kDamagedDividend), original), unseen);
}

}  // namespace
}  // namespace newsdedup

namespace newsdedup {
namespace {

using DetectorRemoveTest = DetectorTest;

TEST_F(DetectorRemoveTest, ARemovedArticleIsFoundNoMore) {
  const uint32_t other = Store(
      "Grain prices rose in Chicago as dry weather hurt the wheat crop.");
  const uint32_t original = Store(kOriginal);
  ASSERT_EQ(Match(kOriginal).verdict.relation, Relation::kExact);
  ASSERT_TRUE(detector_.Remove(original).ok());
  EXPECT_TRUE(detector_.IsRemoved(original));
  EXPECT_FALSE(detector_.IsRemoved(other));
  EXPECT_EQ(detector_.live_count(), 1u);
  EXPECT_EQ(detector_.article_count(), 2u);
  const MatchResult after = Match(kOriginal);
  EXPECT_EQ(after.verdict.relation, Relation::kNew);
  EXPECT_EQ(after.candidates_seen, 0u);
  // Its terms are counted no more: every word only it had is unseen again.
  const Fingerprint fp = Fingerprint_(kOriginal);
  const DerivedFeatures features = DeriveFeatures(fp, options_.fingerprint);
  std::vector<double> idf;
  const uint32_t unseen = detector_.stats().Idfs(features.terms, idf);
  EXPECT_EQ(unseen + features.numbers.size(), features.terms.size());
  // Removing twice, or what was never added, does nothing.
  EXPECT_TRUE(detector_.Remove(original).ok());
  EXPECT_TRUE(detector_.Remove(99).ok());
  EXPECT_EQ(detector_.live_count(), 1u);
}

TEST_F(DetectorRemoveTest, TheSameTextAddedAgainIsFoundUnderItsNewOrdinal) {
  const uint32_t first = Store(kOriginal);
  ASSERT_TRUE(detector_.Remove(first).ok());
  const uint32_t again = Store(kOriginal);
  const MatchResult match = Match(kOriginal);
  ASSERT_TRUE(match.best.has_value());
  EXPECT_EQ(match.best->evidence.candidate, again);
  EXPECT_EQ(detector_.FirstLive(), again);
}

// An index whose articles were removed decides as one that never had them
// (the statistics, not just the postings, forget them).
TEST_F(DetectorRemoveTest, DecidesAsAnIndexThatNeverHadThem) {
  const std::vector<std::string> kept = {
      kOriginal,
      "Fishermen in a northern harbour landed a record herring catch this "
      "autumn, the port authority reported on Friday.",
      "The city council approved a new budget for road repairs after a "
      "long debate about potholes on the ring road."};
  MemorySource clean_source;
  Detector clean(options_, &clean_source);
  uint32_t clean_ordinal = 0;
  for (size_t i = 0; i < kept.size(); ++i) {
    // Between the kept ones, articles that will be removed.
    Store("Wheat futures slipped in Chicago trading on forecasts of rain " +
          std::to_string(i) + " across the plains.");
    const uint32_t ordinal = Store(kept[i]);
    (void)ordinal;
    const Fingerprint fp = Fingerprint_(kept[i]);
    clean_source.Put(clean_ordinal, fp, kept[i]);
    clean.Add(clean_ordinal, clean_ordinal, fp,
              DeriveFeatures(fp, options_.fingerprint));
    ++clean_ordinal;
  }
  for (uint32_t o = 0; o < detector_.article_count(); o += 2) {
    ASSERT_TRUE(detector_.Remove(o).ok());
  }
  EXPECT_EQ(detector_.live_count(), clean.live_count());
  const std::string query = std::string(kOriginal).substr(0, 150);
  const Fingerprint fp = Fingerprint_(query);
  const DerivedFeatures features = DeriveFeatures(fp, options_.fingerprint);
  StatusOr<MatchResult> windowed = detector_.Match(fp, features, query);
  StatusOr<MatchResult> never = clean.Match(fp, features, query);
  ASSERT_TRUE(windowed.ok() && never.ok());
  ASSERT_TRUE(windowed->best && never->best);
  EXPECT_EQ(windowed->verdict.relation, never->verdict.relation);
  EXPECT_DOUBLE_EQ(windowed->verdict.score, never->verdict.score);
  EXPECT_EQ(windowed->term_counts, never->term_counts);
}

}  // namespace
}  // namespace newsdedup
