#include "dedup/decision.h"

#include <algorithm>
#include <cstdio>

namespace newsdedup {
namespace {

std::string Format(const char* fmt, double a, double b) {
  char buffer[160];
  std::snprintf(buffer, sizeof(buffer), fmt, a, b);
  return buffer;
}

// Figures agree when either side has fewer than `min_numbers` of them, or
// when enough of the smaller side's figures (by rarity) appear in the other.
bool FiguresAgree(const Evidence& e, uint32_t min_numbers, double agreement) {
  if (std::min(e.query_numbers, e.candidate_numbers) < min_numbers) {
    return true;
  }
  return e.weighted_number_agreement >= agreement;
}

bool Numbered(const Evidence& e, const DecisionOptions& o) {
  return std::min(e.query_numbers, e.candidate_numbers) >= o.min_numbers;
}

// Figures in the same slots disagree too often for a copy.
bool SlotsConflict(const Evidence& e, const DecisionOptions& o) {
  const uint32_t filled = e.number_slot_matches + e.number_slot_conflicts;
  return e.number_slot_conflicts > 1 &&
         e.number_slot_conflicts > o.max_slot_conflict_share * filled;
}

// Both texts carry figures and have none in common.
bool NoFigureShared(const Evidence& e, const DecisionOptions& o) {
  return o.shared_figure_min_numbers > 0 && e.shared_numbers == 0 &&
         std::min(e.query_numbers, e.candidate_numbers) >=
             o.shared_figure_min_numbers;
}

// Dates in the same places are far apart, in a text that is not damaged.
bool DatesDiffer(const Evidence& e, const DecisionOptions& o) {
  return o.min_date_gap_days > 0 &&
         e.date_slot_conflicts > e.date_slot_matches &&
         e.date_gap_days >= o.min_date_gap_days &&
         e.query_unseen_share <= o.damaged_unseen_share &&
         e.shingle_containment < o.strong_shingle_containment;
}

bool SharesText(const Evidence& e, const DecisionOptions& o) {
  return e.shared_shingles >= o.min_shared_shingles && !SlotsConflict(e, o);
}

// Copied text in the moderate range, before the character check.
bool ModerateCopyCandidate(const Evidence& e, const DecisionOptions& o) {
  return SharesText(e, o) && !NoFigureShared(e, o) &&
         e.shingle_containment >= o.shingle_containment &&
         e.shingle_containment < o.text_alone_containment &&
         FiguresAgree(e, o.moderate_min_numbers, o.number_agreement);
}

// A copy whose word shingles damage broke, before the character check: its
// sentences align nearly one for one.
bool DamagedCopyCandidate(const Evidence& e, const DecisionOptions& o) {
  return e.aligned_sentences >= o.rewrite_min_aligned &&
         e.aligned_share >= o.damaged_aligned_share &&
         e.term_containment >= o.rewrite_term_containment &&
         !SlotsConflict(e, o) && !NoFigureShared(e, o) &&
         FiguresAgree(e, o.min_numbers, o.number_agreement);
}

// A rewrite of a story with figures, before the character check.
bool NumberedRewriteCandidate(const Evidence& e, const DecisionOptions& o) {
  return Numbered(e, o) &&
         e.weighted_number_agreement >= o.rewrite_number_agreement &&
         e.term_containment >= o.rewrite_term_containment &&
         e.aligned_share >= o.rewrite_aligned_share &&
         e.aligned_sentences >=
             std::min(o.rewrite_min_aligned, o.rewrite_short_min_aligned);
}

// The character agreement a rewrite candidate needs: more for short texts.
double RewriteCharThreshold(const Evidence& e, const DecisionOptions& o) {
  return e.aligned_sentences >= o.rewrite_min_aligned
             ? o.rewrite_char_containment
             : o.rewrite_short_char_containment;
}

// The title of a short text is its original's, and the texts share some
// of their words (or the title is long enough to stand without them), with
// nothing in their figures against it.
bool TitledShortCopy(const Evidence& e, const DecisionOptions& o) {
  return !e.stock_title && e.title_terms >= o.title_min_terms &&
         e.title_containment >= o.title_containment &&
         std::min(e.query_shingles, e.candidate_shingles) <=
             o.title_short_shingles &&
         (e.shared_shingles > 0 ||
          e.term_containment >= o.title_term_containment ||
          e.title_terms >= o.title_alone_min_terms) &&
         !SlotsConflict(e, o) && !NoFigureShared(e, o) &&
         FiguresAgree(e, o.moderate_min_numbers, o.number_agreement);
}

// Both texts are short and carry titles that share next to nothing: two
// briefs of one kind ("CITY, March 3 - Qtr ended Jan 31 ...") from two
// companies, whose few shared words are the form's.
bool ShortWithOtherTitles(const Evidence& e, const DecisionOptions& o) {
  return e.title_terms > 0 && e.title_containment < o.title_disagreement &&
         std::min(e.query_shingles, e.candidate_shingles) <=
             o.title_short_shingles;
}

Relation CopyRelation(const Evidence& e, const DecisionOptions& o) {
  if (e.same_content || e.shingle_resemblance >= o.exact_resemblance) {
    return Relation::kExact;
  }
  const double q = e.query_in_candidate;
  const double c = e.candidate_in_query;
  // One text wholly inside the other, and the other clearly larger.
  if (q >= o.exact_resemblance && c < o.exact_resemblance - 0.05) {
    return Relation::kContained;
  }
  if (c >= o.exact_resemblance && q < o.exact_resemblance - 0.05) {
    return Relation::kContains;
  }
  if (q >= c * o.containment_asymmetry) return Relation::kContained;
  if (c >= q * o.containment_asymmetry) return Relation::kContains;
  return Relation::kNearDuplicate;
}

}  // namespace

const char* RelationName(Relation relation) {
  switch (relation) {
    case Relation::kNew:
      return "new";
    case Relation::kExact:
      return "exact";
    case Relation::kNearDuplicate:
      return "near_duplicate";
    case Relation::kContained:
      return "contained";
    case Relation::kContains:
      return "contains";
    case Relation::kRewrite:
      return "rewrite";
  }
  return "new";
}

double MinTermContainmentForAlignment(const DecisionOptions& o) {
  return std::min(o.rewrite_term_containment, o.long_rewrite_term_containment);
}

bool NeedsCharEvidence(const Evidence& e, const DecisionOptions& o) {
  return !e.same_content && !DatesDiffer(e, o) &&
         (ModerateCopyCandidate(e, o) || NumberedRewriteCandidate(e, o) ||
          DamagedCopyCandidate(e, o));
}

Verdict Decide(const Evidence& e, const DecisionOptions& o) {
  if (e.same_content) {
    return {Relation::kExact, 1.0, "same normalised text"};
  }
  if (DatesDiffer(e, o)) {
    return {Relation::kNew, e.shingle_containment,
            Format("dates in the same places are %.0f days apart, in text "
                   "with %.3f of its words unseen",
                   e.date_gap_days, e.query_unseen_share)};
  }
  if (SharesText(e, o)) {
    if (e.shingle_containment >= o.strong_shingle_containment) {
      return {CopyRelation(e, o), e.shingle_containment,
              Format("shingle containment %.3f >= %.2f", e.shingle_containment,
                     o.strong_shingle_containment)};
    }
    if (ShortWithOtherTitles(e, o)) {
      return {Relation::kNew, e.shingle_containment,
              Format("short texts with other titles (%.3f) need shingle "
                     "containment %.2f",
                     e.title_containment, o.strong_shingle_containment)};
    }
    if (e.shingle_containment >= o.text_alone_containment &&
        !NoFigureShared(e, o) &&
        FiguresAgree(e, o.min_numbers, o.number_agreement)) {
      return {CopyRelation(e, o), e.shingle_containment,
              Format("shingle containment %.3f >= %.2f, figures agree",
                     e.shingle_containment, o.text_alone_containment)};
    }
    if (ModerateCopyCandidate(e, o) &&
        e.char_containment >= o.char_containment) {
      return {CopyRelation(e, o), e.shingle_containment,
              Format("shingle containment %.3f with character containment "
                     "%.3f, figures agree",
                     e.shingle_containment, e.char_containment)};
    }
  }
  const uint32_t fewer_numbers = std::min(e.query_numbers, e.candidate_numbers);
  if (fewer_numbers >= o.same_figures_min_numbers &&
      e.shared_numbers >= fewer_numbers && e.number_slot_conflicts == 0 &&
      e.term_containment >= o.same_figures_term_containment) {
    // Little shared text means the wording was redone: a rewrite.
    return {e.shingle_containment >= o.shingle_containment ? CopyRelation(e, o)
                                                           : Relation::kRewrite,
            e.term_containment,
            Format("all %.0f figures of the smaller text agree, term "
                   "containment %.3f",
                   fewer_numbers, e.term_containment)};
  }
  const double rewrite_score = (e.term_containment + e.aligned_share) / 2;
  if (DamagedCopyCandidate(e, o) && e.char_containment >= o.char_containment) {
    return {
        CopyRelation(e, o), rewrite_score,
        Format(
            "%.3f of sentences aligned in order, character containment %.3f: "
            "a damaged copy",
            e.aligned_share, e.char_containment)};
  }
  if (NumberedRewriteCandidate(e, o) &&
      e.char_containment >= RewriteCharThreshold(e, o)) {
    return {
        Relation::kRewrite, rewrite_score,
        Format("term containment %.3f, aligned sentences %.3f, figures agree",
               e.term_containment, e.aligned_share)};
  }
  if (FiguresAgree(e, o.min_numbers, o.rewrite_number_agreement) &&
      !NoFigureShared(e, o) &&
      e.term_containment >= o.long_rewrite_term_containment &&
      e.aligned_share >= o.long_rewrite_aligned_share &&
      e.aligned_sentences >= o.long_rewrite_min_aligned) {
    return {Relation::kRewrite, rewrite_score,
            Format("term containment %.3f, %.3f of sentences aligned in order",
                   e.term_containment, e.aligned_share)};
  }
  if (TitledShortCopy(e, o)) {
    return {CopyRelation(e, o), e.title_containment,
            Format("short text under the same title (%.3f), term "
                   "containment %.3f, figures agree",
                   e.title_containment, e.term_containment)};
  }
  return {Relation::kNew, std::max(e.shingle_containment, rewrite_score),
          SlotsConflict(e, o)    ? "figures in the same places disagree"
          : NoFigureShared(e, o) ? "no figure in common"
                                 : "below every threshold"};
}

}  // namespace newsdedup
