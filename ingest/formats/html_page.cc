#include "ingest/formats/html_page.h"

#include <cctype>
#include <string>

#include "dedup/text.h"
#include "ingest/formats/article_json.h"
#include "ingest/formats/charset.h"
#include "ingest/formats/html_blocks.h"
#include "ingest/formats/html_meta.h"
#include "ingest/formats/html_tree.h"
#include "ingest/formats/main_text.h"

namespace newsdedup {
namespace {

// The page as UTF-8, by the first charset that is declared and known.
std::string DecodePage(std::string_view bytes, const std::string& transport) {
  if (std::optional<ByteOrderMark> bom = SniffBom(bytes)) {
    StatusOr<std::string> text =
        DecodeToUtf8(bytes.substr(bom->length), bom->charset);
    if (text.ok()) return std::move(*text);
  }
  std::optional<std::string> declared;
  if (!transport.empty()) declared = transport;
  if (!declared) declared = HtmlDeclaredCharset(bytes);
  if (declared) {
    StatusOr<std::string> text = DecodeToUtf8(bytes, *declared);
    if (text.ok()) return std::move(*text);
  }
  if (IsValidUtf8(bytes)) return std::string(bytes);
  StatusOr<std::string> text = DecodeToUtf8(bytes, "windows-1252");
  return text.ok() ? std::move(*text) : std::string();
}

std::string_view Scheme(std::string_view url) {
  const size_t colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return {};
  for (char c : url.substr(0, colon)) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' &&
        c != '.') {
      return {};
    }
  }
  return url.substr(0, colon);
}

// "https://host:443" of an absolute URL.
std::string_view Authority(std::string_view url) {
  const size_t start = Scheme(url).size() + 3;
  const size_t end = url.find_first_of("/?#", start);
  return url.substr(0, end == std::string_view::npos ? url.size() : end);
}

// `ref` made absolute against `base`; empty when it cannot be.
std::string ResolveUrl(std::string_view base, std::string_view ref) {
  if (ref.empty()) return {};
  if (!Scheme(ref).empty()) return std::string(ref);
  if (Scheme(base).empty()) return {};
  if (ref.substr(0, 2) == "//") {
    return std::string(Scheme(base)) + ":" + std::string(ref);
  }
  if (ref.front() == '/') return std::string(Authority(base)) + std::string(ref);
  std::string_view dir = base.substr(0, base.find_first_of("?#"));
  if (dir.size() > Authority(base).size()) {
    dir = dir.substr(0, dir.rfind('/') + 1);
    return std::string(dir) + std::string(ref);
  }
  return std::string(dir) + "/" + std::string(ref);
}

// The host of an http(s) URL, without "www.", lower case.
std::string HostOf(std::string_view url) {
  if (Scheme(url).empty()) return {};
  std::string_view host = Authority(url).substr(Scheme(url).size() + 3);
  if (const size_t at = host.rfind('@'); at != std::string_view::npos) {
    host.remove_prefix(at + 1);
  }
  host = host.substr(0, host.find(':'));
  std::string out(host);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (out.rfind("www.", 0) == 0) out.erase(0, 4);
  return out;
}

// Letters and digits only, lower case: "Example News" ~ "examplenews".
std::string Squeezed(std::string_view text) {
  std::string out;
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80) {
      out += static_cast<char>(std::tolower(u));
    }
  }
  return out;
}

// "Headline | Site" -> "Headline" when the part after the last separator
// is the site's name (or its host's name); otherwise the title as is.
std::string TitleWithoutSite(std::string title, std::string_view site,
                             std::string_view host) {
  static const char* const kSeparators[] = {
      " | ", " - ", " -- ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " \xC2\xB7 ",
      " :: ", " \xC2\xBB ", "_", "|"};
  size_t cut = std::string::npos, after = 0;
  for (const char* separator : kSeparators) {
    const size_t at = title.rfind(separator);
    if (at != std::string::npos && at > 0 &&
        (cut == std::string::npos || at > cut)) {
      cut = at;
      after = at + std::string_view(separator).size();
    }
  }
  if (cut == std::string::npos) return title;
  const std::string tail = Squeezed(std::string_view(title).substr(after));
  const std::string host_name = Squeezed(host.substr(0, host.rfind('.')));
  if (tail.empty()) return title;
  if (tail == Squeezed(site) || tail == host_name || tail == Squeezed(host)) {
    title.resize(cut);
  }
  return title;
}

}  // namespace

StatusOr<DocumentItems> ParseHtmlPage(std::string_view bytes,
                                      const DocumentOptions& options) {
  if (bytes.size() > options.limits.max_record_bytes) {
    return Status::InvalidArgument(
        "page is " + std::to_string(bytes.size()) +
        " bytes, over the cap of " +
        std::to_string(options.limits.max_record_bytes));
  }
  const std::string text = DecodePage(bytes, options.charset);
  const HtmlTree tree = HtmlTree::Parse(text);
  const HtmlMeta meta = ReadHtmlMeta(tree);

  Article article;
  article.url = ResolveUrl(options.origin, meta.url);
  if (article.url.empty()) article.url = options.origin;
  article.id = article.url;
  const std::string host = HostOf(article.url);
  article.source = meta.site_name.empty() ? host : meta.site_name;
  article.title = meta.title.empty()
                      ? TitleWithoutSite(meta.document_title, meta.site_name,
                                         host)
                      : meta.title;
  article.published_ms = ParsePageTime(meta.published);
  if (!article.published_ms) article.published_ms = options.fallback_published_ms;
  article.body = ExtractMainText(SplitHtmlBlocks(tree));

  const std::string where =
      article.id.empty() ? "page" : "page (" + article.id + ")";
  DocumentItems items;
  if (article.id.empty()) {
    items.push_back({where, Status::InvalidArgument(
                                "no URL to name the page by (no canonical "
                                "link, no origin)")});
  } else if (article.body.empty()) {
    items.push_back({where, Status::InvalidArgument("no article text found")});
  } else if (Status valid = ValidateArticle(article, options.limits);
             !valid.ok()) {
    items.push_back({where, valid});
  } else {
    items.push_back({where, std::move(article)});
  }
  return items;
}

}  // namespace newsdedup
