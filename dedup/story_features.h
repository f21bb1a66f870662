// StoryFeatures: one side of a comparison (dedup/evidence.h) with its
// boilerplate sentences taken out, as CorpusStats::MarkBoilerplateSentences
// judges them, so that every piece of evidence is measured on the story
// alone; or the side as it is when it has none.
//
// The query side keeps the shingle marks its whole text got; a stored
// candidate's story is weighed without marks (only the query's decide
// which shared shingles count) and may be kept between comparisons in a
// cache slot, reused while the same sentences are left out.
//
// Thread safety: none; one object per comparison, on the deciding thread.
// REQUIRES: every argument outlives the object.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/evidence.h"
#include "dedup/options.h"
#include "dedup/story_text.h"

namespace newsdedup {

class StoryFeatures {
 public:
  // The query: `full` is its weighing as sent.
  StoryFeatures(const Fingerprint& fp, const DerivedFeatures& features,
                const WeighedFeatures& full, const CorpusStats& stats,
                const FingerprintOptions& options);
  // A stored candidate, `boilerplate_at_add` of its shingles counted as
  // boilerplate when it was stored. `cache` (may be null) keeps its story.
  StoryFeatures(const Fingerprint& fp, const DerivedFeatures& features,
                uint32_t boilerplate_at_add, const CorpusStats& stats,
                const FingerprintOptions& options,
                std::shared_ptr<const Story>* cache);
  StoryFeatures(const StoryFeatures&) = delete;
  StoryFeatures& operator=(const StoryFeatures&) = delete;

  const WeighedFeatures& weighed() const { return use_ ? *use_ : story_; }

  // The sentence of the text as sent that sentence `i` of the story is.
  uint32_t SentenceAsSent(uint32_t i) const {
    return parts_ && i < kept_.size() ? kept_[i] : i;
  }

  // `body` (the text this side was fingerprinted from) without its
  // boilerplate sentences, for the character-level check.
  std::string Text(std::string_view body) const;

 private:
  // Marks the boilerplate sentences; true (and parts_ set) when any is.
  bool Reduce(const Fingerprint& fp, const DerivedFeatures& features,
              const CorpusStats& stats, std::shared_ptr<const Story>* cache);

  const FingerprintOptions& options_;
  std::vector<uint8_t> drop_;    // per sentence: boilerplate
  std::vector<uint32_t> kept_;   // the sentences kept, by their index
  std::shared_ptr<const Story> parts_;  // the story, when reduced
  WeighedFeatures story_;
  const WeighedFeatures* use_ = nullptr;  // the side as it is, if not story_
};

}  // namespace newsdedup
