#include "tools/field_conditions.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <functional>
#include <memory>
#include <unordered_map>

#include "ingest/formats/article_json.h"
#include "ingest/formats/rfc3339.h"
#include "ingest/sources/line_reader.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

// A small deterministic generator (SplitMix64): the same seed gives the same
// text on every platform, which std::hash and the <random> engines'
// distributions do not promise.
class Draw {
 public:
  explicit Draw(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  size_t Below(size_t n) { return n == 0 ? 0 : Next() % n; }
  template <typename Pool>
  const char* Pick(const Pool& pool) {
    return pool[Below(pool.size())];
  }

 private:
  uint64_t state_;
};

// --- Pools of invented boilerplate ---------------------------------------

constexpr std::array kNameFirst = {"Harbor", "Summit",  "Valley", "Metro",
                                   "Prairie", "Lakeside", "Granite", "Copper",
                                   "Northern", "Riverbend", "Bayview", "Oakridge"};
constexpr std::array kNameSecond = {"Ledger",   "Courier", "Dispatch", "Herald",
                                    "Observer", "Gazette", "Chronicle",
                                    "Tribune",  "Post",    "Sentinel"};
constexpr std::array kSections = {
    "Home",   "News",    "World",  "Business", "Markets", "Politics",
    "Sports", "Culture", "Opinion", "Tech",    "Weather", "Local",
    "Money",  "Science", "Travel", "Video"};
constexpr std::array kNewsletter = {
    "Sign up for our free morning newsletter and get the day's top stories "
    "in your inbox.",
    "Get breaking news alerts delivered straight to your phone: subscribe "
    "today for just 1 dollar a week.",
    "Never miss a story. Join 45,000 readers who get our daily briefing "
    "every morning.",
    "Like what you read? Support independent journalism with a digital "
    "subscription.",
    "Enjoyed this article? Share it with your friends and follow us for more "
    "updates."};
constexpr std::array kCopyright = {
    "Copyright 2024 {site}. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
    "(c) 2024 {site} Media Group. Terms of use | Privacy policy | Cookie "
    "settings",
    "All content copyright 2023-2024 {site}. Reproduction without permission "
    "is prohibited.",
    "{site} is a member of the Regional Press Alliance. Copyright 2024."};
constexpr std::array kRelatedLabel = {"Related articles:", "Read also:",
                                      "More from {site}:", "You may have missed:",
                                      "Trending now:"};
constexpr std::array kHeadlineSubject = {
    "City council",     "School board",       "Local bakery",
    "Regional airport", "State lawmakers",    "Hospital workers",
    "Transit agency",   "Farmers market",     "High school team",
    "Library",          "County officials",   "Tech startup",
    "Housing authority", "Museum",            "Fire department"};
constexpr std::array kHeadlineAction = {
    "approves new budget for parks",   "unveils plan to expand services",
    "wins regional championship",      "celebrates 45 years in business",
    "faces questions over spending",   "announces summer schedule",
    "opens new downtown location",     "votes to raise fees by 12 percent",
    "launches weekend volunteer drive", "warns of delays through 2025",
    "names new director after search", "hosts open house on Saturday"};
constexpr std::array kBylines = {
    "By {site} Staff | Updated 8 minutes ago",
    "Published by the {site} newsroom. Reading time: 3 min",
    "{site} Wire Desk - Last updated 2 hours ago",
    "Staff report, {site}. Listen to this article (4 min)"};
constexpr std::array kHeaderExtras = {
    "Skip to main content",
    "Advertisement",
    "Subscribe | Sign in | Search",
    "Breaking: live updates on today's top stories",
    "You are reading 1 of 5 free articles this month"};

// One invented website: its name and the lines it puts around every story.
struct Site {
  std::string name;
  std::string navigation;  // "Home | News | ..."
  std::string byline;
  std::string extra;       // a second header line
  std::string copyright;
  std::string related_label;
  std::vector<std::string> headlines;  // the pool "related" lines draw on
};

std::string Fill(std::string_view pattern, const std::string& site) {
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern.substr(i, 6) == "{site}") {
      out += site;
      i += 6;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

Site MakeSite(uint64_t seed) {
  Draw draw(seed);
  Site site;
  site.name = std::string(draw.Pick(kNameFirst)) + " " + draw.Pick(kNameSecond);
  const size_t sections = 5 + draw.Below(4);
  const size_t first = draw.Below(kSections.size());
  for (size_t i = 0; i < sections; ++i) {
    if (i > 0) site.navigation += " | ";
    site.navigation += kSections[(first + i) % kSections.size()];
  }
  site.byline = Fill(draw.Pick(kBylines), site.name);
  site.extra = Fill(draw.Pick(kHeaderExtras), site.name);
  site.copyright = Fill(draw.Pick(kCopyright), site.name);
  site.related_label = Fill(draw.Pick(kRelatedLabel), site.name);
  for (int i = 0; i < 8; ++i) {
    site.headlines.push_back(std::string(draw.Pick(kHeadlineSubject)) + " " +
                             draw.Pick(kHeadlineAction));
  }
  return site;
}

// The site's footer for one article: a newsletter line (one of the site's
// variants), the copyright, and five related headlines drawn from the
// site's pool, as a related-stories box does.
std::string Footer(const Site& site, Draw& draw) {
  std::string footer = Fill(draw.Pick(kNewsletter), site.name);
  footer += "\n\n" + site.copyright + "\n\n" + site.related_label;
  const size_t start = draw.Below(site.headlines.size());
  for (size_t i = 0; i < 5; ++i) {
    footer += "\n" + site.headlines[(start + i) % site.headlines.size()];
  }
  return footer;
}

std::string Header(const Site& site, Draw& draw) {
  std::string header = site.navigation + "\n\n" + site.byline;
  if (draw.Below(2) == 0) header += "\n\n" + site.extra;
  return header;
}

// --- HTML ---------------------------------------------------------------

// Paragraphs of a body: separated by blank lines, or by single newlines in
// text that has no blank line.
std::vector<std::string> Paragraphs(std::string_view body) {
  std::vector<std::string> out;
  const bool blank_lines = body.find("\n\n") != std::string_view::npos;
  std::string current;
  size_t i = 0;
  while (i <= body.size()) {
    const size_t end = body.find('\n', i);
    const std::string_view line =
        body.substr(i, end == std::string_view::npos ? body.size() - i
                                                     : end - i);
    const bool empty = line.find_first_not_of(" \t\r") == std::string::npos;
    if (empty || !blank_lines) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
      if (!empty) out.emplace_back(line);
    } else {
      if (!current.empty()) current += ' ';
      current += line;
    }
    if (end == std::string_view::npos) break;
    i = end + 1;
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// Text as HTML: markup characters escaped, typographic apostrophes and
// quotes as numeric entities, as publishing systems write them.
std::string HtmlEscape(std::string_view text, Draw& draw) {
  const bool numeric = draw.Below(2) == 0;
  std::string out;
  bool open_quote = true;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\'': out += numeric ? "&#8217;" : "&rsquo;"; break;
      case '"':
        out += open_quote ? (numeric ? "&#8220;" : "&ldquo;")
                          : (numeric ? "&#8221;" : "&rdquo;");
        open_quote = !open_quote;
        break;
      default: out += c;
    }
  }
  return out;
}

std::string Slug(std::string_view title) {
  std::string slug;
  for (unsigned char c : title) {
    if (std::isalnum(c)) {
      slug += static_cast<char>(std::tolower(c));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() > 40) break;
  }
  return slug;
}

// One word of the paragraph turned into a link (a name, a topic page).
std::string WithLink(const std::string& escaped, const std::string& host,
                     Draw& draw) {
  std::vector<size_t> starts;
  for (size_t i = 1; i < escaped.size(); ++i) {
    if (escaped[i - 1] == ' ' && std::isupper(static_cast<unsigned char>(
                                     escaped[i]))) {
      starts.push_back(i);
    }
  }
  if (starts.empty()) return escaped;
  const size_t begin = starts[draw.Below(starts.size())];
  size_t end = begin;
  while (end < escaped.size() &&
         std::isalpha(static_cast<unsigned char>(escaped[end]))) {
    ++end;
  }
  const std::string word = escaped.substr(begin, end - begin);
  char href[160];
  std::snprintf(href, sizeof(href), "https://%s/topics/%s-%04d", host.c_str(),
                Slug(word).c_str(), static_cast<int>(draw.Below(10000)));
  return escaped.substr(0, begin) + "<a href=\"" + href + "\">" + word +
         "</a>" + escaped.substr(end);
}

std::string Html(const Article& article, uint64_t seed) {
  Draw draw(seed ^ StableHash(article.id));
  const Site site = MakeSite(seed ^ StableHash(article.source) ^ 0x5bd1e995);
  std::string host = Slug(site.name) + ".example";
  const std::vector<std::string> paragraphs = Paragraphs(article.body);
  const int year = 1987 + static_cast<int>(draw.Below(38));
  char dated[64];
  std::snprintf(dated, sizeof(dated), "%04d/%02d/%02d", year,
                1 + static_cast<int>(draw.Below(12)),
                1 + static_cast<int>(draw.Below(28)));
  const std::string story_url =
      "https://" + host + "/" + dated + "/" + Slug(article.title);
  std::string html;
  const size_t shape = draw.Below(3);
  if (shape == 0) html += "<div class=\"article-body\">\n";
  if (shape == 1) html += "<article>\n";
  const size_t image_after = draw.Below(std::max<size_t>(paragraphs.size(), 1));
  const size_t link_in = draw.Below(std::max<size_t>(paragraphs.size(), 1));
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    std::string text = HtmlEscape(paragraphs[i], draw);
    if (i == link_in) text = WithLink(text, host, draw);
    html += "<p>" + text + "</p>\n";
    if (i == image_after) {
      char image[400];
      std::snprintf(image, sizeof(image),
                    "<figure><img src=\"https://cdn.%s/images/%s/photo-%d.jpg\""
                    " alt=\"File photo\" width=\"%d\" height=\"%d\"></figure>\n",
                    host.c_str(), dated, static_cast<int>(draw.Below(90000)),
                    640 + 160 * static_cast<int>(draw.Below(4)),
                    360 + 90 * static_cast<int>(draw.Below(4)));
      html += image;
    }
  }
  html += "<p><a href=\"" + story_url + "\" class=\"more\">" +
          (draw.Below(2) == 0 ? std::string("Read more &raquo;")
                              : std::string("Continue reading at ") +
                                    HtmlEscape(site.name, draw)) +
          "</a></p>\n";
  const std::string encoded = "https%3A%2F%2F" + host + "%2F" + Slug(article.title);
  switch (draw.Below(3)) {
    case 0:
      html += "<div class=\"share-buttons\"><a href=\"https://facebook.example/"
              "sharer?u=" + encoded + "\">Share on Facebook</a> <a href=\""
              "https://twitter.example/intent/tweet?url=" + encoded +
              "\">Tweet</a> <a href=\"mailto:?subject=" + Slug(article.title) +
              "\">Email</a></div>\n";
      break;
    case 1:
      html += "<ul class=\"social\"><li><a href=\"#share-fb\">Facebook</a></li>"
              "<li><a href=\"#share-x\">X</a></li><li><a href=\"#share-li\">"
              "LinkedIn</a></li><li><a href=\"#print\">Print</a></li></ul>\n";
      break;
    default:
      html += "<aside class=\"share\"><span>Share this article:</span> <a "
              "href=\"https://" + host + "/share/whatsapp?id=" +
              std::to_string(draw.Below(1000000)) + "\">WhatsApp</a> | "
              "<a href=\"https://" + host + "/share/email\">Email</a></aside>\n"
              "<script>window.dataLayer=window.dataLayer||[];dataLayer.push("
              "{\"articleId\":" + std::to_string(draw.Below(1000000)) +
              ",\"section\":\"news\"});</script>\n";
  }
  if (shape == 0) html += "</div>\n";
  if (shape == 1) html += "</article>\n";
  return html;
}

