#include "ingest/formats/warc.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <climits>

namespace newsdedup {
namespace {

constexpr std::string_view kSpaces = " \t\r";

std::string_view Trim(std::string_view s) {
  const size_t begin = s.find_first_not_of(kSpaces);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kSpaces) - begin + 1);
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(uint8_t(c)));
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(uint8_t(x)) == std::tolower(uint8_t(y));
         });
}

// A message's quoted text for an error: short, one line.
std::string Quoted(std::string_view s) {
  std::string out(s.substr(0, 60));
  for (char& c : out) {
    if (uint8_t(c) < 0x20) c = ' ';
  }
  return "\"" + out + (s.size() > 60 ? "...\"" : "\"");
}

// Splits off the next line of `text` (without "\n" or "\r\n").
std::string_view NextLine(std::string_view& text) {
  const size_t end = text.find('\n');
  std::string_view line = text.substr(0, end);
  text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Parses "Name: value" lines with continuations into `out`.
Status ParseFields(std::string_view text, HeaderFields& out) {
  while (!text.empty()) {
    const std::string_view line = NextLine(text);
    if (line.empty()) continue;
    if (line.front() == ' ' || line.front() == '\t') {
      if (out.fields.empty()) {
        return Status::InvalidArgument("continuation line before any field");
      }
      std::string& value = out.fields.back().second;
      if (!value.empty()) value += ' ';
      value += Trim(line);
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 ||
        Trim(line.substr(0, colon)).size() != colon) {
      return Status::InvalidArgument("not a header field: " + Quoted(line));
    }
    out.fields.emplace_back(std::string(line.substr(0, colon)),
                            std::string(Trim(line.substr(colon + 1))));
  }
  return Status::Ok();
}

// Inflates `data`; `window_bits` as zlib's inflateInit2.
StatusOr<std::string> Inflate(std::string_view data, int window_bits,
                              size_t max_bytes) {
  z_stream z{};
  if (inflateInit2(&z, window_bits) != Z_OK) {
    return Status::Internal("inflateInit2 failed");
  }
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(data.size(), UINT_MAX));
  std::string out;
  int rc = Z_OK;
  while (rc == Z_OK) {
    if (out.size() > max_bytes) break;
    const size_t old = out.size();
    out.resize(old + (1 << 16));
    z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    z.avail_out = 1 << 16;
    rc = inflate(&z, Z_NO_FLUSH);
    out.resize(out.size() - z.avail_out);
    if (rc == Z_BUF_ERROR && z.avail_in == 0) break;  // input ends early
  }
  inflateEnd(&z);
  if (out.size() > max_bytes) {
    return Status::ResourceExhausted("decoded body is over the cap of " +
                                     std::to_string(max_bytes) + " bytes");
  }
  if (rc != Z_STREAM_END) {
    return Status::InvalidArgument(
        std::string("compressed body is broken: ") +
        (z.msg != nullptr ? z.msg : "it ends early"));
  }
  return out;
}

// Undoes a chunked transfer coding. A body whose first line is not a
// chunk size was stored decoded: it is returned as it is.
StatusOr<std::string> Dechunk(std::string_view body) {
  std::string out;
  std::string_view rest = body;
  for (bool first = true;; first = false) {
    if (rest.empty()) {
      return Status::InvalidArgument("chunked body ends before its last chunk");
    }
    const std::string_view line = NextLine(rest);
    const std::string_view size_text = Trim(line.substr(0, line.find(';')));
    uint64_t size = 0;
    const bool is_size =
        !size_text.empty() && size_text.size() <= 15 &&
        std::all_of(size_text.begin(), size_text.end(),
                    [](char c) { return std::isxdigit(uint8_t(c)); });
    if (!is_size) {
      if (first) return std::string(body);
      return Status::InvalidArgument("bad chunk size " + Quoted(line));
    }
    size = std::stoull(std::string(size_text), nullptr, 16);
    if (size == 0) return out;  // trailers, if any, are of no use here
    if (size > rest.size()) {
      return Status::InvalidArgument("chunked body ends inside a chunk");
    }
    out.append(rest.substr(0, size));
    rest.remove_prefix(size);
    if (rest.substr(0, 2) == "\r\n") {
      rest.remove_prefix(2);
    } else if (rest.substr(0, 1) == "\n") {
      rest.remove_prefix(1);
    }
  }
}

}  // namespace

std::optional<std::string_view> HeaderFields::Get(std::string_view name) const {
  for (const auto& [field, value] : fields) {
    if (EqualsIgnoreCase(field, name)) return std::string_view(value);
  }
  return std::nullopt;
}

bool IsWarcVersionLine(std::string_view line) {
  return line == "WARC/1.0" || line == "WARC/1.1";
}

std::string_view WarcHeader::Type() const {
  return fields.Get("WARC-Type").value_or("");
}

std::string_view WarcHeader::TargetUri() const {
  // WARC 1.0 examples write the URI in angle brackets.
  std::string_view uri = fields.Get("WARC-Target-URI").value_or("");
  if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') {
    uri = uri.substr(1, uri.size() - 2);
  }
  return uri;
}

