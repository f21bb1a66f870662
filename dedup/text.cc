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

namespace {

void AppendLowercaseAscii(std::string_view ascii, std::string& out) {
  const size_t from = out.size();
  out.append(ascii);
  for (size_t i = from; i < out.size(); ++i) {
    char& c = out[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
}

}  // namespace

// Wire copy is mostly ASCII with a few curly quotes, dashes or accented
// names, and ICU normalises at a fraction of the speed of a byte loop. So
// only the stretches around non-ASCII characters go through ICU: from the
// ASCII character before each run of them (it may compose with marks that
// follow) to the end of the run. Normalisation treats the text between two
// normalisation boundaries on its own, and ICU confirms a boundary before
// each ASCII character where a stretch starts or ends; ASCII between
// stretches only needs its case folded.
std::string NormalizeText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() + utf8.size() / 8);
  if (IsAscii(utf8)) {
    AppendLowercaseAscii(utf8, out);
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* normalizer =
      icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  icu::StringByteSink<std::string> sink(&out);
  auto normalize = [&](std::string_view piece) {
    normalizer->normalizeUTF8(0, icu::StringPiece(piece.data(), piece.size()),
                              sink, nullptr, status);
  };
  auto ascii = [&](size_t i) {
    return static_cast<unsigned char>(utf8[i]) < 0x80;
  };
  size_t done = 0;  // utf8[0, done) is in `out`
  while (done < utf8.size()) {
    size_t run = done;  // the next non-ASCII byte
    while (run < utf8.size() && ascii(run)) ++run;
    if (run == utf8.size()) {
      AppendLowercaseAscii(utf8.substr(done), out);
      break;
    }
    const size_t begin = run > done ? run - 1 : run;
    size_t end = run;
    while (end < utf8.size() && !ascii(end)) ++end;
    const bool bounded =
        (begin == run || normalizer->hasBoundaryBefore(utf8[begin])) &&
        (end == utf8.size() || normalizer->hasBoundaryBefore(utf8[end]));
    if (!bounded) {  // never so for NFKC_Casefold; whole text if it were
      out.clear();
      normalize(utf8);
      break;
    }
    AppendLowercaseAscii(utf8.substr(done, begin - done), out);
    normalize(utf8.substr(begin, end - begin));
    done = end;
  }
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
