#include "tools/scoring.h"

#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <set>

#include "ingest/sources/line_reader.h"

namespace newsdedup {
namespace {

uint64_t Pairs(uint64_t n) { return n * (n - 1) / 2; }

std::string Fixed(double value) {
  if (std::isnan(value)) return "nan";
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.4f", value);
  return buffer;
}

std::string StringField(simdjson::dom::object& object, const char* name) {
  std::string_view value;
  if (object[name].get_string().get(value)) return "";
  return std::string(value);
}

}  // namespace

StatusOr<std::vector<LabelledArticle>> ReadLabels(const std::string& path) {
  StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open(path, 64 << 20);
  if (!reader.ok()) return reader.status();
  std::vector<LabelledArticle> labels;
  simdjson::dom::parser parser;
  std::string line;
  for (;;) {
    const LineReader::Result r = (*reader)->Next(&line);
    if (r == LineReader::Result::kEnd) break;
    const std::string where =
        path + ":" + std::to_string((*reader)->line_number());
    if (r != LineReader::Result::kLine) {
      return Status::InvalidArgument(where + ": unreadable line");
    }
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    simdjson::dom::object object;
    if (parser.parse(line).get_object().get(object)) {
      return Status::InvalidArgument(where + ": not a JSON object");
    }
    LabelledArticle label;
    label.id = StringField(object, "id");
    label.group = StringField(object, "group");
    label.relation = StringField(object, "relation");
    label.hard_negative_of = StringField(object, "hard_negative_of");
    label.hard_negative_kind = StringField(object, "hard_negative_kind");
    if (label.id.empty() || label.group.empty()) {
      return Status::InvalidArgument(where + ": needs \"id\" and \"group\"");
    }
    labels.push_back(std::move(label));
  }
  return labels;
}

ClusteringScores ScoreClustering(
    const std::vector<LabelledArticle>& labels,
    const std::unordered_map<std::string, std::string>& cluster_of) {
  ClusteringScores s;
  s.articles = labels.size();
  // Predicted cluster of each labelled article; missing ones stand alone.
  std::unordered_map<std::string, std::string> cluster;
  std::unordered_map<std::string, std::string> group;
  for (const LabelledArticle& l : labels) {
    auto it = cluster_of.find(l.id);
    cluster[l.id] = it != cluster_of.end() ? "p:" + it->second : "m:" + l.id;
    group[l.id] = l.group;
  }
  std::map<std::pair<std::string, std::string>, uint64_t> cells;
  std::unordered_map<std::string, uint64_t> group_sizes, cluster_sizes;
  for (const LabelledArticle& l : labels) {
    ++cells[{l.group, cluster[l.id]}];
    ++group_sizes[l.group];
    ++cluster_sizes[cluster[l.id]];
  }
  for (const auto& [key, n] : cells) s.correct_pairs += Pairs(n);
  for (const auto& [key, n] : group_sizes) s.true_pairs += Pairs(n);
  for (const auto& [key, n] : cluster_sizes) s.predicted_pairs += Pairs(n);
  s.groups = group_sizes.size();
  s.predicted_clusters = cluster_sizes.size();
  s.precision =
      s.predicted_pairs ? double(s.correct_pairs) / s.predicted_pairs : 1;
  s.recall = s.true_pairs ? double(s.correct_pairs) / s.true_pairs : 1;
  s.f1 = s.precision + s.recall > 0
             ? 2 * s.precision * s.recall / (s.precision + s.recall)
             : 0;
  const double total = Pairs(labels.size());
  if (total > 0) {
    const double expected = double(s.true_pairs) * s.predicted_pairs / total;
    const double max_index = (double(s.true_pairs) + s.predicted_pairs) / 2;
    s.ari = max_index == expected
                ? 1.0
                : (s.correct_pairs - expected) / (max_index - expected);
  }

  std::unordered_map<std::string, std::string> original_of_group;
  for (const LabelledArticle& l : labels) {
    if (l.relation == "original") original_of_group[l.group] = l.id;
  }
  for (const LabelledArticle& l : labels) {
    if (l.relation.empty() || l.relation == "original") continue;
    auto o = original_of_group.find(l.group);
    if (o == original_of_group.end()) continue;
    const bool hit = cluster[l.id] == cluster[o->second];
    Counted& c = s.recall_by_relation[l.relation];
    ++c.total;
    ++s.copies.total;
    if (hit) {
      ++c.hits;
      ++s.copies.hits;
    }
  }

  std::set<std::pair<std::string, std::string>> seen;
  for (const LabelledArticle& l : labels) {
    if (l.hard_negative_of.empty()) continue;
    auto other = group.find(l.hard_negative_of);
    if (other == group.end() || other->second == l.group) continue;
    auto key = std::minmax(l.id, l.hard_negative_of);
    if (!seen.insert({key.first, key.second}).second) continue;
    const bool merged = cluster[l.id] == cluster[l.hard_negative_of];
    Counted& kind = s.hard_negatives_by_kind[l.hard_negative_kind.empty()
                                                 ? "(none)"
                                                 : l.hard_negative_kind];
    ++kind.total;
    ++s.hard_negatives.total;
    if (merged) {
      ++kind.hits;
      ++s.hard_negatives.hits;
    }
  }
  return s;
}

std::string FormatScores(const ClusteringScores& s) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof(line),
                "articles %llu  groups %llu  predicted clusters %llu\n",
                static_cast<unsigned long long>(s.articles),
                static_cast<unsigned long long>(s.groups),
                static_cast<unsigned long long>(s.predicted_clusters));
  out += line;
  std::snprintf(line, sizeof(line),
                "pairs: true %llu  predicted %llu  correct %llu\n",
                static_cast<unsigned long long>(s.true_pairs),
                static_cast<unsigned long long>(s.predicted_pairs),
                static_cast<unsigned long long>(s.correct_pairs));
  out += line;
  out += "pairwise precision " + Fixed(s.precision) + "  recall " +
         Fixed(s.recall) + "  F1 " + Fixed(s.f1) + "\n";
  out += "adjusted Rand index " + Fixed(s.ari) + "\n";
  out += "copy recall (copy in its original's cluster), by relation:\n";
  for (const auto& [relation, c] : s.recall_by_relation) {
    std::snprintf(line, sizeof(line), "  %-9s %s  (n=%llu)\n", relation.c_str(),
                  Fixed(c.rate()).c_str(),
                  static_cast<unsigned long long>(c.total));
    out += line;
  }
  std::snprintf(line, sizeof(line), "  %-9s %s  (n=%llu)\n", "all",
                Fixed(s.copies.total ? s.copies.rate() : NAN).c_str(),
                static_cast<unsigned long long>(s.copies.total));
  out += line;
  const double hard = s.hard_negatives.total ? s.hard_negatives.rate() : NAN;
  std::snprintf(line, sizeof(line),
                "hard-negative pairs merged: %llu of %llu = %s\n",
                static_cast<unsigned long long>(s.hard_negatives.hits),
                static_cast<unsigned long long>(s.hard_negatives.total),
                Fixed(hard).c_str());
  out += line;
  for (const auto& [kind, c] : s.hard_negatives_by_kind) {
    std::snprintf(line, sizeof(line), "  %-9s %llu of %llu = %s\n",
                  kind.c_str(), static_cast<unsigned long long>(c.hits),
                  static_cast<unsigned long long>(c.total),
                  Fixed(c.rate()).c_str());
    out += line;
  }
  auto rewrite = s.recall_by_relation.find("rewrite");
  const double rewrite_recall =
      rewrite != s.recall_by_relation.end() ? rewrite->second.rate() : NAN;
  out += "RESULT f1=" + Fixed(s.f1) + " precision=" + Fixed(s.precision) +
         " recall=" + Fixed(s.recall) + " ari=" + Fixed(s.ari) +
         " rewrite_recall=" + Fixed(rewrite_recall) +
         " hardneg_merge=" + Fixed(hard) + "\n";
  return out;
}

}  // namespace newsdedup
