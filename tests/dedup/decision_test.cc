#include "dedup/decision.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

Evidence CopiedText(double containment) {
  Evidence e;
  e.shared_shingles = 40;
  e.query_shingles = 50;
  e.candidate_shingles = 50;
  e.query_in_candidate = containment;
  e.candidate_in_query = containment;
  e.shingle_containment = containment;
  e.shingle_resemblance = containment / (2 - containment);
  return e;
}

// A two-sentence feed item under its original's title, sharing some of
// its words: a copy. The same with a stock title, with no title, or with
// other figures: not.
Evidence TitledShortItem() {
  Evidence e;
  e.query_shingles = 20;
  e.candidate_shingles = 24;
  e.shared_shingles = 2;
  e.term_containment = 0.45;
  e.title_terms = 5;
  e.title_containment = 1.0;
  return e;
}

TEST(DecisionTest, AShortItemUnderItsOriginalsTitleIsACopy) {
  EXPECT_NE(Decide(TitledShortItem(), DecisionOptions{}).relation,
            Relation::kNew);
  Evidence stock = TitledShortItem();
  stock.stock_title = true;
  EXPECT_EQ(Decide(stock, DecisionOptions{}).relation, Relation::kNew);
  Evidence untitled = TitledShortItem();
  untitled.title_containment = 0;
  EXPECT_EQ(Decide(untitled, DecisionOptions{}).relation, Relation::kNew);
  Evidence figures = TitledShortItem();
  figures.query_numbers = figures.candidate_numbers = 3;
  figures.shared_numbers = 0;
  EXPECT_EQ(Decide(figures, DecisionOptions{}).relation, Relation::kNew);
  Evidence nothing_shared = TitledShortItem();
  nothing_shared.shared_shingles = 0;
  nothing_shared.term_containment = 0.1;
  nothing_shared.title_terms = 3;
  EXPECT_EQ(Decide(nothing_shared, DecisionOptions{}).relation,
            Relation::kNew);
  Evidence longer = TitledShortItem();
  longer.query_shingles = longer.candidate_shingles = 200;
  EXPECT_EQ(Decide(longer, DecisionOptions{}).relation, Relation::kNew);
}

// A copy that opens with another story's paragraph shares no words with
// its original's lead, only its headline: a title of four or more terms
// carries it, unless the figures or the dates say otherwise.
TEST(DecisionTest, ALongTitleCarriesAShortItemSharingNoWords) {
  Evidence e = TitledShortItem();
  e.shared_shingles = 0;
  e.term_containment = 0.05;
  e.title_terms = DecisionOptions{}.title_alone_min_terms;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
  Evidence short_title = e;
  short_title.title_terms = DecisionOptions{}.title_alone_min_terms - 1;
  EXPECT_EQ(Decide(short_title, DecisionOptions{}).relation, Relation::kNew);
  Evidence stock = e;
  stock.stock_title = true;
  EXPECT_EQ(Decide(stock, DecisionOptions{}).relation, Relation::kNew);
  Evidence other_figures = e;
  other_figures.query_numbers = other_figures.candidate_numbers = 2;
  other_figures.shared_numbers = 0;
  EXPECT_EQ(Decide(other_figures, DecisionOptions{}).relation, Relation::kNew);
  Evidence other_dates = e;
  other_dates.date_slot_conflicts = 1;
  other_dates.date_gap_days = 7;
  EXPECT_EQ(Decide(other_dates, DecisionOptions{}).relation, Relation::kNew);
}

// Two one-line briefs of one kind under other titles share most of their
// few words: not copies, unless nearly all of them.
TEST(DecisionTest, ShortBriefsUnderOtherTitlesStayApart) {
  Evidence e = CopiedText(0.67);
  e.query_shingles = e.candidate_shingles = 6;
  e.shared_shingles = 4;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
  e.title_terms = 6;
  e.title_containment = 0.1;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kNew);
  e.title_containment = 0.5;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

TEST(DecisionTest, SameTextIsExact) {
  Evidence e;
  e.same_content = true;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kExact);
}

