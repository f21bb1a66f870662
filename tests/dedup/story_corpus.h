// A seeded corpus for detector tests, and the articles' fingerprints kept
// in memory as the store would keep them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dedup/article.h"
#include "dedup/detector.h"

namespace newsdedup::test {

// Articles kept in memory, as the store would keep them, by ordinal.
class MemorySource : public FingerprintSource {
 public:
  void Put(uint32_t ordinal, const Fingerprint& fp, const std::string& body) {
    fingerprints[ordinal] = fp;
    bodies[ordinal] = body;
  }
  StatusOr<Fingerprint> LoadFingerprint(uint32_t ordinal) override {
    return fingerprints.at(ordinal);
  }
  StatusOr<std::string> LoadBody(uint32_t ordinal) override {
    return bodies.at(ordinal);
  }
  std::map<uint32_t, Fingerprint> fingerprints;
  std::map<uint32_t, std::string> bodies;
};

// A seeded stream of short stories, a third of them copies of a recent
// one with words changed, dropped or added: enough to fill every index
// (shingles, rare terms, recurring lines, titles) and to make clusters.
std::vector<Article> Stories(size_t count);

}  // namespace newsdedup::test
