// Scoring a clustering against labelled copy groups: the figures
// `newsdedup eval` prints, computed exactly as the reference scorer does.
//
//   pairwise precision / recall / F1 over unordered article pairs (a pair is
//     positive in the truth when both share a group, predicted positive when
//     both share a cluster);
//   the adjusted Rand index (Hubert & Arabie) of the two partitions;
//   recall per relation: the share of copies clustered with their group's
//     original;
//   the merge rate over hard-negative pairs, overall and per kind.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "dedup/status.h"

namespace newsdedup {

struct LabelledArticle {
  std::string id;
  std::string group;
  std::string relation;            // "original", "verbatim", ...
  std::string hard_negative_of;    // empty when none
  std::string hard_negative_kind;  // "template", "topic", "place", or empty
};

// Reads the label fields of a JSON Lines file (other fields ignored).
StatusOr<std::vector<LabelledArticle>> ReadLabels(const std::string& path);

struct Counted {
  uint64_t hits = 0;
  uint64_t total = 0;
  double rate() const { return total ? double(hits) / total : 0.0; }
};

struct ClusteringScores {
  uint64_t articles = 0;
  uint64_t groups = 0;
  uint64_t predicted_clusters = 0;
  uint64_t true_pairs = 0;
  uint64_t predicted_pairs = 0;
  uint64_t correct_pairs = 0;
  double precision = 1;
  double recall = 1;
  double f1 = 0;
  double ari = 1;
  std::map<std::string, Counted> recall_by_relation;
  Counted copies;          // all relations together
  Counted hard_negatives;  // hits = merged
  std::map<std::string, Counted> hard_negatives_by_kind;
};

// `cluster_of` maps article id to predicted cluster; an article missing from
// it counts as a cluster of its own.
ClusteringScores ScoreClustering(
    const std::vector<LabelledArticle>& labels,
    const std::unordered_map<std::string, std::string>& cluster_of);

// The report, ending in the line
// "RESULT f1=... precision=... recall=... ari=... rewrite_recall=...
// hardneg_merge=...".
std::string FormatScores(const ClusteringScores& scores);

}  // namespace newsdedup
