// Stop words: function words that carry no content, left out of content
// terms so that shingles and term overlap speak of what a text is about.
#pragma once

#include <string_view>

namespace newsdedup {

// True if `word` (normalised: NFKC, case folded) is an English stop word.
bool IsStopWord(std::string_view word);

}  // namespace newsdedup
