#include "dedup/story_features.h"

#include <algorithm>

#include "dedup/sorted_sets.h"

namespace newsdedup {

StoryFeatures::StoryFeatures(const Fingerprint& fp,
                             const DerivedFeatures& features,
                             const WeighedFeatures& full,
                             const CorpusStats& stats,
                             const FingerprintOptions& options)
    : options_(options) {
  if (!Reduce(fp, features, stats, nullptr)) {
    use_ = &full;
    return;
  }
  // The story's shingles are the text's, but for the few that join the
  // sentences either side of a line taken out: they keep the marks the
  // text's got rather than be judged again.
  story_ = WeighCandidate(parts_->fp, parts_->features, stats, 0);
  story_.boilerplate.assign(parts_->features.shingles.size(), 0);
  ForEachSharedAt(parts_->features.shingles, features.shingles,
                  [&](size_t i, size_t j) {
                    story_.boilerplate[i] = full.boilerplate[j];
                  });
  for (uint8_t flag : story_.boilerplate) story_.boilerplate_count += flag;
  // Damage is judged on the whole text, as the store counted it.
  story_.unseen_word_share = full.unseen_word_share;
}

StoryFeatures::StoryFeatures(const Fingerprint& fp,
                             const DerivedFeatures& features,
                             uint32_t boilerplate_at_add,
                             const CorpusStats& stats,
                             const FingerprintOptions& options,
                             std::shared_ptr<const Story>* cache)
    : options_(options) {
  // A candidate's story is weighed without marking its shingles: only the
  // query's marks decide which shared shingles count, and its boilerplate
  // lines, the bulk of its boilerplate, are out already.
  story_ = Reduce(fp, features, stats, cache)
               ? WeighCandidate(parts_->fp, parts_->features, stats, 0)
               : WeighCandidate(fp, features, stats, boilerplate_at_add);
}

std::string StoryFeatures::Text(std::string_view body) const {
  if (!parts_) return std::string(body);
  return KeptText(Fingerprinter(options_).SentenceTexts(body), drop_);
}

bool StoryFeatures::Reduce(const Fingerprint& fp,
                           const DerivedFeatures& features,
                           const CorpusStats& stats,
                           std::shared_ptr<const Story>* cache) {
  stats.MarkBoilerplateSentences(features, drop_);
  if (std::find(drop_.begin(), drop_.end(), 1) == drop_.end()) return false;
  for (uint32_t i = 0; i < drop_.size(); ++i) {
    if (!drop_[i]) kept_.push_back(i);
  }
  if (cache != nullptr && *cache && (*cache)->dropped == drop_) {
    parts_ = *cache;
    return true;
  }
  auto story = std::make_shared<Story>();
  story->dropped = drop_;
  story->fp = WithoutSentences(fp, drop_);
  story->features = DeriveFeatures(story->fp, options_);
  parts_ = std::move(story);
  if (cache != nullptr) *cache = parts_;
  return true;
}

}  // namespace newsdedup
