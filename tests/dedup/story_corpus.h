// A seeded corpus for detector tests, and the articles' fingerprints kept
// in memory as the store would keep them.
#pragma once

#include <string>
#include <vector>

#include "dedup/article.h"
#include "dedup/detector.h"

namespace newsdedup::test {

// Articles kept in memory, as the store would keep them.
class MemorySource : public FingerprintSource {
 public:
  StatusOr<Fingerprint> LoadFingerprint(uint32_t ordinal) override {
    return fingerprints.at(ordinal);
  }
  StatusOr<std::string> LoadBody(uint32_t ordinal) override {
    return bodies.at(ordinal);
  }
  std::vector<Fingerprint> fingerprints;
  std::vector<std::string> bodies;
};

// A seeded stream of short stories, a third of them copies of a recent
// one with words changed, dropped or added: enough to fill every index
// (shingles, rare terms, recurring lines, titles) and to make clusters.
std::vector<Article> Stories(size_t count);

}  // namespace newsdedup::test
