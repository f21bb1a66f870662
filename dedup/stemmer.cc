#include "dedup/stemmer.h"

#include <libstemmer.h>

#include <map>

namespace newsdedup {

Stemmer::Stemmer(const std::string& language) {
  if (!language.empty()) stemmer_ = sb_stemmer_new(language.c_str(), "UTF_8");
}

Stemmer::~Stemmer() {
  if (stemmer_ != nullptr) sb_stemmer_delete(stemmer_);
}

std::string_view Stemmer::Stem(std::string_view word) {
  if (stemmer_ == nullptr) return word;
  const sb_symbol* stem =
      sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                      static_cast<int>(word.size()));
  if (stem == nullptr) return word;  // out of memory inside libstemmer
  return std::string_view(reinterpret_cast<const char*>(stem),
                          static_cast<size_t>(sb_stemmer_length(stemmer_)));
}

Stemmer& ThreadLocalStemmer(const std::string& language) {
  thread_local std::map<std::string, std::unique_ptr<Stemmer>> stemmers;
  auto& slot = stemmers[language];
  if (!slot) slot = std::make_unique<Stemmer>(language);
  return *slot;
}

}  // namespace newsdedup
