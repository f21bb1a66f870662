#include "tools/pair_evidence.h"

#include <cstdio>

#include "dedup/char_grams.h"
#include "ingest/formats/rfc3339.h"
#include "storage/article_records.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

StatusOr<pb::StoredArticle> Load(Engine& engine, const std::string& id) {
  StatusOr<std::optional<pb::StoredArticle>> a = engine.store().GetArticle(id);
  if (!a.ok()) return a.status();
  if (!a->has_value()) {
    return Status::NotFound("no article with id " + JsonString(id));
  }
  return std::move(**a);
}

// An article's fingerprinted text and its sentences.
Fingerprint Fingerprinted(Engine& engine, const pb::StoredArticle& stored,
                          Article& article,
                          std::vector<std::string>* sentences) {
  const Fingerprinter fingerprinter(engine.options().detector.fingerprint);
  article = FromProto(stored.article());
  article.body = engine.BodyText(article.body);
  return fingerprinter.Compute(article, sentences);
}

std::string Fixed(double value, const char* format = "%.3f") {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, value);
  return buf;
}

std::string Figure(const std::string& name, const std::string& value,
                   const std::string& rule) {
  return "{\"name\":" + JsonString(name) + ",\"value\":" + JsonString(value) +
         ",\"rule\":" + JsonString(rule) + "}";
}

std::string SideJson(const pb::StoredArticle& stored,
                     const std::vector<std::string>& sentences) {
  const pb::Article& a = stored.article();
  std::string out =
      "{\"id\":" + JsonString(a.id()) + ",\"title\":" + JsonString(a.title()) +
      ",\"source\":" + JsonString(a.source()) +
      ",\"url\":" + JsonString(a.url()) + ",\"published\":" +
      (a.has_published_ms() ? JsonString(FormatRfc3339(a.published_ms()))
                            : std::string("null")) +
      ",\"relation\":\"" +
      RelationName(FromProto(stored.decision().relation())) +
      "\",\"cluster\":" + JsonString(stored.decision().cluster_id()) +
      ",\"sentences\":[";
  for (size_t i = 0; i < sentences.size(); ++i) {
    out += (i ? "," : "") + JsonString(sentences[i]);
  }
  return out + "]}";
}

}  // namespace

StatusOr<PairEvidence> ComparePair(Engine& engine, const std::string& a,
                                   const std::string& b) {
  if (a == b) return Status::InvalidArgument("an article compared with itself");
  StatusOr<pb::StoredArticle> first = Load(engine, a);
  if (!first.ok()) return first.status();
  StatusOr<pb::StoredArticle> second = Load(engine, b);
  if (!second.ok()) return second.status();
  PairEvidence pair;
  // Only articles stored before it are candidates of an article.
  if (first->ordinal() > second->ordinal()) {
    pair.query = std::move(*first);
    pair.candidate = std::move(*second);
  } else {
    pair.query = std::move(*second);
    pair.candidate = std::move(*first);
  }
  Article query, candidate;
  const Fingerprint fp =
      Fingerprinted(engine, pair.query, query, &pair.query_sentences);
  Fingerprinted(engine, pair.candidate, candidate, &pair.candidate_sentences);
  const DerivedFeatures features =
      DeriveFeatures(fp, engine.options().detector.fingerprint);
  Hindsight hindsight;
  hindsight.before_ordinal = pair.query.ordinal();
  hindsight.full_evidence = true;
  hindsight.also_verify = pair.candidate.ordinal();
  StatusOr<MatchResult> match =
      engine.detector().Match(fp, features, query.body, hindsight);
  if (!match.ok()) return match.status();
  for (const CheckedCandidate& c : match->checked) {
    if (c.evidence.candidate != pair.candidate.ordinal()) continue;
    pair.evidence = c.evidence;
    pair.verdict = c.verdict;
    pair.char_containment = CharGramContainment(CharGramSet(query.body),
                                                CharGramSet(candidate.body));
    return pair;
  }
  return Status::Internal("the detector did not verify " +
                          JsonString(pair.candidate.article().id()));
}

