#include "tools/json_output.h"

#include <cstdio>

#include "ingest/formats/rfc3339.h"
#include "storage/article_records.h"

namespace newsdedup {
namespace {

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.4f", value);
  return buffer;
}

std::string DecisionFields(const pb::Decision& d, bool known) {
  std::string out =
      "{\"id\":" + JsonString(d.article_id()) +
      ",\"cluster\":" + JsonString(d.cluster_id()) + ",\"relation\":\"" +
      RelationName(FromProto(d.relation())) + "\"" + ",\"matched\":" +
      (d.matched_id().empty() ? "null" : JsonString(d.matched_id())) +
      ",\"score\":" + Number(d.scores().score()) +
      ",\"original\":" + JsonString(d.original_id());
  if (known) out += ",\"known\":true";
  return out;
}

}  // namespace

namespace {

// The length of the well-formed UTF-8 sequence at text[i] (a byte of 0x80
// or more), or 0 when it is not one: overlong forms, surrogates, values
// past U+10FFFF and cut-off sequences are not.
size_t Utf8SequenceAt(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) {
    return static_cast<unsigned char>(text[k]);
  };
  const unsigned char c = byte(i);
  size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;   // no overlongs
    if (c == 0xED) high = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;   // no overlongs
    if (c == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

std::string JsonString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
          out += buffer;
        } else if (c < 0x80) {
          out.push_back(static_cast<char>(c));
        } else if (const size_t n = Utf8SequenceAt(text, i); n > 0) {
          out.append(text.substr(i, n));
          i += n - 1;
        } else {
          // Not UTF-8: JSON text must be, so the byte becomes U+FFFD.
          out += "\\ufffd";
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string DecisionJson(const pb::Decision& decision, bool known) {
  return DecisionFields(decision, known) + "}";
}

std::string DecisionJsonWithEvidence(const pb::Decision& d, bool known) {
  const pb::Scores& s = d.scores();
  return DecisionFields(d, known) +
         ",\"evidence\":{\"reason\":" + JsonString(d.reason()) +
         ",\"shingle_containment\":" + Number(s.shingle_containment()) +
         ",\"shingle_resemblance\":" + Number(s.shingle_resemblance()) +
         ",\"number_agreement\":" + Number(s.number_agreement()) +
         ",\"term_containment\":" + Number(s.term_containment()) +
         ",\"aligned_sentences\":" + Number(s.aligned_sentences()) +
         ",\"simhash_distance\":" + std::to_string(s.simhash_distance()) + "}}";
}

namespace {

const char* EventKindName(pb::ClusterEvent::Kind kind) {
  switch (kind) {
    case pb::ClusterEvent::NEW_CLUSTER:
      return "new_cluster";
    case pb::ClusterEvent::ARTICLE_JOINED:
      return "article_joined";
    case pb::ClusterEvent::CLUSTERS_MERGED:
      return "clusters_merged";
    case pb::ClusterEvent::ORIGINAL_CHANGED:
      return "original_changed";
    case pb::ClusterEvent::ARTICLE_REMOVED:
      return "article_removed";
    default:
      return "unknown";
  }
}

std::string OptionalString(const std::string& s) {
  return s.empty() ? "null" : JsonString(s);
}

}  // namespace

std::string EventJson(const pb::ClusterEvent& e) {
  std::string out = "{\"sequence\":" + std::to_string(e.sequence()) +
                    ",\"kind\":\"" + EventKindName(e.kind()) + "\"" +
                    ",\"article\":" + JsonString(e.article_id()) +
                    ",\"cluster\":" + JsonString(e.cluster_id());
  if (e.kind() == pb::ClusterEvent::NEW_CLUSTER ||
      e.kind() == pb::ClusterEvent::ARTICLE_JOINED) {
    out += ",\"matched\":" + OptionalString(e.matched_id()) +
           ",\"relation\":\"" + RelationName(FromProto(e.relation())) + "\"" +
           ",\"score\":" + Number(e.scores().score());
  }
  out += ",\"original\":" + OptionalString(e.original_id());
  if (!e.previous_original_id().empty()) {
    out += ",\"previous_original\":" + JsonString(e.previous_original_id());
  }
  if (!e.merged_cluster_id().empty()) {
    out += ",\"merged_cluster\":" + JsonString(e.merged_cluster_id());
  }
  if (!e.removed_because().empty()) {
    out += ",\"because\":" + JsonString(e.removed_because());
  }
  out += ",\"published\":" +
         (e.has_article_published_ms()
              ? JsonString(FormatRfc3339(e.article_published_ms()))
              : std::string("null")) +
         ",\"time\":" + JsonString(FormatRfc3339(e.event_time_ms())) +
         "}";
  return out;
}

std::string RemovalJson(const Removal& removal) {
  std::string out = "{\"deleted\":" + JsonString(removal.article_id) +
                    ",\"events\":[";
  for (size_t i = 0; i < removal.events.size(); ++i) {
    if (i > 0) out += ",";
    out += EventJson(removal.events[i]);
  }
  return out + "]}";
}

std::string StoredArticleJson(const pb::StoredArticle& stored) {
  const pb::Article& a = stored.article();
  return "{\"id\":" + JsonString(a.id()) +
         ",\"title\":" + JsonString(a.title()) +
         ",\"source\":" + JsonString(a.source()) +
         ",\"url\":" + JsonString(a.url()) + ",\"published\":" +
         (a.has_published_ms()
              ? JsonString(FormatRfc3339(a.published_ms()))
              : std::string("null")) +
         ",\"body\":" + JsonString(a.body()) +
         ",\"decision\":" + DecisionJsonWithEvidence(stored.decision()) + "}";
}

std::string ClusterJson(const ClusterView& view) {
  const pb::StoredCluster& c = view.cluster;
  std::string out = "{\"cluster\":" + JsonString(c.id()) +
                    ",\"original\":" + JsonString(c.original_id()) +
                    ",\"size\":" + std::to_string(view.members.size()) +
                    ",\"members\":[";
  bool first = true;
  for (const pb::StoredArticle& stored : view.members) {
    const pb::Decision& d = stored.decision();
    out += first ? "" : ",";
    first = false;
    out += "{\"id\":" + JsonString(stored.article().id()) +
           ",\"relation\":\"" + RelationName(FromProto(d.relation())) +
           "\",\"matched\":" + OptionalString(d.matched_id()) +
           ",\"title\":" + JsonString(stored.article().title()) +
           ",\"source\":" + JsonString(stored.article().source()) +
           ",\"url\":" + JsonString(stored.article().url()) +
           ",\"score\":" + Number(d.scores().score()) +
           ",\"published\":" +
           (stored.article().has_published_ms()
                ? JsonString(FormatRfc3339(stored.article().published_ms()))
                : std::string("null")) +
           ",\"stored\":" + JsonString(FormatRfc3339(stored.ingested_ms())) +
           "}";
  }
  out += "]}";
  return out;
}

}  // namespace newsdedup