TEST(DecisionTest, HighContainmentIsACopy) {
  const Verdict v = Decide(CopiedText(0.92), DecisionOptions{});
  EXPECT_EQ(v.relation, Relation::kNearDuplicate);
  EXPECT_DOUBLE_EQ(v.score, 0.92);
  EXPECT_NE(v.reason.find("0.92"), std::string::npos);
}

TEST(DecisionTest, TrimmedCopyIsContained) {
  Evidence e = CopiedText(0.5);
  e.query_in_candidate = 0.95;
  e.candidate_in_query = 0.5;
  e.shingle_containment = 0.95;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kContained);
  std::swap(e.query_in_candidate, e.candidate_in_query);
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kContains);
}

// A recurring story on one template: same wording, other figures in the same
// places. Must not merge however much text is shared.
TEST(DecisionTest, TemplateWithOtherFiguresIsNotACopy) {
  Evidence e = CopiedText(0.93);
  e.number_slot_matches = 1;
  e.number_slot_conflicts = 5;
  const Verdict v = Decide(e, DecisionOptions{});
  EXPECT_EQ(v.relation, Relation::kNew);
  EXPECT_EQ(v.reason, "figures in the same places disagree");
}

TEST(DecisionTest, ModerateContainmentNeedsFiguresToAgree) {
  Evidence e = CopiedText(0.65);
  e.query_numbers = 6;
  e.candidate_numbers = 6;
  e.shared_numbers = 2;
  e.weighted_number_agreement = 0.3;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kNew);
  e.shared_numbers = 5;
  e.weighted_number_agreement = 0.9;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

// Below text_alone_containment the word shingles alone do not decide: an
// OCR-damaged copy still agrees character for character, a same-topic story
// does not.
TEST(DecisionTest, LowContainmentNeedsTheCharactersToAgree) {
  Evidence e = CopiedText(0.45);
  EXPECT_TRUE(NeedsCharEvidence(e, DecisionOptions{}));
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kNew);
  e.char_containment = 0.6;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kNew);
  e.char_containment = 0.9;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kNearDuplicate);
  // High containment needs no character check.
  EXPECT_FALSE(NeedsCharEvidence(CopiedText(0.95), DecisionOptions{}));
}

TEST(DecisionTest, RewordedTextWithAlignedSentencesIsARewrite) {
  Evidence e;
  e.shared_shingles = 2;
  e.shingle_containment = 0.05;
  e.term_containment = 0.62;
  e.query_sentences = 8;
  e.candidate_sentences = 10;
  e.aligned_sentences = 6;
  e.aligned_share = 0.75;
  e.query_numbers = 5;
  e.candidate_numbers = 6;
  e.weighted_number_agreement = 1.0;
  e.char_containment = 0.5;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kRewrite);
  // The same wording of the topic with other figures is another story.
  e.weighted_number_agreement = 0.4;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

// A results table restyled throughout ("mln dlrs" -> "$ million") shares
// no shingle with its original but every figure.
TEST(DecisionTest, RestyledTableWithEveryFigureIsACopy) {
  Evidence e;
  e.query_numbers = 8;
  e.candidate_numbers = 10;
  e.shared_numbers = 8;
  e.term_containment = 0.7;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kRewrite);
  e.shared_numbers = 7;  // one figure differs: another period's table
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kNew);
  e.shared_numbers = 8;
  e.number_slot_conflicts = 1;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

