#include "storage/article_records.h"

#include <iterator>
#include <utility>

namespace newsdedup {
namespace {

constexpr std::pair<Relation, pb::Relation> kRelations[] = {
    {Relation::kNew, pb::NEW},
    {Relation::kExact, pb::EXACT},
    {Relation::kNearDuplicate, pb::NEAR_DUPLICATE},
    {Relation::kContained, pb::CONTAINED},
    {Relation::kContains, pb::CONTAINS},
    {Relation::kRewrite, pb::REWRITE},
};

}  // namespace

pb::Article ToProto(const Article& article) {
  pb::Article message;
  message.set_id(article.id);
  message.set_body(article.body);
  message.set_title(article.title);
  message.set_source(article.source);
  message.set_url(article.url);
  if (article.published_ms) message.set_published_ms(*article.published_ms);
  return message;
}

Article FromProto(const pb::Article& message) {
  Article article;
  article.id = message.id();
  article.body = message.body();
  article.title = message.title();
  article.source = message.source();
  article.url = message.url();
  if (message.has_published_ms()) article.published_ms = message.published_ms();
  return article;
}

pb::Relation ToProto(Relation relation) {
  for (const auto& [ours, wire] : kRelations) {
    if (ours == relation) return wire;
  }
  return pb::RELATION_UNSPECIFIED;
}

Relation FromProto(pb::Relation relation) {
  for (const auto& [ours, wire] : kRelations) {
    if (wire == relation) return ours;
  }
  return Relation::kNew;
}

pb::Scores ScoresOf(const Evidence& e, double score) {
  pb::Scores s;
  s.set_score(score);
  s.set_shingle_containment(e.shingle_containment);
  s.set_shingle_resemblance(e.shingle_resemblance);
  s.set_number_agreement(e.number_agreement);
  s.set_term_containment(e.term_containment);
  s.set_aligned_sentences(e.aligned_share);
  s.set_simhash_distance(static_cast<uint32_t>(e.simhash_distance));
  return s;
}

}  // namespace newsdedup
