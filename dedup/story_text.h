// Story text: an article's fingerprint with its boilerplate sentences taken
// out, so that every piece of evidence (shingles, terms, figures, number
// and date slots, sentence alignment, characters) is measured on the story
// alone. Which sentences are boilerplate is the store's judgement
// (CorpusStats::MarkBoilerplateSentences): lines that recur across many
// stories, as an outlet's footer, navigation and share prompts do.
//
// A sentence here is what the fingerprint calls one (Fingerprint::
// sentence_ends): text up to '.', '!', '?' or a line break, as its sequence
// of content terms.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dedup/fingerprint.h"

namespace newsdedup {

// An article's story: its fingerprint and features with some sentences
// left out (`dropped`, one flag per sentence of the text as sent).
struct Story {
  std::vector<uint8_t> dropped;
  Fingerprint fp;
  DerivedFeatures features;
};

// A 32-bit hash of each sentence's content terms, in order (parallel to
// fp.sentence_ends): equal for the same line in any article, whatever its
// case, punctuation or stop words.
std::vector<uint32_t> SentenceHashes(const Fingerprint& fp);

// `fp` without the sentences flagged in `drop` (one flag per sentence; a
// missing flag keeps the sentence). Its hashes and word count are kept:
// they describe the text as sent.
Fingerprint WithoutSentences(const Fingerprint& fp,
                             const std::vector<uint8_t>& drop);

// Two texts share only the lines around their stories: on each side the
// sentences sharing a shingle with the other (shingles as DerivedFeatures::
// shingles holds them) are all before or after one block of sentences
// sharing none, and the two blocks, the stories, have less than
// `max_middle_overlap` of the smaller one's distinct terms in common.
// Sentences under `min_sentence_terms` terms are passed over. This is a
// site's header and footer around two different stories, told before the
// store has seen those lines recur; a copy shares its story, and a damaged
// copy's unshared sentences still share their words.
bool SharesOnlyEdges(const Fingerprint& a, const DerivedFeatures& a_features,
                     const Fingerprint& b, const DerivedFeatures& b_features,
                     const FingerprintOptions& options,
                     uint32_t min_sentence_terms, double max_middle_overlap);

// The sentence texts not flagged in `drop`, one line each.
std::string KeptText(const std::vector<std::string>& sentence_texts,
                     const std::vector<uint8_t>& drop);

}  // namespace newsdedup
