#include "dedup/fingerprint.h"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <string>

#include "dedup/hash.h"
#include "dedup/simhash.h"
#include "dedup/sorted_sets.h"
#include "dedup/stemmer.h"
#include "dedup/stopwords.h"
#include "dedup/story_text.h"
#include "dedup/text.h"

namespace newsdedup {
namespace {

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 sequence.
std::string_view TruncateUtf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  return text.substr(0, end);
}

// Term ids of words this thread has seen, so that a word that comes back
// (most do: word frequencies are Zipfian) is looked up once, in one table,
// instead of being checked against the stop list, stemmed and hashed each
// time. Keyed by the stemmer language too; bounded, and simply cleared when
// full.
//
// A flat open-addressing table: a slot holds the word's hash, its id and
// the word itself when short (nearly all are), so a lookup usually touches
// one cache line; longer words are kept in an arena.
class TermCache {
 public:
  // The word's term id, or nothing for a stop word.
  std::optional<uint32_t> Get(std::string_view word,
                              const std::string& language) {
    if (language != language_) {
      Clear();
      language_ = language;
    }
    if (word.size() > kMaxCachedLength) return Compute(word, language);
    const uint64_t hash = Hash64(word) | 1;  // 0 marks an empty slot
    size_t i = hash & mask_;
    while (slots_[i].hash != 0) {
      if (slots_[i].hash == hash && Holds(slots_[i], word)) return IdOf(i);
      i = (i + 1) & mask_;
    }
    if (used_ >= kMaxEntries) {
      Clear();
      return Get(word, language);
    }
    if ((used_ + 1) * 2 > slots_.size()) {
      Grow();
      return Get(word, language);
    }
    Slot& slot = slots_[i];
    slot.hash = hash;
    slot.length = static_cast<uint32_t>(word.size());
    const std::optional<uint32_t> id = Compute(word, language);
    slot.stop = !id.has_value();
    slot.id = id.value_or(0);
    if (word.size() <= kInline) {
      std::memcpy(slot.text, word.data(), word.size());
    } else {
      slot.arena_offset = static_cast<uint32_t>(arena_.size());
      arena_.append(word);
    }
    ++used_;
    return IdOf(i);
  }

 private:
  static std::optional<uint32_t> Compute(std::string_view word,
                                         const std::string& language) {
    if (IsStopWord(word)) return std::nullopt;
    return WordTermId(ThreadLocalStemmer(language).Stem(word));
  }

  static constexpr size_t kMaxEntries = 1 << 17;
  // Longer "words" (run-together text, identifiers) are rare and not worth
  // the arena space.
  static constexpr size_t kMaxCachedLength = 64;
  static constexpr size_t kInline = 20;
  struct Slot {
    uint64_t hash = 0;
    uint32_t id = 0;
    uint32_t length : 31 = 0;
    uint32_t stop : 1 = 0;
    union {
      char text[kInline];
      uint32_t arena_offset;
    };
  };
  static_assert(sizeof(Slot) == 40);

  bool Holds(const Slot& slot, std::string_view word) const {
    if (slot.length != word.size()) return false;
    const char* text =
        word.size() <= kInline ? slot.text : arena_.data() + slot.arena_offset;
    return std::memcmp(text, word.data(), word.size()) == 0;
  }
  std::optional<uint32_t> IdOf(size_t i) const {
    if (slots_[i].stop) return std::nullopt;
    return slots_[i].id;
  }
  void Clear() {
    slots_.assign(kInitialSlots, Slot{});
    mask_ = kInitialSlots - 1;
    arena_.clear();
    used_ = 0;
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.hash == 0) continue;
      size_t i = slot.hash & mask_;
      while (slots_[i].hash != 0) i = (i + 1) & mask_;
      slots_[i] = slot;
    }
  }

  static constexpr size_t kInitialSlots = 1 << 12;
  std::vector<Slot> slots_ = std::vector<Slot>(kInitialSlots);
  size_t mask_ = kInitialSlots - 1;
  size_t used_ = 0;
  std::string arena_;
  std::string language_;
};

}  // namespace

Fingerprinter::Fingerprinter(FingerprintOptions options)
    : options_(std::move(options)) {}

