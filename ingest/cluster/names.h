// Stream and subject names of a cluster under its prefix. Internal to
// ingest/cluster.
#pragma once

#include <cstdint>
#include <string>

#include "ingest/cluster/cluster.h"

namespace newsdedup {

struct ClusterNames {
  explicit ClusterNames(const ClusterOptions& options);
  std::string input_stream, prepared_stream, changes_stream,
      decisions_stream, events_stream;
  std::string article_subject;   // prefix.in.article
  std::string delete_subject;    // prefix.in.delete
  std::string prepared_subject;  // prefix.fp
  std::string changes_subject;   // prefix.ops
  std::string events_subject;    // prefix.ev
  std::string prefix;
  // A decision's subject names its input sequence, so that a front end
  // finds one by sequence (prefix.dec.N).
  std::string DecisionSubject(uint64_t input_sequence) const {
    return prefix + ".dec." + std::to_string(input_sequence);
  }
  std::string LookupSubject(uint32_t shard) const {
    return prefix + ".shard." + std::to_string(shard) + ".lookup";
  }
  std::string ArticlesSubject(uint32_t shard) const {
    return prefix + ".shard." + std::to_string(shard) + ".articles";
  }
  // The durable consumer the workers share.
  std::string workers_consumer;
};

}  // namespace newsdedup
