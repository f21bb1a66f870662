#include "tools/json_output.h"

#include <cstdio>

namespace newsdedup {
namespace {

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.4f", value);
  return buffer;
}

std::string DecisionFields(const pb::Decision& d, bool known) {
  std::string out = "{\"id\":" + JsonString(d.article_id()) +
                    ",\"cluster\":" + JsonString(d.cluster_id()) +
                    ",\"relation\":\"" + RelationName(d.relation()) + "\"" +
                    ",\"matched\":" +
                    (d.matched_id().empty() ? "null" : JsonString(d.matched_id())) +
                    ",\"score\":" + Number(d.scores().score()) +
                    ",\"original\":" + JsonString(d.original_id());
  if (known) out += ",\"known\":true";
  return out;
}

}  // namespace

std::string JsonString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out.push_back('"');
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof(buffer), "\\u%04x", c);
          out += buffer;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
  return out;
}

const char* RelationName(pb::Relation relation) {
  switch (relation) {
    case pb::NEW: return "new";
    case pb::EXACT: return "exact";
    case pb::NEAR_DUPLICATE: return "near_duplicate";
    case pb::CONTAINED: return "contained";
    case pb::CONTAINS: return "contains";
    case pb::REWRITE: return "rewrite";
    default: return "new";
  }
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
         ",\"simhash_distance\":" + std::to_string(s.simhash_distance()) +
         "}}";
}

}  // namespace newsdedup
