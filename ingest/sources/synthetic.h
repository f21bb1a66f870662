// SyntheticStream: a seeded, reproducible stream of news-like articles
// (about 3 KB each: a dateline, paragraphs of sentences drawn from a
// Zipf-distributed vocabulary, function words as often as news has them,
// the story's own names and figures) with planted copies of
// every kind newsdedup must catch — verbatim with outlet boilerplate,
// trimmed, extended, edited, OCR-noisy, web page, reworded — for benchmarks
// at any scale without shipping data.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "dedup/article.h"

namespace newsdedup {

struct SyntheticOptions {
  uint64_t seed = 1987;
  size_t vocabulary = 40000;  // distinct content words
  double copy_share = 0.2;    // share of articles that copy an earlier one
  size_t words_per_article = 450;
};

class SyntheticStream {
 public:
  explicit SyntheticStream(SyntheticOptions options = {});
  // The next article: an original, or a copy of a recent one.
  Article Next();
  // Which original the last article copies ("" for an original), and how.
  const std::string& last_original() const { return last_original_; }
  // The place in the stream (from 0) of the article the last one copies.
  uint64_t last_original_index() const { return last_original_index_; }
  // A string literal: "original", "verbatim", "trimmed", ...
  const char* last_kind() const { return last_kind_; }

 private:
  const std::string& Word();
  std::string Name();
  // `names`: the story's own names, some of its content words.
  std::string Sentence(size_t words, const std::vector<std::string>& names);
  void AppendSentence(size_t words, const std::vector<std::string>& names,
                      std::string& out);
  Article Original();
  Article Copy(const Article& of);

  SyntheticOptions options_;
  std::mt19937_64 rng_;
  std::vector<std::string> vocabulary_;
  std::vector<double> zipf_cdf_;
  // zipf_cdf_ index where each 1/kBuckets of [0, 1) starts: Word() searches
  // one bucket instead of the whole vocabulary (same word, a fraction of
  // the time, which the benchmark would otherwise charge to newsdedup).
  static constexpr size_t kBuckets = 1 << 16;
  std::vector<uint32_t> bucket_start_;
  // Originals that may be copied, with their places in the stream.
  std::vector<std::pair<Article, uint64_t>> recent_;
  uint64_t counter_ = 0;
  std::string last_original_;
  uint64_t last_original_index_ = 0;
  const char* last_kind_ = "original";
};

}  // namespace newsdedup