std::string Lead(const Article& article, size_t count,
                 const RecurringLines* recurring) {
  std::string lead;
  for (const std::string& sentence :
       LeadSentences(article.body, count, recurring)) {
    if (!lead.empty()) lead += ' ';
    lead += sentence;
  }
  return lead.empty() ? article.body : lead;
}

}  // namespace

std::optional<FieldCondition> ParseFieldCondition(std::string_view name) {
  for (FieldCondition c :
       {FieldCondition::kClean, FieldCondition::kFooter,
        FieldCondition::kHeaderFooter, FieldCondition::kSourceFooter,
        FieldCondition::kHtml, FieldCondition::kLead1, FieldCondition::kLead2,
        FieldCondition::kLead3, FieldCondition::kFooterLead2}) {
    if (name == FieldConditionName(c)) return c;
  }
  return std::nullopt;
}

const char* FieldConditionName(FieldCondition condition) {
  switch (condition) {
    case FieldCondition::kClean: return "clean";
    case FieldCondition::kFooter: return "footer";
    case FieldCondition::kHeaderFooter: return "header-footer";
    case FieldCondition::kSourceFooter: return "source-footer";
    case FieldCondition::kHtml: return "html";
    case FieldCondition::kLead1: return "lead1";
    case FieldCondition::kLead2: return "lead2";
    case FieldCondition::kLead3: return "lead3";
    case FieldCondition::kFooterLead2: return "footer-lead2";
  }
  return "clean";
}