Fingerprint Fingerprinter::Compute(
    const Article& article, std::vector<std::string>* sentence_texts) const {
  Fingerprint fp;
  const std::string normalized =
      NormalizeText(TruncateUtf8(article.body, options_.max_fingerprint_bytes));
  const std::vector<Token> tokens = Tokenize(normalized);
  thread_local TermCache term_cache;

  // The normalised word sequence, hashed whole at the end (one call rather
  // than two streaming updates per word; the same value).
  thread_local std::string words;
  words.clear();
  fp.terms.reserve(tokens.size());
  // Byte range in `normalized` of the sentence being read.
  size_t sentence_begin = 0;
  size_t sentence_end = 0;
  auto offset = [&](std::string_view view) {
    return static_cast<size_t>(view.data() - normalized.data());
  };
  auto close_sentence = [&] {
    fp.sentence_ends.push_back(static_cast<uint32_t>(fp.terms.size()));
    if (sentence_texts != nullptr) {
      sentence_texts->push_back(
          normalized.substr(sentence_begin, sentence_end - sentence_begin));
    }
  };
  // A token's content term; nothing for single letters ("u" of "U.S.")
  // and stop words, which carry no content.
  auto term_of = [&](const Token& token) -> std::optional<uint32_t> {
    switch (token.kind) {
      case TokenKind::kNumber:
        return NumberTermId(CanonicalNumber(token.text));
      case TokenKind::kIdeograph:
        return WordTermId(token.text);
      case TokenKind::kWord:
        if (token.text.size() < 2) return std::nullopt;
        return term_cache.Get(token.text, options_.stemmer_language);
    }
    return std::nullopt;
  };
  for (const Token& token : tokens) {
    words.append(token.text);
    words.push_back(' ');
    if (token.starts_sentence && !fp.terms.empty() &&
        (fp.sentence_ends.empty() ||
         fp.sentence_ends.back() < fp.terms.size())) {
      close_sentence();
    }
    if (token.starts_sentence &&
        (fp.sentence_ends.empty()
             ? fp.terms.empty()
             : fp.sentence_ends.back() == fp.terms.size())) {
      sentence_begin = offset(token.text);
    }
    sentence_end = offset(token.text) + token.text.size();
    if (const std::optional<uint32_t> term = term_of(token)) {
      fp.terms.push_back(*term);
    }
  }
  fp.content_hash = XXH3_64bits(words.data(), words.size());
  if (!fp.terms.empty() &&
      (fp.sentence_ends.empty() || fp.sentence_ends.back() < fp.terms.size())) {
    close_sentence();
  }
  fp.word_count = static_cast<uint32_t>(tokens.size());
  fp.simhash = SimHash(ShingleHashes(fp.terms, options_.shingle_size));
  if (!article.title.empty()) {
    const std::string title = NormalizeText(
        TruncateUtf8(article.title, options_.max_fingerprint_bytes));
    for (const Token& token : Tokenize(title)) {
      if (const std::optional<uint32_t> term = term_of(token)) {
        fp.title_terms.push_back(*term);
      }
    }
  }
  return fp;
}

std::vector<std::string> Fingerprinter::SentenceTexts(
    std::string_view body) const {
  // Compute's sentence rule with a count of terms for the terms: a
  // sentence closes at a boundary once it holds a term.
  std::vector<std::string> texts;
  const std::string normalized =
      NormalizeText(TruncateUtf8(body, options_.max_fingerprint_bytes));
  size_t terms = 0, closed_at = 0;
  bool closed_any = false;
  size_t sentence_begin = 0, sentence_end = 0;
  auto offset = [&](std::string_view view) {
    return static_cast<size_t>(view.data() - normalized.data());
  };
  auto close_sentence = [&] {
    texts.push_back(
        normalized.substr(sentence_begin, sentence_end - sentence_begin));
    closed_at = terms;
    closed_any = true;
  };
  for (const Token& token : Tokenize(normalized)) {
    if (token.starts_sentence && terms > 0 &&
        (!closed_any || closed_at < terms)) {
      close_sentence();
    }
    if (token.starts_sentence && (!closed_any ? terms == 0 : closed_at == terms)) {
      sentence_begin = offset(token.text);
    }
    sentence_end = offset(token.text) + token.text.size();
    const bool term = token.kind != TokenKind::kWord ||
                      (token.text.size() >= 2 && !IsStopWord(token.text));
    terms += term;
  }
  if (terms > 0 && (!closed_any || closed_at < terms)) close_sentence();
  return texts;
}

std::vector<uint64_t> ShingleHashes(const std::vector<uint32_t>& terms,
                                    int shingle_size) {
  std::vector<uint64_t> hashes;
  const size_t k = static_cast<size_t>(std::max(1, shingle_size));
  if (terms.empty()) return hashes;
  if (terms.size() < k) {
    hashes.push_back(ShingleHash64(terms.data(), terms.size()));
    return hashes;
  }
  hashes.reserve(terms.size() - k + 1);
  for (size_t i = 0; i + k <= terms.size(); ++i) {
    hashes.push_back(ShingleHash64(&terms[i], k));
  }
  return hashes;
}

DerivedFeatures DeriveFeatures(const Fingerprint& fp,
                               const FingerprintOptions& options) {
  DerivedFeatures features;
  for (uint64_t h : ShingleHashes(fp.terms, options.shingle_size)) {
    if (IsAnchorShingle(h, options.shingle_sampling)) {
      features.shingles.push_back(static_cast<uint32_t>(h >> 32));
    }
  }
  SortUnique(features.shingles);
  features.terms = fp.terms;
  SortUnique(features.terms);
  for (uint32_t term : features.terms) {
    if (IsNumberTerm(term)) features.numbers.push_back(term);
  }
  thread_local std::vector<uint32_t> positions;  // of each running term
  PositionsIn(fp.terms, features.terms, positions);

  features.sentence_terms.reserve(fp.terms.size());
  features.sentence_offsets.reserve(fp.sentence_ends.size() + 1);
  uint32_t begin = 0;
  for (uint32_t end : fp.sentence_ends) {
    if (end > fp.terms.size() || end <= begin) continue;
    const size_t first = features.sentence_terms.size();
    for (uint32_t i = begin; i < end; ++i) {
      features.sentence_terms.push_back(positions[i]);
    }
    std::sort(features.sentence_terms.begin() + first,
              features.sentence_terms.end());
    features.sentence_terms.erase(
        std::unique(features.sentence_terms.begin() + first,
                    features.sentence_terms.end()),
        features.sentence_terms.end());
    features.sentence_offsets.push_back(
        static_cast<uint32_t>(features.sentence_terms.size()));
    begin = end;
  }
  features.lines = SentenceHashes(fp);
  return features;
}

}  // namespace newsdedup
