// Conversions between the detector's in-memory fingerprints and their stored
// records (pb::StoredFingerprint).
#pragma once

#include <string>
#include <vector>

#include "dedup/fingerprint.h"
#include "dedup/status.h"
#include "proto/newsdedup.pb.h"

namespace newsdedup {

pb::StoredFingerprint ToRecord(const Fingerprint& fp,
                               const std::string& article_id,
                               uint32_t cluster_ordinal);
// The same when the fingerprint's distinct terms, ascending, are at hand
// (DerivedFeatures::terms), which saves sorting them again.
pb::StoredFingerprint ToRecord(const Fingerprint& fp,
                               const std::vector<uint32_t>& distinct_terms,
                               const std::string& article_id,
                               uint32_t cluster_ordinal);
// Fails (kCorruption) when the record's term coding does not decode.
StatusOr<Fingerprint> FromRecord(const pb::StoredFingerprint& record);

}  // namespace newsdedup
