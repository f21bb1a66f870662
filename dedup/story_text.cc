#include "dedup/story_text.h"

#include "dedup/hash.h"

namespace newsdedup {

std::vector<uint32_t> SentenceHashes(const Fingerprint& fp) {
  std::vector<uint32_t> hashes;
  hashes.reserve(fp.sentence_ends.size());
  uint32_t begin = 0;
  for (uint32_t end : fp.sentence_ends) {
    if (end > fp.terms.size() || end < begin) end = begin;
    hashes.push_back(static_cast<uint32_t>(
        ShingleHash64(fp.terms.data() + begin, end - begin) >> 32));
    begin = end;
  }
  return hashes;
}

Fingerprint WithoutSentences(const Fingerprint& fp,
                             const std::vector<uint8_t>& drop) {
  Fingerprint kept;
  kept.simhash = fp.simhash;
  kept.content_hash = fp.content_hash;
  kept.word_count = fp.word_count;
  kept.terms.reserve(fp.terms.size());
  uint32_t begin = 0;
  for (size_t i = 0; i < fp.sentence_ends.size(); ++i) {
    const uint32_t end = fp.sentence_ends[i];
    if (end > fp.terms.size() || end < begin) break;
    if (i >= drop.size() || !drop[i]) {
      kept.terms.insert(kept.terms.end(), fp.terms.begin() + begin,
                        fp.terms.begin() + end);
      if (end > begin) {
        kept.sentence_ends.push_back(static_cast<uint32_t>(kept.terms.size()));
      }
    }
    begin = end;
  }
  return kept;
}

std::string KeptText(const std::vector<std::string>& sentence_texts,
                     const std::vector<uint8_t>& drop) {
  std::string text;
  for (size_t i = 0; i < sentence_texts.size(); ++i) {
    if (i < drop.size() && drop[i]) continue;
    text += sentence_texts[i];
    text += '\n';
  }
  return text;
}

}  // namespace newsdedup
