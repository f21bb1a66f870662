#include "storage/records.h"

#include <algorithm>

#include "dedup/sorted_sets.h"
#include "storage/term_coding.h"

namespace newsdedup {

pb::StoredFingerprint ToRecord(const Fingerprint& fp,
                               const std::string& article_id,
                               uint32_t cluster_ordinal) {
  std::vector<uint32_t> distinct_terms = fp.terms;
  SortUnique(distinct_terms);
  return ToRecord(fp, distinct_terms, article_id, cluster_ordinal);
}

pb::StoredFingerprint ToRecord(const Fingerprint& fp,
                               const std::vector<uint32_t>& distinct_terms,
                               const std::string& article_id,
                               uint32_t cluster_ordinal) {
  pb::StoredFingerprint record;
  record.set_article_id(article_id);
  record.set_cluster_ordinal(cluster_ordinal);
  record.set_simhash(fp.simhash);
  record.set_content_hash(fp.content_hash);
  std::vector<uint32_t> indices;
  PositionsIn(fp.terms, distinct_terms, indices);
  record.set_term_dictionary(EncodeSortedTerms(distinct_terms));
  record.set_term_index_groups(
      EncodeTermIndices(indices, distinct_terms.size()));
  const bool ascending =
      std::is_sorted(fp.sentence_ends.begin(), fp.sentence_ends.end());
  uint32_t previous_end = 0;
  for (uint32_t end : fp.sentence_ends) {
    if (ascending) {
      record.add_sentence_lengths(end - previous_end);
      previous_end = end;
    } else {
      record.add_sentence_ends(end);  // never made by a Fingerprinter
    }
  }
  record.set_word_count(fp.word_count);
  record.mutable_title_terms()->Add(fp.title_terms.begin(),
                                    fp.title_terms.end());
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
        record.term_indices().empty()
            ? DecodeTermIndices(record.term_index_groups(), dictionary->size())
            : DecodeFixedWidthTermIndices(record.term_indices(),
                                          dictionary->size());
    if (!indices.ok()) return indices.status();
    fp.terms.reserve(indices->size());
    for (uint32_t i : *indices) fp.terms.push_back((*dictionary)[i]);
  }
  fp.sentence_ends.assign(record.sentence_ends().begin(),
                          record.sentence_ends().end());
  uint64_t end = 0;
  for (uint32_t length : record.sentence_lengths()) {
    end += length;
    if (end > fp.terms.size()) {
      return Status::Corruption("fingerprint of " + record.article_id() +
                                ": sentences run past its terms");
    }
    fp.sentence_ends.push_back(static_cast<uint32_t>(end));
  }
  if (!fp.sentence_ends.empty() && fp.sentence_ends.back() != fp.terms.size()) {
    return Status::Corruption("fingerprint of " + record.article_id() +
                              ": sentences do not end with its terms");
  }
  fp.word_count = record.word_count();
  fp.title_terms.assign(record.title_terms().begin(),
                        record.title_terms().end());
  return fp;
}

}  // namespace newsdedup
