#include "tools/feeds/url.h"

#include <algorithm>
#include <cctype>

namespace newsdedup {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

uint16_t DefaultPort(const std::string& scheme) {
  return scheme == "https" ? 443 : 80;
}

// Drops "." and ".." segments (RFC 3986, 5.2.4), so a relative redirect
// cannot climb above the root.
std::string RemoveDotSegments(std::string_view path) {
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    size_t next = path.find('/', i + 1);
    if (next == std::string_view::npos) next = path.size();
    std::string_view segment = path.substr(i, next - i);  // "/name"
    if (segment == "/." || segment == "/..") {
      if (segment == "/.." && !out.empty()) out.erase(out.rfind('/'));
      if (next == path.size()) out += '/';
    } else {
      out += segment;
    }
    i = next;
  }
  return out.empty() ? "/" : out;
}

}  // namespace

std::string Url::HostHeader() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port != DefaultPort(scheme)) h += ":" + std::to_string(port);
  return h;
}

std::string Url::ToString() const {
  return scheme + "://" + HostHeader() + target;
}

StatusOr<Url> ParseUrl(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("URL \"" + std::string(text) + "\": " + why);
  };
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) return bad("has a space or control byte");
  }
  const size_t colon = text.find("://");
  if (colon == std::string_view::npos) return bad("is not absolute");
  Url url;
  url.scheme = Lower(text.substr(0, colon));
  if (url.scheme != "http" && url.scheme != "https") {
    return bad("scheme \"" + url.scheme + "\" is not http or https");
  }
  std::string_view rest = text.substr(colon + 3);
  const size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  std::string_view target =
      end == std::string_view::npos ? "" : rest.substr(end);
  if (authority.find('@') != std::string_view::npos) {
    return bad("user info is not supported");
  }
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad("unclosed [");
    url.host = Lower(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return bad("junk after ]");
      port = after.substr(1);
    }
  } else {
    const size_t c = authority.find(':');
    url.host = Lower(authority.substr(0, c));
    if (c != std::string_view::npos) port = authority.substr(c + 1);
  }
  if (url.host.empty()) return bad("has no host");
  url.port = DefaultPort(url.scheme);
  if (!port.empty()) {
    if (port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string_view::npos ||
        std::stoul(std::string(port)) == 0 ||
        std::stoul(std::string(port)) > 65535) {
      return bad("bad port");
    }
    url.port = static_cast<uint16_t>(std::stoul(std::string(port)));
  }
  target = target.substr(0, target.find('#'));
  if (target.empty() || target.front() == '?') {
    url.target = "/" + std::string(target);
  } else {
    url.target = std::string(target);
  }
  return url;
}

StatusOr<Url> ResolveUrl(const Url& base, std::string_view location) {
  location = location.substr(0, location.find('#'));
  const size_t scheme_end = location.find(':');
  const size_t first_slash = location.find_first_of("/?");
  if (scheme_end != std::string_view::npos && scheme_end < first_slash) {
    return ParseUrl(location);  // absolute, any scheme: ParseUrl judges it
  }
  if (location.substr(0, 2) == "//") {
    return ParseUrl(base.scheme + ":" + std::string(location));
  }
  Url url = base;
  if (location.empty()) return url;
  if (location.front() == '?') {
    url.target = base.target.substr(0, base.target.find('?')) +
                 std::string(location);
    return ParseUrl(url.ToString());
  }
  std::string path(location.substr(0, location.find('?')));
  const std::string query(location.substr(path.size()));
  if (path.front() != '/') {
    const std::string base_path = base.target.substr(0, base.target.find('?'));
    path = base_path.substr(0, base_path.rfind('/') + 1) + path;
  }
  url.target = RemoveDotSegments(path) + query;
  // Through ParseUrl so that what the redirect carried is checked too.
  return ParseUrl(url.ToString());
}

}  // namespace newsdedup
