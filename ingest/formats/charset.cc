#include "ingest/formats/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <memory>
#include <utility>

#include "dedup/text.h"

namespace newsdedup {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (IsSpace(text.front()) || text.front() == '"' ||
                           text.front() == '\'')) {
    text.remove_prefix(1);
  }
  while (!text.empty() &&
         (IsSpace(text.back()) || text.back() == '"' || text.back() == '\'')) {
    text.remove_suffix(1);
  }
  return text;
}

// Labels the WHATWG Encoding Standard reads as a wider charset than the
// one they name, because that is what pages labelled so have always held.
constexpr std::array<std::pair<const char*, const char*>, 16> kWhatwgRemap = {{
    {"iso-8859-1", "windows-1252"},
    {"iso8859-1", "windows-1252"},
    {"latin1", "windows-1252"},
    {"l1", "windows-1252"},
    {"us-ascii", "windows-1252"},
    {"ascii", "windows-1252"},
    {"gb2312", "GBK"},
    {"x-gbk", "GBK"},
    {"shift_jis", "windows-31j"},
    {"x-sjis", "windows-31j"},
    {"sjis", "windows-31j"},
    {"euc-kr", "windows-949"},
    {"ks_c_5601-1987", "windows-949"},
    {"iso-8859-9", "windows-1254"},
    {"tis-620", "windows-874"},
    {"big5", "Big5-HKSCS"},
}};

// ICU's name for a charset label.
std::string IcuName(std::string_view label) {
  const std::string lower = Lower(Trim(label));
  std::string_view name = lower;
  for (const auto& [from, to] : kWhatwgRemap) {
    if (name == from) name = to;
  }
  if (name == "utf8" || name == "unicode-1-1-utf-8") name = "UTF-8";
  return std::string(name);
}

// Every invalid or unmappable sequence becomes U+FFFD (ICU's own
// substitute callback writes U+001A for some code pages).
void ReplaceWithFffd(const void*, UConverterToUnicodeArgs* args, const char*,
                     int32_t, UConverterCallbackReason reason,
                     UErrorCode* error) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to do
  static const UChar kReplacement = 0xFFFD;
  *error = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, error);
}

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// Appends UTF-16 text as UTF-8; an unpaired surrogate becomes U+FFFD.
void AppendUtf8(const UChar* text, int32_t length, std::string* out) {
  if (length == 0) return;
  UErrorCode error = U_ZERO_ERROR;
  int32_t needed = 0;
  const size_t at = out->size();
  out->resize(at + static_cast<size_t>(length) * 3);
  u_strToUTF8WithSub(out->data() + at, length * 3, &needed, text, length,
                     0xFFFD, nullptr, &error);
  out->resize(U_SUCCESS(error) ? at + static_cast<size_t>(needed) : at);
}

}  // namespace

StatusOr<std::string> DecodeToUtf8(std::string_view bytes,
                                   std::string_view charset) {
  const std::string name = IcuName(charset);
  if (name.empty()) return Status::InvalidArgument("empty charset name");
  if (name == "UTF-8" || name == "utf-8") {
    if (IsValidUtf8(bytes)) return std::string(bytes);
  }
  UErrorCode error = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> converter(
      ucnv_open(name.c_str(), &error));
  // U_AMBIGUOUS_ALIAS_WARNING and friends are fine; a failure or ICU's
  // fallback to its default converter is not.
  if (U_FAILURE(error) || converter == nullptr ||
      error == U_USING_DEFAULT_WARNING) {
    return Status::InvalidArgument("unknown charset \"" +
                                   std::string(Trim(charset)) + "\"");
  }
  error = U_ZERO_ERROR;
  ucnv_setToUCallBack(converter.get(), ReplaceWithFffd, nullptr, nullptr,
                      nullptr, &error);
  if (U_FAILURE(error)) {
    return Status::Internal(std::string("ICU: ") + u_errorName(error));
  }

  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  std::array<UChar, 16384> buffer;
  const char* source = bytes.data();
  const char* const limit = bytes.data() + bytes.size();
  bool done = false;
  while (!done) {
    UChar* target = buffer.data();
    error = U_ZERO_ERROR;
    ucnv_toUnicode(converter.get(), &target, buffer.data() + buffer.size(),
                   &source, limit, nullptr, /*flush=*/true, &error);
    AppendUtf8(buffer.data(), static_cast<int32_t>(target - buffer.data()),
               &out);
    if (error == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(error)) {
      return Status::InvalidArgument(std::string("cannot decode \"") +
                                     std::string(Trim(charset)) +
                                     "\": " + u_errorName(error));
    }
    done = true;
  }
  return out;
}

