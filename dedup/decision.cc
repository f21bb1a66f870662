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

// Numbers agree when either side has too few to judge, or when enough of
// the smaller side's figures appear in the other.
bool NumbersAgree(const Evidence& e, const DecisionOptions& o) {
  if (std::min(e.query_numbers, e.candidate_numbers) < o.min_numbers) {
    return true;
  }
  return e.number_agreement >= o.number_agreement;
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
  const bool numbers_agree = NumbersAgree(e, o);
  if (e.shingle_containment >= o.strong_shingle_containment) {
    v.relation = CopyRelation(e, o);
    v.score = e.shingle_containment;
    v.reason = Format("shingle containment %.3f >= %.2f (strong)",
                      e.shingle_containment, o.strong_shingle_containment);
    return v;
  }
  if (e.shingle_containment >= o.shingle_containment && numbers_agree) {
    v.relation = CopyRelation(e, o);
    v.score = e.shingle_containment;
    v.reason = Format("shingle containment %.3f >= %.2f, numbers agree",
                      e.shingle_containment, o.shingle_containment);
    return v;
  }
  if (e.term_containment >= o.rewrite_term_containment &&
      e.aligned_share >= o.rewrite_aligned_sentences && numbers_agree) {
    v.relation = Relation::kRewrite;
    v.score = (e.term_containment + e.aligned_share) / 2;
    v.reason = Format("term containment %.3f, aligned sentences %.3f",
                      e.term_containment, e.aligned_share);
    return v;
  }
  v.relation = Relation::kNew;
  v.score = std::max(e.shingle_containment,
                     (e.term_containment + e.aligned_share) / 2);
  v.reason = "below every threshold";
  return v;
}

}  // namespace newsdedup