std::vector<FieldCondition> AllFieldConditions() {
  return {FieldCondition::kFooter, FieldCondition::kHeaderFooter,
          FieldCondition::kSourceFooter, FieldCondition::kHtml,
          FieldCondition::kLead1, FieldCondition::kLead2,
          FieldCondition::kLead3, FieldCondition::kFooterLead2};
}

Article ApplyFieldCondition(const Article& article, FieldCondition condition,
                            uint64_t seed, const RecurringLines* recurring) {
  Article out = article;
  Draw draw(seed ^ StableHash(article.id));
  const Site site = MakeSite(seed);
  switch (condition) {
    case FieldCondition::kClean:
      break;
    case FieldCondition::kFooter:
      out.body = article.body + "\n\n" + Footer(site, draw);
      break;
    case FieldCondition::kHeaderFooter:
      out.body =
          Header(site, draw) + "\n\n" + article.body + "\n\n" + Footer(site, draw);
      break;
    case FieldCondition::kSourceFooter: {
      const Site own = MakeSite(seed ^ StableHash(article.source));
      out.body =
          Header(own, draw) + "\n\n" + article.body + "\n\n" + Footer(own, draw);
      break;
    }
    case FieldCondition::kHtml:
      out.body = Html(article, seed);
      break;
    case FieldCondition::kLead1:
      out.body = Lead(article, 1, recurring);
      break;
    case FieldCondition::kLead2:
      out.body = Lead(article, 2, recurring);
      break;
    case FieldCondition::kLead3:
      out.body = Lead(article, 3, recurring);
      break;
    case FieldCondition::kFooterLead2:
      out.body = Lead(article, 2, recurring) + "\n\n" + Footer(site, draw);
      break;
  }
  return out;
}

