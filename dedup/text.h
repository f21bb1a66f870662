// Text normalisation and tokenisation: bytes of UTF-8 in, tokens out.
//
// NormalizeText applies Unicode NFKC with case folding (ICU), so "Ｎａｔｏ",
// "NATO" and "nato" are one word and ligatures or full-width digits fold to
// their plain forms. Pure ASCII text takes a fast path with the same result.
//
// Tokenize splits normalised text into words, numbers and CJK characters:
//   - a word is a run of letters, digits and combining marks;
//   - a number is a run of digits, with "," "." "/" or "-" kept only between
//     digits ("12,000", "2.4", "9-1/2"); its canonical form drops the
//     thousands commas;
//   - each Han, Hiragana or Katakana character is a token of its own (these
//     scripts do not separate words by spaces, and single characters shingle
//     into useful n-grams);
//   - everything else (punctuation, spaces, symbols) separates tokens.
// Tokens also carry whether a sentence ended before them ('.', '!', '?', a
// line break), used for sentence-level alignment.
//
// Thread safety: all functions are pure and safe to call concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsdedup {

// NFKC + case folding. Invalid UTF-8 sequences are replaced by U+FFFD
// (callers are expected to have rejected invalid input already).
std::string NormalizeText(std::string_view utf8);

// True when every byte is ASCII (what NormalizeText needs no ICU for).
bool IsAscii(std::string_view s);

enum class TokenKind : uint8_t { kWord, kNumber, kIdeograph };

struct Token {
  std::string_view text;  // a view into the normalised text
  TokenKind kind;
  bool starts_sentence;  // a sentence boundary lies before this token
};

// REQUIRES: `normalized` outlives the returned tokens.
std::vector<Token> Tokenize(std::string_view normalized);

// "12,000" -> "12000"; other numbers unchanged.
std::string CanonicalNumber(std::string_view number);

// True if `bytes` is well-formed UTF-8 (no overlongs, no surrogates). On
// failure *error_offset is the byte offset of the first bad sequence.
bool IsValidUtf8(std::string_view bytes, size_t* error_offset = nullptr);

}  // namespace newsdedup
