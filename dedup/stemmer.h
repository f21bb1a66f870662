// Stemmer: Snowball stemming (libstemmer) of normalised words, so that
// "warned", "warning" and "warns" are one content term.
//
// Thread safety: a Stemmer is not thread-safe (libstemmer keeps state per
// instance); give each thread its own, e.g. through ThreadLocalStemmer().
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct sb_stemmer;

namespace newsdedup {

class Stemmer {
 public:
  // `language` is any algorithm name libstemmer knows ("english"). An empty
  // or unknown name makes a stemmer that returns words unchanged.
  explicit Stemmer(const std::string& language);
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;

  // The stem of `word`; a view valid until the next call on this stemmer.
  std::string_view Stem(std::string_view word);

  bool active() const { return stemmer_ != nullptr; }

 private:
  sb_stemmer* stemmer_ = nullptr;
};

// This thread's stemmer for `language`, created on first use.
Stemmer& ThreadLocalStemmer(const std::string& language);

}  // namespace newsdedup