// Two reports on one template, each with its own figures and none shared.
TEST(DecisionTest, AlikeWordingWithNoFigureInCommonIsNotACopy) {
  Evidence e = CopiedText(0.7);
  e.query_numbers = 2;
  e.candidate_numbers = 3;
  e.shared_numbers = 0;
  const Verdict v = Decide(e, DecisionOptions{});
  EXPECT_EQ(v.relation, Relation::kNew);
  EXPECT_EQ(v.reason, "no figure in common");
  e.shared_numbers = 1;
  e.weighted_number_agreement = 1.0;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
  // Nearly all the text shared: a copy that lost its dateline figures.
  Evidence strong = CopiedText(0.93);
  strong.query_numbers = 2;
  strong.candidate_numbers = 2;
  EXPECT_NE(Decide(strong, DecisionOptions{}).relation, Relation::kNew);
  // A lone figure on one side (often a date) is not enough to judge.
  e.shared_numbers = 0;
  e.query_numbers = 1;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

TEST(DecisionTest, FewSharedShinglesAreChance) {
  Evidence e = CopiedText(1.0);
  e.shared_shingles = 2;
  e.query_shingles = 2;
  e.candidate_shingles = 2;
  EXPECT_EQ(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

// A recurring story: same wording, but the dateline a month later.
Evidence MonthLaterTemplate() {
  Evidence e = CopiedText(0.75);
  e.date_slot_conflicts = 1;
  e.date_gap_days = 31;
  e.query_unseen_share = 0.01;
  return e;
}

TEST(DecisionTest, OtherDatesInTheSamePlacesAreAnotherReport) {
  const Verdict v = Decide(MonthLaterTemplate(), DecisionOptions{});
  EXPECT_EQ(v.relation, Relation::kNew);
  EXPECT_NE(v.reason.find("31 days apart"), std::string::npos);
  DecisionOptions off;
  off.min_date_gap_days = 0;
  EXPECT_NE(Decide(MonthLaterTemplate(), off).relation, Relation::kNew);
}

TEST(DecisionTest, DatesADayOrTwoApartAreARescheduledSend) {
  Evidence e = MonthLaterTemplate();
  e.date_gap_days = 2;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

TEST(DecisionTest, DatesThatAgreeMoreThanDifferAreTheSameStory) {
  Evidence e = MonthLaterTemplate();
  e.date_slot_matches = 1;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

// OCR misreads digits ("June 19" as "June 9") and garbles words.
TEST(DecisionTest, DamagedTextKeepsItsDatesUnjudged) {
  Evidence e = MonthLaterTemplate();
  e.query_unseen_share = 0.15;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

TEST(DecisionTest, NearlyAllTheTextOutweighsADate) {
  Evidence e = CopiedText(0.95);
  e.date_slot_conflicts = 1;
  e.date_gap_days = 31;
  EXPECT_NE(Decide(e, DecisionOptions{}).relation, Relation::kNew);
}

// OCR damage broke two thirds of a copy's word shingles, but every
// sentence aligns in order and the characters agree (a benchmark copy that
// was missed before the rule).
Evidence DamagedCopy() {
  Evidence e = CopiedText(0.342);
  e.aligned_sentences = 24;
  e.query_sentences = 24;
  e.candidate_sentences = 24;
  e.aligned_share = 1.0;
  e.term_containment = 0.844;
  e.query_numbers = 27;
  e.candidate_numbers = 27;
  e.shared_numbers = 23;
  e.weighted_number_agreement = 0.85;
  e.number_slot_matches = 13;
  e.number_slot_conflicts = 1;
  e.char_containment = 0.885;
  return e;
}

TEST(DecisionTest, SentencesAlignedOneForOneWithCharactersAreADamagedCopy) {
  const DecisionOptions o;
  EXPECT_TRUE(NeedsCharEvidence(DamagedCopy(), o));
  const Verdict v = Decide(DamagedCopy(), o);
  EXPECT_NE(v.relation, Relation::kNew);
  EXPECT_NE(v.reason.find("a damaged copy"), std::string::npos);
  Evidence characters_differ = DamagedCopy();
  characters_differ.char_containment = 0.6;
  EXPECT_EQ(Decide(characters_differ, o).relation, Relation::kNew);
  Evidence fewer_aligned = DamagedCopy();
  fewer_aligned.aligned_share = 0.8;
  EXPECT_EQ(Decide(fewer_aligned, o).relation, Relation::kNew);
  Evidence other_figures = DamagedCopy();
  other_figures.number_slot_conflicts = 8;
  EXPECT_EQ(Decide(other_figures, o).relation, Relation::kNew);
}

}  // namespace
}  // namespace newsdedup
