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

bool BothHaveNumbers(const Evidence& e, const DecisionOptions& o) {
  return std::min(e.query_numbers, e.candidate_numbers) >= o.min_numbers;
}

// Figures in the same slots disagree too often for a copy.
bool SlotsConflict(const Evidence& e, const DecisionOptions& o) {
  const uint32_t filled = e.number_slot_matches + e.number_slot_conflicts;
  return e.number_slot_conflicts > 1 &&
         e.number_slot_conflicts > o.max_slot_conflict_share * filled;
}

Relation CopyRelation(const Evidence& e, const DecisionOptions& o) {
  if (e.same_content || e.shingle_resemblance >= o.exact_resemblance) {
    return Relation::kExact;
  }
  const double q = e.query_in_candidate;
  const double c = e.candidate_in_query;
  if (q >= c * o.containment_asymmetry) return Relation::kContained;
  if (c >= q * o.containment_asymmetry) return Relation::kContains;
  return Relation::kNearDuplicate;
}

}  // namespace

const char* RelationName(Relation relation) {
  switch (relation) {
    case Relation::kNew: return "new";
    case Relation::kExact: return "exact";
    case Relation::kNearDuplicate: return "near_duplicate";
    case Relation::kContained: return "contained";
    case Relation::kContains: return "contains";
    case Relation::kRewrite: return "rewrite";
  }
  return "new";
}

Verdict Decide(const Evidence& e, const DecisionOptions& o) {
  Verdict v;
  if (e.same_content) {
    v.relation = Relation::kExact;
    v.score = 1.0;
    v.reason = "same normalised text";
    return v;
  }
  const bool slots_conflict = SlotsConflict(e, o);
  const bool numbered = BothHaveNumbers(e, o);
  if (e.shared_shingles >= o.min_shared_shingles && !slots_conflict) {
    if (e.shingle_containment >= o.strong_shingle_containment) {
      v.relation = CopyRelation(e, o);
      v.score = e.shingle_containment;
      v.reason = Format("shingle containment %.3f >= %.2f",
                        e.shingle_containment, o.strong_shingle_containment);
      return v;
    }
    if (e.shingle_containment >= o.shingle_containment &&
        (!numbered || e.weighted_number_agreement >= o.number_agreement)) {
      v.relation = CopyRelation(e, o);
      v.score = e.shingle_containment;
      v.reason = Format("shingle containment %.3f >= %.2f with figures agreeing",
                        e.shingle_containment, o.shingle_containment);
      return v;
    }
  }
  const double rewrite_score = (e.term_containment + e.aligned_share) / 2;
  if (numbered && e.weighted_number_agreement >= o.rewrite_number_agreement &&
      e.term_containment >= o.rewrite_term_containment &&
      e.aligned_share >= o.rewrite_aligned_share &&
      e.aligned_sentences >= o.rewrite_min_aligned) {
    v.relation = Relation::kRewrite;
    v.score = rewrite_score;
    v.reason = Format("term containment %.3f, aligned sentences %.3f, "
                      "figures agreeing", e.term_containment, e.aligned_share);
    return v;
  }
  if ((!numbered ||
       e.weighted_number_agreement >= o.rewrite_number_agreement) &&
      e.term_containment >= o.long_rewrite_term_containment &&
      e.aligned_share >= o.long_rewrite_aligned_share &&
      e.aligned_sentences >= o.long_rewrite_min_aligned) {
    v.relation = Relation::kRewrite;
    v.score = rewrite_score;
    v.reason = Format("term containment %.3f, aligned sentences %.3f "
                      "(long article)", e.term_containment, e.aligned_share);
    return v;
  }
  v.relation = Relation::kNew;
  v.score = std::max(e.shingle_containment, rewrite_score);
  v.reason = slots_conflict ? "figures in the same places disagree"
                            : "below every threshold";
  return v;
}

}  // namespace newsdedup
