#include "storage/records.h"

#include <algorithm>

#include "storage/term_coding.h"

namespace newsdedup::storage {

pb::StoredFingerprint ToRecord(const Fingerprint& fp,
                               const std::string& article_id,
                               uint32_t cluster_ordinal) {
  pb::StoredFingerprint record;
  record.set_article_id(article_id);
  record.set_cluster_ordinal(cluster_ordinal);
  record.set_simhash(fp.simhash);
  record.set_content_hash(fp.content_hash);
  std::vector<uint32_t> dictionary = fp.terms;
  std::sort(dictionary.begin(), dictionary.end());
  dictionary.erase(std::unique(dictionary.begin(), dictionary.end()),
                   dictionary.end());
  std::vector<uint32_t> indices;
  indices.reserve(fp.terms.size());
  for (uint32_t term : fp.terms) {
    indices.push_back(static_cast<uint32_t>(
        std::lower_bound(dictionary.begin(), dictionary.end(), term) -
        dictionary.begin()));
  }
  record.set_term_dictionary(EncodeSortedTerms(dictionary));
  record.set_term_indices(EncodeTermIndices(indices, dictionary.size()));
  record.mutable_sentence_ends()->Add(fp.sentence_ends.begin(),
                                      fp.sentence_ends.end());
  record.set_word_count(fp.word_count);
  return record;
}

StatusOr<Fingerprint> FromRecord(const pb::StoredFingerprint& record) {
  Fingerprint fp;
  fp.simhash = record.simhash();
  fp.content_hash = record.content_hash();
  if (record.terms_size() > 0) {
    fp.terms.assign(record.terms().begin(), record.terms().end());
  } else if (!record.term_dictionary().empty()) {
    StatusOr<std::vector<uint32_t>> dictionary =
        DecodeSortedTerms(record.term_dictionary());
    if (!dictionary.ok()) return dictionary.status();
    StatusOr<std::vector<uint32_t>> indices =
        DecodeTermIndices(record.term_indices(), dictionary->size());
    if (!indices.ok()) return indices.status();
    fp.terms.reserve(indices->size());
    for (uint32_t i : *indices) fp.terms.push_back((*dictionary)[i]);
  }
  fp.sentence_ends.assign(record.sentence_ends().begin(),
                          record.sentence_ends().end());
  if (!fp.sentence_ends.empty() && fp.sentence_ends.back() != fp.terms.size()) {
    return Status::Corruption("fingerprint of " + record.article_id() +
                              ": sentences do not end with its terms");
  }
  fp.word_count = record.word_count();
  return fp;
}

}  // namespace newsdedup::storage