StatusOr<WarcHeader> ParseWarcHeader(std::string_view text) {
  WarcHeader header;
  const std::string_view version = NextLine(text);
  if (!IsWarcVersionLine(version)) {
    return Status::InvalidArgument(
        "expected a WARC/1.0 or WARC/1.1 record, found " + Quoted(version));
  }
  header.version = std::string(version);
  Status fields = ParseFields(text, header.fields);
  if (!fields.ok()) return fields;
  const std::optional<std::string_view> length =
      header.fields.Get("Content-Length");
  if (!length) return Status::InvalidArgument("no Content-Length");
  if (length->empty() || length->size() > 18 ||
      !std::all_of(length->begin(), length->end(),
                   [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::InvalidArgument("bad Content-Length " + Quoted(*length));
  }
  header.content_length = std::stoull(std::string(*length));
  return header;
}

ContentType ParseContentType(std::string_view value) {
  ContentType type;
  size_t semicolon = value.find(';');
  type.mime_type = Lower(Trim(value.substr(0, semicolon)));
  while (semicolon != std::string_view::npos) {
    value.remove_prefix(semicolon + 1);
    semicolon = value.find(';');
    const std::string_view parameter = value.substr(0, semicolon);
    const size_t equals = parameter.find('=');
    if (equals == std::string_view::npos ||
        !EqualsIgnoreCase(Trim(parameter.substr(0, equals)), "charset")) {
      continue;
    }
    std::string_view charset = Trim(parameter.substr(equals + 1));
    if (charset.size() >= 2 && charset.front() == '"' &&
        charset.back() == '"') {
      charset = charset.substr(1, charset.size() - 2);
    }
    type.charset = std::string(Trim(charset));
    break;
  }
  return type;
}

bool IsHtmlMimeType(std::string_view mime_type) {
  return mime_type == "text/html" || mime_type == "application/xhtml+xml";
}

StatusOr<HttpHead> ParseHttpHead(std::string_view message) {
  const size_t crlf = message.find("\r\n\r\n");
  const size_t lf = message.find("\n\n");
  if (crlf == std::string_view::npos && lf == std::string_view::npos) {
    return Status::InvalidArgument("HTTP response head has no end");
  }
  HttpHead head;
  std::string_view text;
  if (lf == std::string_view::npos ||
      (crlf != std::string_view::npos && crlf < lf)) {
    text = message.substr(0, crlf);
    head.body_offset = crlf + 4;
  } else {
    text = message.substr(0, lf);
    head.body_offset = lf + 2;
  }
  // "HTTP/1.1 200 OK": the version, then a three-digit status.
  const std::string_view status_line = NextLine(text);
  const size_t space = status_line.find(' ');
  const std::string_view code =
      space == std::string_view::npos ? "" : status_line.substr(space + 1, 3);
  if (status_line.substr(0, 5) != "HTTP/" || code.size() != 3 ||
      !std::all_of(code.begin(), code.end(),
                   [](char c) { return c >= '0' && c <= '9'; }) ||
      (status_line.size() > space + 4 && status_line[space + 4] != ' ')) {
    return Status::InvalidArgument("not an HTTP status line: " +
                                   Quoted(status_line));
  }
  head.status = std::stoi(std::string(code));
  Status fields = ParseFields(text, head.headers);
  if (!fields.ok()) return fields.WithContext("HTTP response");
  return head;
}

StatusOr<std::string> DecodeHttpBody(const HttpHead& head,
                                     std::string_view message,
                                     size_t max_bytes) {
  std::string body(message.substr(std::min(head.body_offset, message.size())));
  const std::string transfer =
      Lower(head.headers.Get("Transfer-Encoding").value_or(""));
  if (transfer.find("chunked") != std::string::npos) {
    StatusOr<std::string> dechunked = Dechunk(body);
    if (!dechunked.ok()) return dechunked.status();
    body = std::move(*dechunked);
  }
  // Codings are listed in the order they were applied: undo from the end.
  std::vector<std::string> codings;
  std::string_view list = head.headers.Get("Content-Encoding").value_or("");
  while (!list.empty()) {
    const size_t comma = list.find(',');
    const std::string coding = Lower(Trim(list.substr(0, comma)));
    if (!coding.empty() && coding != "identity") codings.push_back(coding);
    list.remove_prefix(comma == std::string_view::npos ? list.size()
                                                       : comma + 1);
  }
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    StatusOr<std::string> decoded = std::string();
    if (*it == "gzip" || *it == "x-gzip") {
      if (body.rfind("\x1f\x8b", 0) != 0) continue;  // stored decoded
      decoded = Inflate(body, 15 + 16, max_bytes);
    } else if (*it == "deflate") {
      // Meant to be zlib-wrapped, often sent raw.
      decoded = Inflate(body, 15, max_bytes);
      if (decoded.status().code() == Status::Code::kInvalidArgument) {
        decoded = Inflate(body, -15, max_bytes);
      }
    } else {
      return Status::InvalidArgument("unsupported Content-Encoding " +
                                     Quoted(*it));
    }
    if (!decoded.ok()) return decoded.status();
    body = std::move(*decoded);
  }
  if (body.size() > max_bytes) {
    return Status::ResourceExhausted("body is over the cap of " +
                                     std::to_string(max_bytes) + " bytes");
  }
  return body;
}

}  // namespace newsdedup
