#include "ingest/sources/synthetic.h"

#include <algorithm>
#include <cmath>

namespace newsdedup {
namespace {

constexpr const char* kSyllables[] = {
    "ka",  "to", "ri",  "men", "sol", "va",  "der", "lin", "po",  "gra",
    "ste", "nu", "bel", "cor", "fa",  "tis", "mo",  "ran", "qui", "ze",
    "han", "lo", "pe",  "dra", "vin", "os",  "tur", "mi",  "sen", "ba"};
// Function words, the commonest repeated as often as news uses them: two
// running words in five are stop words in wire copy.
constexpr const char* kFunctionWords[] = {
    "the",  "the", "the", "the",  "of",   "of",  "to", "to",   "and",  "and",
    "a",    "a",   "in",  "in",   "said", "for", "on", "that", "is",   "was",
    "with", "by",  "at",  "from", "it",   "its", "as", "has",  "will", "be"};
constexpr double kFunctionWordShare = 0.4;
// A story is about a few people, companies or places of its own, named in
// one content word in twenty.
constexpr int kMinNames = 2, kMaxNames = 4;
constexpr double kNameShare = 0.05;

constexpr const char* kCities[] = {"NORTHPORT", "LAKEVILLE", "EASTON",
                                   "WESTFIELD", "RIVERTON",  "HILLCREST"};
constexpr const char* kBoilerplate[] = {
    "Share this article",
    "Read more: markets in brief",
    "Sign up for our newsletter",
    "Advertisement",
    "Comments (0)",
    "Copyright The Daily Example. All rights reserved."};

}  // namespace

SyntheticStream::SyntheticStream(SyntheticOptions options)
    : options_(options), rng_(options.seed) {
  std::uniform_int_distribution<int> syllable(0, std::size(kSyllables) - 1);
  std::uniform_int_distribution<int> length(2, 4);
  vocabulary_.reserve(options_.vocabulary);
  for (size_t i = 0; i < options_.vocabulary; ++i) {
    std::string word;
    for (int s = length(rng_); s > 0; --s) word += kSyllables[syllable(rng_)];
    vocabulary_.push_back(word);
  }
  double total = 0;
  zipf_cdf_.reserve(options_.vocabulary);
  for (size_t i = 0; i < options_.vocabulary; ++i) {
    total += 1.0 / std::pow(i + 1.0, 1.05);
    zipf_cdf_.push_back(total);
  }
  for (double& c : zipf_cdf_) c /= total;
  bucket_start_.resize(kBuckets + 1);
  for (size_t b = 0; b <= kBuckets; ++b) {
    const double from = static_cast<double>(b) / kBuckets;
    bucket_start_[b] = static_cast<uint32_t>(
        std::lower_bound(zipf_cdf_.begin(), zipf_cdf_.end(), from) -
        zipf_cdf_.begin());
  }
}

const std::string& SyntheticStream::Word() {
  const double u = std::uniform_real_distribution<double>(0, 1)(rng_);
  // The first entry >= u lies between the first entries >= the bounds of
  // u's bucket.
  const size_t b = std::min(static_cast<size_t>(u * kBuckets), kBuckets - 1);
  const auto from = zipf_cdf_.begin() + bucket_start_[b];
  const auto to = zipf_cdf_.begin() +
                  std::min<size_t>(bucket_start_[b + 1] + 1, zipf_cdf_.size());
  const size_t i = std::lower_bound(from, to, u) - zipf_cdf_.begin();
  return vocabulary_[std::min(i, vocabulary_.size() - 1)];
}

std::string SyntheticStream::Name() {
  std::uniform_int_distribution<int> syllable(0, std::size(kSyllables) - 1);
  std::uniform_int_distribution<int> length(3, 4);
  std::string name;
  for (int s = length(rng_); s > 0; --s) name += kSyllables[syllable(rng_)];
  name[0] = static_cast<char>(std::toupper(name[0]));
  return name;
}

std::string SyntheticStream::Sentence(size_t words,
                                      const std::vector<std::string>& names) {
  std::string s;
  AppendSentence(words, names, s);
  return s;
}

// Appends in place: the generator shares the cores with what it measures.
void SyntheticStream::AppendSentence(size_t words,
                                     const std::vector<std::string>& names,
                                     std::string& s) {
  std::uniform_int_distribution<int> figure(1, 9999);
  std::uniform_int_distribution<int> dice(0, 9);
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> function_word(
      0, std::size(kFunctionWords) - 1);
  std::uniform_int_distribution<size_t> name(0, names.size() - 1);
  for (size_t w = 0; w < words; ++w) {
    if (w > 0) s += ' ';
    if (w > 0 && u(rng_) < kFunctionWordShare) {
      s += kFunctionWords[function_word(rng_)];
    } else if (!names.empty() && u(rng_) < kNameShare) {
      s += names[name(rng_)];
    } else if (dice(rng_) == 0) {
      s += std::to_string(figure(rng_));
    } else {
      const size_t start = s.size();
      s += Word();
      if (w == 0) s[start] = static_cast<char>(std::toupper(s[start]));
    }
  }
  s += '.';
}

Article SyntheticStream::Original() {
  Article a;
  a.id = "syn" + std::to_string(counter_);
  std::uniform_int_distribution<int> city(0, std::size(kCities) - 1);
  std::uniform_int_distribution<int> sentence_words(12, 28);
  std::vector<std::string> names(
      std::uniform_int_distribution<int>(kMinNames, kMaxNames)(rng_));
  for (std::string& n : names) n = Name();
  a.title = Sentence(8, names);
  std::string body = std::string(kCities[city(rng_)]) + ", March " +
                     std::to_string(counter_ % 28 + 1) + " - ";
  body.reserve(options_.words_per_article * 8);
  size_t words = 0;
  while (words < options_.words_per_article) {
    for (int s = 0; s < 3 && words < options_.words_per_article; ++s) {
      const size_t n = sentence_words(rng_);
      AppendSentence(n, names, body);
      body += ' ';
      words += n;
    }
    body += "\n\n";
  }
  a.body = std::move(body);
  return a;
}

Article SyntheticStream::Copy(const Article& of) {
  Article a;
  a.id = "syn" + std::to_string(counter_);
  a.title = of.title;
  std::uniform_int_distribution<int> kind(0, 6);
  std::vector<std::string> paragraphs;
  for (size_t start = 0; start < of.body.size();) {
    size_t end = of.body.find("\n\n", start);
    if (end == std::string::npos) end = of.body.size();
    if (end > start) paragraphs.push_back(of.body.substr(start, end - start));
    start = end + 2;
  }
  std::uniform_real_distribution<double> u(0, 1);
  std::string body;
  switch (kind(rng_)) {
    case 0:
      last_kind_ = "verbatim";
      body = std::string(kBoilerplate[0]) + "\n\n" + of.body + "\n\n" +
             kBoilerplate[5];
      break;
    case 1:
      last_kind_ = "trimmed";
      for (size_t p = 0; p < std::max<size_t>(1, paragraphs.size() / 2); ++p) {
        body += paragraphs[p] + "\n\n";
      }
      break;
    case 2:
      last_kind_ = "extended";
      body = of.body + "\n\n" + Sentence(20, {}) + " " + Sentence(24, {});
      break;
    case 3: {
      last_kind_ = "edited";
      for (char c : of.body) body += c;
      // Substitute about 5 % of the words.
      std::string out;
      size_t start = 0;
      while (start < body.size()) {
        size_t end = body.find(' ', start);
        if (end == std::string::npos) end = body.size();
        out += u(rng_) < 0.05 ? Word() : body.substr(start, end - start);
        if (end < body.size()) out += ' ';
        start = end + 1;
      }
      body = out;
      break;
    }
    case 4:
      last_kind_ = "noisy";
      for (char c : of.body) {
        const double r = u(rng_);
        if (r < 0.01) continue;  // dropped
        if (r < 0.02 && c == 'm') {
          body += "rn";
          continue;
        }
        if (r < 0.03 && std::isalpha(static_cast<unsigned char>(c))) {
          body += 'c';
          continue;
        }
        body += c;
      }
      break;
    case 5:
      last_kind_ = "web";
      for (size_t p = 0; p < paragraphs.size(); ++p) {
        body += paragraphs[p] + "\n" + kBoilerplate[(p + 1) % 5] + "\n";
      }
      break;
    default:
      last_kind_ = "rewrite";
      // Reword: every third word replaced, sentences kept in order.
      size_t start = 0, n = 0;
      while (start < of.body.size()) {
        size_t end = of.body.find(' ', start);
        if (end == std::string::npos) end = of.body.size();
        body += (++n % 3 == 0) ? Word() : of.body.substr(start, end - start);
        if (end < of.body.size()) body += ' ';
        start = end + 1;
      }
  }
  a.body = body;
  return a;
}

Article SyntheticStream::Next() {
  ++counter_;
  std::uniform_real_distribution<double> u(0, 1);
  if (!recent_.empty() && u(rng_) < options_.copy_share) {
    std::uniform_int_distribution<size_t> pick(0, recent_.size() - 1);
    const auto& [of, index] = recent_[pick(rng_)];
    last_original_ = of.id;
    last_original_index_ = index;
    return Copy(of);
  }
  Article a = Original();
  last_original_.clear();
  last_kind_ = "original";
  if (recent_.size() < 1000) {
    recent_.emplace_back(a, counter_ - 1);
  } else {
    recent_[counter_ % recent_.size()] = {a, counter_ - 1};
  }
  return a;
}

}  // namespace newsdedup
