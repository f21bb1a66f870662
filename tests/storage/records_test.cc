#include "storage/records.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "storage/term_coding.h"

namespace newsdedup {
namespace {

Fingerprint Sample() {
  Article article;
  article.id = "a1";
  article.body =
      "Oil prices climbed 3.5 percent on Monday. Traders cited supply "
      "worries after the pipeline outage. Oil traders expect prices to stay "
      "high.";
  article.title = "Oil Climbs on Pipeline Outage";
  return Fingerprinter(FingerprintOptions{}).Compute(article);
}

TEST(RecordsTest, FingerprintRoundTrips) {
  const Fingerprint fp = Sample();
  const pb::StoredFingerprint record = ToRecord(fp, "a1", 7);
  EXPECT_EQ(record.article_id(), "a1");
  EXPECT_EQ(record.cluster_ordinal(), 7u);
  EXPECT_EQ(record.terms_size(), 0);  // the compact form is written
  StatusOr<Fingerprint> back = FromRecord(record);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->terms, fp.terms);
  EXPECT_EQ(back->sentence_ends, fp.sentence_ends);
  EXPECT_EQ(back->simhash, fp.simhash);
  EXPECT_EQ(back->content_hash, fp.content_hash);
  EXPECT_EQ(back->word_count, fp.word_count);
  EXPECT_EQ(back->title_terms, fp.title_terms);
  EXPECT_EQ(fp.title_terms.size(), 4u);  // oil, climb, pipelin, outag
}

// Sentences are stored as lengths, which a long article's ends are not.
TEST(RecordsTest, StoresSentencesAsLengths) {
  const Fingerprint fp = Sample();
  const pb::StoredFingerprint record = ToRecord(fp, "a1", 0);
  EXPECT_EQ(record.sentence_ends_size(), 0);
  ASSERT_EQ(record.sentence_lengths_size(), 3);
  EXPECT_EQ(record.sentence_lengths(0), fp.sentence_ends[0]);
  EXPECT_EQ(record.sentence_lengths(2),
            fp.sentence_ends[2] - fp.sentence_ends[1]);
}

TEST(RecordsTest, SentencesPastTheTermsAreCorrupt) {
  pb::StoredFingerprint record = ToRecord(Sample(), "a1", 0);
  record.add_sentence_lengths(1);
  EXPECT_EQ(FromRecord(record).status().code(), Status::Code::kCorruption);
}

// Stores written before the compact coding keep the plain term list and
// sentence ends.
TEST(RecordsTest, ReadsThePlainTermList) {
  const Fingerprint fp = Sample();
  pb::StoredFingerprint record;
  record.mutable_terms()->Add(fp.terms.begin(), fp.terms.end());
  record.mutable_sentence_ends()->Add(fp.sentence_ends.begin(),
                                      fp.sentence_ends.end());
  StatusOr<Fingerprint> back = FromRecord(record);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->terms, fp.terms);
  EXPECT_EQ(back->sentence_ends, fp.sentence_ends);
}

TEST(RecordsTest, EmptyFingerprintRoundTrips) {
  StatusOr<Fingerprint> back = FromRecord(ToRecord(Fingerprint{}, "e", 0));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->terms.empty());
}

// Records of the release before grouped indices.
TEST(RecordsTest, ReadsIndicesStoredOneByOne) {
  const Fingerprint fp = Sample();
  pb::StoredFingerprint record = ToRecord(fp, "a1", 0);
  std::vector<uint32_t> dictionary = fp.terms;
  std::sort(dictionary.begin(), dictionary.end());
  dictionary.erase(std::unique(dictionary.begin(), dictionary.end()),
                   dictionary.end());
  std::vector<uint32_t> indices;
  for (uint32_t term : fp.terms) {
    indices.push_back(static_cast<uint32_t>(
        std::lower_bound(dictionary.begin(), dictionary.end(), term) -
        dictionary.begin()));
  }
  record.clear_term_index_groups();
  record.set_term_indices(
      EncodeFixedWidthTermIndices(indices, dictionary.size()));
  StatusOr<Fingerprint> back = FromRecord(record);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->terms, fp.terms);
}

TEST(RecordsTest, CorruptTermCodingIsAnError) {
  pb::StoredFingerprint record = ToRecord(Sample(), "a1", 0);
  record.set_term_index_groups(record.term_index_groups() + "\x7F");
  EXPECT_EQ(FromRecord(record).status().code(), Status::Code::kCorruption);
  record = ToRecord(Sample(), "a1", 0);
  record.set_term_dictionary(record.term_dictionary().substr(0, 3));
  EXPECT_EQ(FromRecord(record).status().code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace newsdedup
