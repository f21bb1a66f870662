// The cluster's messages (proto/cluster.proto) to and from the index
// shards' types (dedup/index_shards.h). Internal to ingest/cluster.
#pragma once

#include <string>
#include <string_view>

#include "dedup/index_shards.h"
#include "dedup/status.h"
#include "proto/cluster.pb.h"

namespace newsdedup::cluster_wire {

// Parses `bytes` into `message`; kCorruption "<what> does not decode" when
// they are not one.
Status Decode(std::string_view bytes, google::protobuf::MessageLite* message,
              std::string_view what);

std::string EncodeChanges(const std::vector<IndexChange>& changes);
StatusOr<std::vector<IndexChange>> DecodeChanges(std::string_view bytes);

std::string EncodeLookup(const IndexLookup& lookup, uint64_t stream_through);
// The lookup, and the changes stream's sequence it must wait for.
StatusOr<std::pair<IndexLookup, uint64_t>> DecodeLookup(std::string_view bytes);

std::string EncodeAnswer(const IndexAnswer& answer);
std::string EncodeAnswerError(const Status& error);
// The answer to `lookup` (kCorruption when it does not fit it), or the
// error the shard sent.
StatusOr<IndexAnswer> DecodeAnswer(std::string_view bytes,
                                   const IndexLookup& lookup);

}  // namespace newsdedup::cluster_wire