std::string PairEvidenceJson(const PairEvidence& pair,
                             const DecisionOptions& o) {
  const Evidence& e = pair.evidence;
  std::vector<std::string> figures = {
      Figure("shingle containment", Fixed(e.shingle_containment),
             "copy >= " + Fixed(o.shingle_containment, "%.2f") +
                 " with characters, >= " +
                 Fixed(o.text_alone_containment, "%.2f") +
                 " alone; strong >= " +
                 Fixed(o.strong_shingle_containment, "%.2f") + " (" +
                 std::to_string(e.shared_shingles) + " shared of " +
                 std::to_string(e.query_shingles) + " / " +
                 std::to_string(e.candidate_shingles) + ")"),
      Figure("shingle resemblance", Fixed(e.shingle_resemblance), "Jaccard"),
      Figure("character containment", Fixed(pair.char_containment),
             "copy >= " + Fixed(o.char_containment, "%.2f") +
                 ", rewrite >= " + Fixed(o.rewrite_char_containment, "%.2f") +
                 ", short rewrite >= " +
                 Fixed(o.rewrite_short_char_containment, "%.2f")),
      Figure("figures agreement", Fixed(e.weighted_number_agreement),
             "copy >= " + Fixed(o.number_agreement, "%.2f") +
                 ", rewrite >= " + Fixed(o.rewrite_number_agreement, "%.2f") +
                 " (" + std::to_string(e.shared_numbers) + " shared of " +
                 std::to_string(e.query_numbers) + " / " +
                 std::to_string(e.candidate_numbers) + ")"),
      Figure("term containment", Fixed(e.term_containment),
             "rewrite >= " + Fixed(o.rewrite_term_containment, "%.2f") +
                 ", long >= " + Fixed(o.long_rewrite_term_containment, "%.2f")),
      Figure("aligned sentences", Fixed(e.aligned_share),
             "rewrite >= " + Fixed(o.rewrite_aligned_share, "%.2f") +
                 " with >= " + std::to_string(o.rewrite_min_aligned) +
                 "; long >= " + Fixed(o.long_rewrite_aligned_share, "%.2f") +
                 " (" + std::to_string(e.aligned_sentences) + " of " +
                 std::to_string(e.query_sentences) + " / " +
                 std::to_string(e.candidate_sentences) + ")"),
      Figure("title containment", Fixed(e.title_containment),
             ">= " + Fixed(o.title_containment, "%.2f") + " for a short text" +
                 (e.stock_title ? "; stock title" : "")),
      Figure("simhash distance", std::to_string(e.simhash_distance), "of 64"),
  };
  std::string out =
      "{\"query\":" + SideJson(pair.query, pair.query_sentences) +
      ",\"candidate\":" + SideJson(pair.candidate, pair.candidate_sentences) +
      ",\"verdict\":{\"relation\":\"" + RelationName(pair.verdict.relation) +
      "\",\"score\":" + JsonString(Fixed(pair.verdict.score)) +
      ",\"reason\":" + JsonString(pair.verdict.reason) + "},\"figures\":[";
  for (size_t i = 0; i < figures.size(); ++i) {
    out += (i ? "," : "") + figures[i];
  }
  out += "],\"alignments\":[";
  bool first = true;
  for (const SentencePair& p : e.alignments) {
    if (p.query_sentence >= pair.query_sentences.size() ||
        p.candidate_sentence >= pair.candidate_sentences.size()) {
      continue;
    }
    out += (first ? "" : ",") + std::string("{\"query\":") +
           std::to_string(p.query_sentence) +
           ",\"candidate\":" + std::to_string(p.candidate_sentence) +
           ",\"overlap\":" + JsonString(Fixed(p.overlap, "%.2f")) + "}";
    first = false;
  }
  return out + "]}";
}

}  // namespace newsdedup