namespace {

// Body lines found in this many of the file's articles or more: well above
// the few articles of one copy group, which share their story's lines.
constexpr uint32_t kRecurringArticles = 8;

// Calls `visit` with each whole line of the JSON Lines file `in` and the
// article it holds, or why it holds none; lines over the cap are skipped.
Status ForEachArticleLine(
    const std::string& in, const IngestLimits& limits,
    const std::function<Status(const std::string& line,
                               const StatusOr<Article>& article)>& visit) {
  StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open(in, limits.max_record_bytes);
  if (!reader.ok()) return reader.status();
  std::string line;
  for (;;) {
    const LineReader::Result r = (*reader)->Next(&line);
    if (r == LineReader::Result::kEnd) break;
    if (r == LineReader::Result::kError) return (*reader)->status();
    if (r != LineReader::Result::kLine) continue;
    Status s = visit(line, ParseArticleJson(line, limits));
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

// Body lines of the file's articles found in kRecurringArticles of them.
StatusOr<RecurringLines> FindRecurringLines(const std::string& in,
                                            const IngestLimits& limits) {
  std::unordered_map<uint64_t, uint32_t> seen;
  Status s = ForEachArticleLine(
      in, limits,
      [&](const std::string&, const StatusOr<Article>& article) -> Status {
        if (!article.ok()) return Status::Ok();
        std::unordered_set<uint64_t> own;
        std::string_view body = article->body;
        for (size_t i = 0; i < body.size();) {
          size_t end = body.find('\n', i);
          if (end == std::string_view::npos) end = body.size();
          if (end > i) own.insert(LineHash(body.substr(i, end - i)));
          i = end + 1;
        }
        for (uint64_t h : own) ++seen[h];
        return Status::Ok();
      });
  if (!s.ok()) return s;
  RecurringLines recurring;
  for (const auto& [hash, count] : seen) {
    if (count >= kRecurringArticles) recurring.insert(hash);
  }
  return recurring;
}

}  // namespace

Status WriteFieldVariant(const std::string& in, const std::string& out,
                         FieldCondition condition, uint64_t seed) {
  IngestLimits limits;
  StatusOr<RecurringLines> recurring = FindRecurringLines(in, limits);
  if (!recurring.ok()) return recurring.status();
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(out.c_str(), "wb"),
                                             &std::fclose);
  if (!file) return Status::IOError("cannot write " + out);
  Status written = ForEachArticleLine(
      in, limits,
      [&](const std::string& line, const StatusOr<Article>& article) -> Status {
        std::string record;
        if (!article.ok()) {
          record = line;
        } else {
          const Article a =
              ApplyFieldCondition(*article, condition, seed, &*recurring);
          record =
              "{\"id\":" + JsonString(a.id) + ",\"body\":" + JsonString(a.body);
          if (!a.title.empty()) record += ",\"title\":" + JsonString(a.title);
          if (!a.source.empty()) {
            record += ",\"source\":" + JsonString(a.source);
          }
          if (!a.url.empty()) record += ",\"url\":" + JsonString(a.url);
          if (a.published_ms) {
            record +=
                ",\"published\":" + JsonString(FormatRfc3339(*a.published_ms));
          }
          record += "}";
        }
        record += '\n';
        if (std::fwrite(record.data(), 1, record.size(), file.get()) !=
            record.size()) {
          return Status::IOError("cannot write " + out);
        }
        return Status::Ok();
      });
  if (!written.ok()) return written;
  if (std::fflush(file.get()) != 0) return Status::IOError("cannot write " + out);
  return Status::Ok();
}

}  // namespace newsdedup