std::optional<ByteOrderMark> SniffBom(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return ByteOrderMark{"utf-8", 3};
  if (bytes.substr(0, 2) == "\xFF\xFE") return ByteOrderMark{"utf-16le", 2};
  if (bytes.substr(0, 2) == "\xFE\xFF") return ByteOrderMark{"utf-16be", 2};
  return std::nullopt;
}

std::optional<std::string> CharsetOfContentType(std::string_view content_type) {
  const std::string lower = Lower(content_type);
  for (size_t at = lower.find("charset"); at != std::string::npos;
       at = lower.find("charset", at + 1)) {
    size_t i = at + 7;
    while (i < lower.size() && IsSpace(lower[i])) ++i;
    if (i >= lower.size() || lower[i] != '=') continue;
    ++i;
    while (i < lower.size() && IsSpace(lower[i])) ++i;
    size_t end = i;
    if (end < lower.size() && (lower[end] == '"' || lower[end] == '\'')) {
      const char quote = lower[end];
      end = lower.find(quote, end + 1);
      if (end == std::string::npos) end = lower.size();
    } else {
      while (end < lower.size() && lower[end] != ';' && !IsSpace(lower[end])) {
        ++end;
      }
    }
    std::string_view value =
        Trim(std::string_view(content_type).substr(i, end - i));
    if (!value.empty()) return std::string(value);
  }
  return std::nullopt;
}

namespace {

// Reads one attribute of a tag at page[*at...]: false at the tag's end.
bool NextAttribute(std::string_view page, size_t* at, std::string* name,
                   std::string* value) {
  size_t i = *at;
  while (i < page.size() && (IsSpace(page[i]) || page[i] == '/')) ++i;
  if (i >= page.size() || page[i] == '>') {
    *at = i;
    return false;
  }
  const size_t name_start = i;
  while (i < page.size() && page[i] != '=' && page[i] != '>' &&
         page[i] != '/' && !IsSpace(page[i])) {
    ++i;
  }
  *name = Lower(page.substr(name_start, i - name_start));
  value->clear();
  while (i < page.size() && IsSpace(page[i])) ++i;
  if (i < page.size() && page[i] == '=') {
    ++i;
    while (i < page.size() && IsSpace(page[i])) ++i;
    if (i < page.size() && (page[i] == '"' || page[i] == '\'')) {
      const char quote = page[i++];
      const size_t end = std::min(page.find(quote, i), page.size());
      *value = std::string(page.substr(i, end - i));
      i = end < page.size() ? end + 1 : end;
    } else {
      const size_t start = i;
      while (i < page.size() && page[i] != '>' && !IsSpace(page[i])) ++i;
      *value = std::string(page.substr(start, i - start));
    }
  }
  *at = i;
  return true;
}

bool StartsWithI(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         Lower(text.substr(0, prefix.size())) == prefix;
}

}  // namespace

std::optional<std::string> HtmlDeclaredCharset(std::string_view page) {
  page = page.substr(0, 1024);
  size_t i = 0;
  while ((i = page.find('<', i)) != std::string_view::npos) {
    const std::string_view rest = page.substr(i);
    if (rest.substr(0, 4) == "<!--") {
      const size_t end = page.find("-->", i + 4);
      if (end == std::string_view::npos) return std::nullopt;
      i = end + 3;
      continue;
    }
    if (!StartsWithI(rest, "<meta") || rest.size() < 6 ||
        !(IsSpace(rest[5]) || rest[5] == '/')) {
      ++i;
      continue;
    }
    size_t at = i + 5;
    std::string name, value, charset, http_equiv, content;
    while (NextAttribute(page, &at, &name, &value)) {
      if (name == "charset" && charset.empty()) charset = value;
      if (name == "http-equiv") http_equiv = Lower(Trim(value));
      if (name == "content") content = value;
    }
    i = at;
    if (charset.empty() && http_equiv == "content-type") {
      charset = CharsetOfContentType(content).value_or("");
    }
    const std::string found = Lower(Trim(charset));
    if (found.empty()) continue;
    if (found.rfind("utf-16", 0) == 0) return "utf-8";
    if (found == "x-user-defined") return "windows-1252";
    return found;
  }
  return std::nullopt;
}

}  // namespace newsdedup
