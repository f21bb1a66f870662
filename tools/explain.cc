#include "tools/explain.h"

#include "dedup/char_grams.h"
#include "dedup/decision.h"
#include "storage/article_records.h"
#include "ingest/formats/rfc3339.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

// Shortens a passage for display.
std::string Clip(const std::string& text, size_t max = 110) {
  if (text.size() <= max) return text;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return text.substr(0, cut) + "...";
}

void PrintEvidence(FILE* out, const CheckedCandidate& c,
                   const DecisionOptions& o, double char_containment,
                   const std::vector<std::string>& query_sentences,
                   const std::vector<std::string>& candidate_sentences) {
  const Evidence& e = c.evidence;
  std::fprintf(out, "  verdict: %s (%s), score %.3f\n",
               RelationName(c.verdict.relation), c.verdict.reason.c_str(),
               c.verdict.score);
  std::fprintf(out,
               "  shingles: %u shared of %u / %u (%u boilerplate left out); "
               "containment %.3f (copy >= %.2f with characters, >= %.2f alone, "
               "strong >= %.2f), resemblance %.3f\n",
               e.shared_shingles, e.query_shingles, e.candidate_shingles,
               e.boilerplate_shingles, e.shingle_containment,
               o.shingle_containment, o.text_alone_containment,
               o.strong_shingle_containment, e.shingle_resemblance);
  std::fprintf(out,
               "  figures: %u shared of %u / %u, weighted agreement %.3f "
               "(>= %.2f copy, >= %.2f rewrite); same slots: %u agree, %u "
               "differ (differing share <= %.2f)\n",
               e.shared_numbers, e.query_numbers, e.candidate_numbers,
               e.weighted_number_agreement, o.number_agreement,
               o.rewrite_number_agreement, e.number_slot_matches,
               e.number_slot_conflicts, o.max_slot_conflict_share);
  std::fprintf(out,
               "  dates: same places: %u agree, %u differ, up to %d days "
               "apart; %.3f of the query's words unseen (different report: "
               "more differ than agree, >= %d days, unseen <= %.2f)\n",
               e.date_slot_matches, e.date_slot_conflicts, e.date_gap_days,
               e.query_unseen_share, o.min_date_gap_days,
               o.damaged_unseen_share);
  std::fprintf(out,
               "  characters: 5-gram containment %.3f (>= %.2f copy, >= %.2f "
               "rewrite, >= %.2f short rewrite)\n",
               char_containment, o.char_containment, o.rewrite_char_containment,
               o.rewrite_short_char_containment);
  std::fprintf(out,
               "  terms: IDF-weighted containment %.3f (rewrite >= %.2f, long "
               ">= %.2f)\n",
               e.term_containment, o.rewrite_term_containment,
               o.long_rewrite_term_containment);
  std::fprintf(out,
               "  sentences aligned in order: %u of %u / %u, share %.3f "
               "(rewrite >= %.2f with >= %u, or >= %u when short; long >= %.2f "
               "with >= %u)\n",
               e.aligned_sentences, e.query_sentences, e.candidate_sentences,
               e.aligned_share, o.rewrite_aligned_share, o.rewrite_min_aligned,
               o.rewrite_short_min_aligned, o.long_rewrite_aligned_share,
               o.long_rewrite_min_aligned);
  std::fprintf(out,
               "  title: %.3f of the smaller title's %u terms in the other "
               "(short text with >= %.2f, at most %u shingles)%s\n",
               e.title_containment, e.title_terms, o.title_containment,
               o.title_short_shingles,
               e.stock_title ? "; a stock title, not counted" : "");
  std::fprintf(out, "  simhash distance: %d of 64\n", e.simhash_distance);
  for (const SentencePair& pair : e.alignments) {
    if (pair.query_sentence >= query_sentences.size() ||
        pair.candidate_sentence >= candidate_sentences.size()) {
      continue;
    }
    std::fprintf(out, "    [%u] %s\n     ~ [%u] %s  (overlap %.2f)\n",
                 pair.query_sentence,
                 Clip(query_sentences[pair.query_sentence]).c_str(),
                 pair.candidate_sentence,
                 Clip(candidate_sentences[pair.candidate_sentence]).c_str(),
                 pair.overlap);
  }
}

}  // namespace

