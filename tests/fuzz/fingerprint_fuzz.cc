// Fuzzes text normalisation and fingerprinting on arbitrary bytes, the way
// articles reach them: an Article whose body is the input, fingerprinted
// only if ValidateArticle accepts it (the fingerprinter assumes valid
// UTF-8).
//
// NormalizeText must equal ICU's NFKC_Casefold of the whole text (it sends
// only the non-ASCII stretches to ICU); a fingerprint must be the same when
// computed twice (its per-thread term cache is warm the second time) and
// well formed, and so must its derived features. Each body is also
// fingerprinted cut to half its length, which splits UTF-8 sequences.
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "dedup/fingerprint.h"
#include "dedup/text.h"
#include "ingest/formats/article_json.h"

namespace {

using newsdedup::Fingerprint;
using newsdedup::FingerprintOptions;

std::string IcuNormalize(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer =
      icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  normalizer->normalizeUTF8(0, icu::StringPiece(utf8.data(), utf8.size()), sink,
                            nullptr, status);
  if (U_FAILURE(status)) std::abort();
  return out;
}

bool SortedUnique(const std::vector<uint32_t>& v) {
  return std::adjacent_find(v.begin(), v.end(), std::greater_equal<>()) ==
         v.end();
}

void CheckFingerprint(const newsdedup::Article& article,
                      const FingerprintOptions& options) {
  const newsdedup::Fingerprinter fingerprinter(options);
  std::vector<std::string> sentences;
  const Fingerprint fp = fingerprinter.Compute(article, &sentences);
  const Fingerprint again = fingerprinter.Compute(article);
  if (fp.terms != again.terms || fp.sentence_ends != again.sentence_ends ||
      fp.simhash != again.simhash || fp.content_hash != again.content_hash ||
      fp.word_count != again.word_count) {
    std::abort();
  }
  // Sentence ends rise strictly to the last term; one text per sentence.
  if (sentences.size() != fp.sentence_ends.size() ||
      fp.sentence_ends.empty() != fp.terms.empty() ||
      (!fp.terms.empty() && fp.sentence_ends.back() != fp.terms.size()) ||
      !SortedUnique(fp.sentence_ends) ||
      (!fp.sentence_ends.empty() && fp.sentence_ends.front() == 0)) {
    std::abort();
  }
  const newsdedup::DerivedFeatures features =
      newsdedup::DeriveFeatures(fp, options);
  if (!SortedUnique(features.shingles) || !SortedUnique(features.terms) ||
      !SortedUnique(features.numbers) ||
      features.sentence_count() != fp.sentence_ends.size()) {
    std::abort();
  }
  for (size_t i = 0; i < features.sentence_count(); ++i) {
    const auto sentence = features.Sentence(i);
    if (sentence.empty() || !std::is_sorted(sentence.begin(), sentence.end()) ||
        sentence.back() >= features.terms.size()) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  newsdedup::Article article;
  article.id = "fuzz";
  article.body.assign(reinterpret_cast<const char*>(data), size);
  if (!newsdedup::ValidateArticle(article, {}).ok()) return 0;

  if (newsdedup::NormalizeText(article.body) != IcuNormalize(article.body)) {
    std::abort();
  }
  FingerprintOptions options;
  CheckFingerprint(article, options);
  options.max_fingerprint_bytes = size / 2;
  CheckFingerprint(article, options);
  return 0;
}
