// Character sets: bytes in a declared charset to UTF-8, and the charset a
// page declares for itself. Pure, no I/O; conversion goes through ICU.
//
// Charset names are taken as HTTP and HTML write them ("utf-8",
// "ISO-8859-1", "windows-1252", "Shift_JIS", "gb2312", "koi8-r", quoted or
// not, any case), with the WHATWG Encoding Standard's remapping of labels
// browsers have always read as something wider: iso-8859-1, latin1 and
// us-ascii are windows-1252, gb2312 is GBK, shift_jis is windows-31j,
// euc-kr is windows-949, iso-8859-9 is windows-1254, tis-620 is
// windows-874, big5 is Big5-HKSCS. A name ICU does not know is an error
// naming it; a byte sequence invalid in the charset becomes U+FFFD, so
// decoding never fails on the bytes themselves.
//
// Thread safety: all functions may be called concurrently.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "dedup/status.h"

namespace newsdedup {

// `bytes` read in `charset`, as valid UTF-8. A byte order mark at the
// start is kept as U+FEFF (strip it first with SniffBom). Error: an empty
// or unknown charset name.
StatusOr<std::string> DecodeToUtf8(std::string_view bytes,
                                   std::string_view charset);

// A byte order mark at the start of `bytes`: the charset it names
// ("utf-8", "utf-16le", "utf-16be") and its length in bytes.
struct ByteOrderMark {
  std::string charset;
  size_t length = 0;
};
std::optional<ByteOrderMark> SniffBom(std::string_view bytes);

// The charset an HTML page declares in its first 1024 bytes, as the
// WHATWG prescan finds it: the first <meta charset=...>, or <meta
// http-equiv="Content-Type" content="...; charset=...">, outside comments.
// A declared UTF-16 is read as utf-8 (a page that could be read to find
// the declaration is not UTF-16). nullopt when there is none.
std::optional<std::string> HtmlDeclaredCharset(std::string_view page);

// The charset parameter of a Content-Type value ("text/html;
// charset=ISO-8859-1" gives "ISO-8859-1"), unquoted; nullopt when absent.
std::optional<std::string> CharsetOfContentType(std::string_view content_type);

}  // namespace newsdedup
