// The copy decision: given the evidence of one comparison, is the query a
// copy of the candidate, and of what kind?
//
// Relations (what the query is, relative to what it matched):
//   kNew            no stored article is a copy of it (or it of one);
//   kExact          the same text, up to case, punctuation, spacing, Unicode
//                   form and boilerplate;
//   kNearDuplicate  the same text with local edits (words substituted or
//                   dropped, OCR noise, a sentence removed);
//   kContained      its text is part of the candidate's (a trimmed copy);
//   kContains       it holds the candidate's text and more (a copy extended
//                   with other paragraphs, or wrapped in a web page);
//   kRewrite        the same story in other words: few shared shingles, but
//                   its sentences align with the candidate's and the figures
//                   and rare names agree.
#pragma once

#include <string>

#include "dedup/evidence.h"
#include "dedup/options.h"

namespace newsdedup {

enum class Relation {
  kNew,
  kExact,
  kNearDuplicate,
  kContained,
  kContains,
  kRewrite
};

// "new", "exact", "near_duplicate", "contained", "contains", "rewrite".
const char* RelationName(Relation relation);

struct Verdict {
  Relation relation = Relation::kNew;
  // Similarity in [0, 1] behind the verdict: shingle containment for copied
  // text, the mean of term containment and aligned share for rewrites.
  double score = 0;
  // Which rule fired and against which threshold, for `explain`.
  std::string reason;
};

// REQUIRES: evidence.char_containment computed when
// NeedsCharEvidence(evidence, options); otherwise the rules that need it
// do not fire.
Verdict Decide(const Evidence& evidence, const DecisionOptions& options);

// Term containment below which no rule reads the sentence alignment (only
// the rewrite rules do): comparisons may skip aligning below it.
double MinTermContainmentForAlignment(const DecisionOptions& options);

// True when the decision depends on the character-level comparison, which
// costs reading both texts; false when the word-level evidence settles it.
bool NeedsCharEvidence(const Evidence& evidence,
                       const DecisionOptions& options);

}  // namespace newsdedup
