// Url: the parts of an http:// or https:// URL a client needs to connect
// and ask for it, and the resolution of a redirect's Location against the
// URL that answered it. Other schemes are refused: a feed may not send the
// fetcher to a file, an FTP server or anything else.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dedup/status.h"

namespace newsdedup {

struct Url {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // without brackets for an IPv6 literal
  uint16_t port = 0;   // the scheme's default when the URL gives none
  std::string target;  // path and query, at least "/"; no fragment

  // "scheme://host[:port]/target", the port only when not the default.
  std::string ToString() const;
  // The Host header: host, with brackets and the port when needed.
  std::string HostHeader() const;
};

// Parses an absolute http(s) URL. Errors name the URL and what is wrong:
// another scheme, no host, a bad port, user info, spaces or control bytes.
StatusOr<Url> ParseUrl(std::string_view text);

// The URL `location` (a redirect's Location: absolute, "//host/path",
// "/path", "path" or "?query") points to from `base`; the result must be
// http(s) too.
StatusOr<Url> ResolveUrl(const Url& base, std::string_view location);

}  // namespace newsdedup
