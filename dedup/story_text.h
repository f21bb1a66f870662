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

// A 32-bit hash of each sentence's content terms, in order (parallel to
// fp.sentence_ends): equal for the same line in any article, whatever its
// case, punctuation or stop words.
std::vector<uint32_t> SentenceHashes(const Fingerprint& fp);

// `fp` without the sentences flagged in `drop` (one flag per sentence; a
// missing flag keeps the sentence). Its hashes and word count are kept:
// they describe the text as sent.
Fingerprint WithoutSentences(const Fingerprint& fp,
                             const std::vector<uint8_t>& drop);

// The sentence texts not flagged in `drop`, one line each.
std::string KeptText(const std::vector<std::string>& sentence_texts,
                     const std::vector<uint8_t>& drop);

}  // namespace newsdedup
