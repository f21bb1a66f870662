#include "storage/records.h"

namespace newsdedup::storage {

pb::StoredFingerprint ToRecord(const Fingerprint& fp,
                               const std::string& article_id,
                               uint32_t cluster_ordinal) {
  pb::StoredFingerprint record;
  record.set_article_id(article_id);
  record.set_cluster_ordinal(cluster_ordinal);
  record.set_simhash(fp.simhash);
  record.set_content_hash(fp.content_hash);
  record.mutable_terms()->Add(fp.terms.begin(), fp.terms.end());
  record.mutable_sentence_ends()->Add(fp.sentence_ends.begin(),
                                      fp.sentence_ends.end());
  record.set_word_count(fp.word_count);
  return record;
}

Fingerprint FromRecord(const pb::StoredFingerprint& record) {
  Fingerprint fp;
  fp.simhash = record.simhash();
  fp.content_hash = record.content_hash();
  fp.terms.assign(record.terms().begin(), record.terms().end());
  fp.sentence_ends.assign(record.sentence_ends().begin(),
                          record.sentence_ends().end());
  fp.word_count = record.word_count();
  return fp;
}

}  // namespace newsdedup::storage
