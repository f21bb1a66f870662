#include "dedup/text.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <array>

namespace newsdedup {
bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

namespace {

bool IsIdeographic(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(c, &status);
  if (U_FAILURE(status)) return false;
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA ||
         script == USCRIPT_KATAKANA;
}

bool IsWordChar(UChar32 c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           (c >= 'A' && c <= 'Z');
  }
  if (u_isalnum(c)) return true;
  int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK ||
         type == U_ENCLOSING_MARK;
}

bool IsDigit(UChar32 c) { return c >= '0' && c <= '9'; }

// IsWordChar for each ASCII byte.
constexpr std::array<bool, 128> kAsciiWord = [] {
  std::array<bool, 128> table{};
  for (int c = 0; c < 128; ++c) {
    table[c] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               (c >= 'A' && c <= 'Z');
  }
  return table;
}();

bool EndsSentence(UChar32 c) {
  return c == '.' || c == '!' || c == '?' || c == '\n' || c == 0x3002 ||
         c == 0xFF01 || c == 0xFF1F;
}

}  // namespace

std::string NormalizeText(std::string_view utf8) {
  if (IsAscii(utf8)) {
    std::string out(utf8);
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
    }
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer =
      icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string out;
  if (U_FAILURE(status)) return std::string(utf8);
  out.reserve(utf8.size() + utf8.size() / 8);
  icu::StringByteSink<std::string> sink(&out);
  normalizer->normalizeUTF8(0, icu::StringPiece(utf8.data(), utf8.size()), sink,
                            nullptr, status);
  if (U_FAILURE(status)) return std::string(utf8);
  return out;
}

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5);
  const char* s = text.data();
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  bool sentence_break = true;
  while (i < length) {
    // ASCII fast path: skip separators without decoding, and read a run of
    // ASCII letters and digits at once (most of any English text).
    const unsigned char byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80 && !kAsciiWord[byte]) {
      if (EndsSentence(byte)) sentence_break = true;
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) continue;  // invalid sequence: a separator
    if (IsWordChar(c)) {
      if (c >= 0x80 && IsIdeographic(c)) {
        tokens.push_back({text.substr(start, i - start), TokenKind::kIdeograph,
                          sentence_break});
        sentence_break = false;
        continue;
      }
      bool all_digits = IsDigit(c);
      int32_t end = i;
      while (end < length) {
        const unsigned char next_byte = static_cast<unsigned char>(s[end]);
        if (next_byte < 0x80 && kAsciiWord[next_byte]) {
          all_digits = all_digits && IsDigit(next_byte);
          ++end;
          continue;
        }
        int32_t next = end;
        UChar32 d;
        U8_NEXT(s, next, length, d);
        if (d >= 0 && IsWordChar(d) && !(d >= 0x80 && IsIdeographic(d))) {
          all_digits = all_digits && IsDigit(d);
          end = next;
          continue;
        }
        // Keep separators between digits inside a number: "12,000", "2.4",
        // and fractions such as "9-1/2".
        if (all_digits && (d == ',' || d == '.' || d == '/' || d == '-') &&
            next < length && IsDigit(static_cast<unsigned char>(s[next]))) {
          end = next;
          continue;
        }
        break;
      }
      tokens.push_back({text.substr(start, end - start),
                        all_digits ? TokenKind::kNumber : TokenKind::kWord,
                        sentence_break});
      sentence_break = false;
      i = end;
    } else if (EndsSentence(c)) {
      sentence_break = true;
    }
  }
  return tokens;
}

std::string CanonicalNumber(std::string_view number) {
  std::string out;
  out.reserve(number.size());
  for (char c : number) {
    if (c != ',') out.push_back(c);
  }
  return out;
}

bool IsValidUtf8(std::string_view bytes, size_t* error_offset) {
  const char* s = bytes.data();
  const int32_t length = static_cast<int32_t>(bytes.size());
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) return false;
  int32_t i = 0;
  while (i < length) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) {
      if (error_offset) *error_offset = static_cast<size_t>(start);
      return false;
    }
  }
  return true;
}

}  // namespace newsdedup