Status Explain(Engine& engine, const std::string& id, FILE* out) {
  StatusOr<std::optional<pb::StoredArticle>> stored =
      engine.store().GetArticle(id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return Status::NotFound("no article with id " + JsonString(id));
  }
  const pb::StoredArticle& record = **stored;
  const pb::Decision& d = record.decision();
  std::fprintf(out, "article %s (ordinal %u)%s%s\n", JsonString(id).c_str(),
               record.ordinal(), record.article().title().empty() ? "" : ": ",
               Clip(record.article().title()).c_str());
  std::fprintf(
      out, "decision: %s, cluster %s, matched %s, score %.3f, original %s\n",
      RelationName(FromProto(d.relation())), JsonString(d.cluster_id()).c_str(),
      d.matched_id().empty() ? "none" : JsonString(d.matched_id()).c_str(),
      d.scores().score(), JsonString(d.original_id()).c_str());
  std::fprintf(out, "rule: %s\n", d.reason().c_str());

  const Fingerprinter fingerprinter(engine.options().detector.fingerprint);
  // The text the engine fingerprinted (ingest/formats/html_text.h).
  Article article = FromProto(record.article());
  article.body = engine.BodyText(article.body);
  std::vector<std::string> sentences;
  const Fingerprint fp = fingerprinter.Compute(article, &sentences);
  const DerivedFeatures features =
      DeriveFeatures(fp, engine.options().detector.fingerprint);
  Hindsight hindsight;
  hindsight.before_ordinal = record.ordinal();
  hindsight.full_evidence = true;
  if (!d.matched_id().empty()) {
    // Shown whether or not today's statistics would still pick it.
    StatusOr<std::optional<pb::StoredArticle>> matched =
        engine.store().GetArticle(d.matched_id());
    if (!matched.ok()) return matched.status();
    if (matched->has_value()) {
      hindsight.also_verify = (*matched)->ordinal();
    } else {
      std::fprintf(out,
                   "the matched article %s has been deleted since (or has "
                   "expired from the store): its evidence cannot be shown\n",
                   JsonString(d.matched_id()).c_str());
    }
  }
  StatusOr<MatchResult> match =
      engine.detector().Match(fp, features, article.body, hindsight);
  if (!match.ok()) return match.status();
  std::fprintf(out,
               "\ncandidates: %u articles stored before it share a feature; "
               "%zu verified (evidence recomputed with today's store "
               "statistics)\n",
               match->candidates_seen, match->checked.size());
  const std::vector<uint32_t> grams = CharGramSet(article.body);
  size_t shown = 0;
  for (const CheckedCandidate& c : match->checked) {
    if (shown++ == 3) break;
    StatusOr<std::string> candidate_id = engine.ArticleId(c.evidence.candidate);
    if (!candidate_id.ok()) return candidate_id.status();
    StatusOr<std::optional<pb::StoredArticle>> other =
        engine.store().GetArticle(*candidate_id);
    if (!other.ok()) return other.status();
    if (!other->has_value()) continue;
    Article other_article = FromProto((*other)->article());
    other_article.body = engine.BodyText(other_article.body);
    std::vector<std::string> other_sentences;
    fingerprinter.Compute(other_article, &other_sentences);
    std::fprintf(out, "\nagainst %s%s%s\n", JsonString(*candidate_id).c_str(),
                 (*other)->article().title().empty() ? "" : ": ",
                 Clip((*other)->article().title()).c_str());
    PrintEvidence(
        out, c, engine.options().detector.decision,
        CharGramContainment(grams, CharGramSet(other_article.body)),
        sentences, other_sentences);
  }
  return Status::Ok();
}

}  // namespace newsdedup
