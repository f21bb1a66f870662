// Character n-grams: a view of a text that survives what word-level
// fingerprints do not — OCR damage (a letter confused or dropped inside a
// word), words split or merged, hyphenation — because one damaged character
// spoils only the few grams that cover it.
//
// The text is normalised (NFKC, case folded), reduced to its letters and
// digits (spaces and punctuation removed, so "govern- ment" and "government"
// agree), and every window of kCharGramSize code points is hashed.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace newsdedup {

inline constexpr int kCharGramSize = 5;

// Sorted, distinct 32-bit hashes of the text's character 5-grams.
std::vector<uint32_t> CharGramSet(std::string_view utf8);

// Share of the smaller set found in the other; 0 when either is empty.
double CharGramContainment(const std::vector<uint32_t>& a,
                           const std::vector<uint32_t>& b);

}  // namespace newsdedup
