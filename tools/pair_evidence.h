// The evidence between two stored articles, as `newsdedup explain` computes
// it for a decision (tools/explain.h): the later-stored article is compared
// with the earlier one under today's store statistics, every measure
// computed, with the sentences of both texts so that the aligned pairs can
// be shown. For the web view's pair page (tools/serve/ui_routes.h).
//
// Thread safety: ComparePair uses the engine's detector, so it runs where
// Engine::Match may (the decision thread; Pipeline::WithEngine).
// PairEvidenceJson is pure.
#pragma once

#include <string>
#include <vector>

#include "dedup/decision.h"
#include "dedup/evidence.h"
#include "ingest/engine.h"

namespace newsdedup {

struct PairEvidence {
  pb::StoredArticle query;      // the later-stored of the two
  pb::StoredArticle candidate;  // the earlier one
  // Their texts as fingerprinted, sentence by sentence (the indices of
  // Evidence::alignments).
  std::vector<std::string> query_sentences;
  std::vector<std::string> candidate_sentences;
  Evidence evidence;
  Verdict verdict;
  double char_containment = 0;  // character 5-grams, smaller side
};

// NotFound when either id is not stored; InvalidArgument when both are the
// same article.
StatusOr<PairEvidence> ComparePair(Engine& engine, const std::string& a,
                                   const std::string& b);

// {"query":{...},"candidate":{...},"verdict":{...},"figures":[{"name",
// "value","rule"}...],"alignments":[{"query","candidate","overlap"}...]}:
// each figure beside the thresholds the decision holds it to.
std::string PairEvidenceJson(const PairEvidence& pair,
                             const DecisionOptions& options);

}  // namespace newsdedup
