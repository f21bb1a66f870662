#include "ingest/cluster/wire.h"

namespace newsdedup::cluster_wire {

Status Decode(std::string_view bytes, google::protobuf::MessageLite* message,
              std::string_view what) {
  if (message->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Status::Ok();
  }
  return Status::Corruption(std::string(what) + " does not decode");
}
namespace {

using Lists = google::protobuf::RepeatedField<uint32_t>;

void PutKeys(const IndexKeys& keys, pb::IndexKeyLists* out) {
  out->mutable_shingles()->Add(keys[IndexKind::kShingles].begin(),
                               keys[IndexKind::kShingles].end());
  out->mutable_terms()->Add(keys[IndexKind::kTerms].begin(),
                            keys[IndexKind::kTerms].end());
  out->mutable_lines()->Add(keys[IndexKind::kLines].begin(),
                            keys[IndexKind::kLines].end());
  out->mutable_titles()->Add(keys[IndexKind::kTitles].begin(),
                             keys[IndexKind::kTitles].end());
}

IndexKeys GetKeys(const pb::IndexKeyLists& in) {
  IndexKeys keys;
  keys[IndexKind::kShingles].assign(in.shingles().begin(), in.shingles().end());
  keys[IndexKind::kTerms].assign(in.terms().begin(), in.terms().end());
  keys[IndexKind::kLines].assign(in.lines().begin(), in.lines().end());
  keys[IndexKind::kTitles].assign(in.titles().begin(), in.titles().end());
  return keys;
}

// Postings as runs: (count, ordinals...) per key.
void PutRuns(const std::vector<KeyAnswer>& answers, Lists* out) {
  for (const KeyAnswer& a : answers) {
    out->Add(static_cast<uint32_t>(a.postings.size()));
    out->Add(a.postings.begin(), a.postings.end());
  }
}

bool GetRuns(const Lists& runs, std::vector<KeyAnswer>& answers) {
  int at = 0;
  for (KeyAnswer& a : answers) {
    if (at >= runs.size()) return false;
    const uint32_t n = runs[at++];
    if (n > static_cast<uint32_t>(runs.size() - at)) return false;
    a.postings.assign(runs.begin() + at, runs.begin() + at + n);
    at += static_cast<int>(n);
  }
  return at == runs.size();
}

bool GetTallies(const Lists& tallies, const std::vector<uint32_t>& keys,
                std::vector<KeyAnswer>& out) {
  if (static_cast<size_t>(tallies.size()) != keys.size()) return false;
  out.resize(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    out[i].key = keys[i];
    out[i].tally = tallies[static_cast<int>(i)];
  }
  return true;
}

void PutTallies(const std::vector<KeyAnswer>& answers, Lists* out) {
  for (const KeyAnswer& a : answers) out->Add(a.tally);
}

}  // namespace

std::string EncodeChanges(const std::vector<IndexChange>& changes) {
  pb::IndexChangeBatch batch;
  for (const IndexChange& change : changes) {
    pb::IndexChangeMessage& m = *batch.add_changes();
    m.set_kind(static_cast<uint32_t>(change.kind));
    m.set_ordinal(change.ordinal);
    m.set_cluster(change.cluster);
    m.set_boilerplate(change.boilerplate);
    m.set_time(change.time);
    m.set_exact_below(change.exact_below);
    PutKeys(change.keys, m.mutable_keys());
    m.mutable_counted_terms()->Add(change.counted_terms.begin(),
                                   change.counted_terms.end());
  }
  return batch.SerializeAsString();
}

StatusOr<std::vector<IndexChange>> DecodeChanges(std::string_view bytes) {
  pb::IndexChangeBatch batch;
  if (Status s = Decode(bytes, &batch, "index changes"); !s.ok()) return s;
  std::vector<IndexChange> changes;
  for (const pb::IndexChangeMessage& m : batch.changes()) {
    if (m.kind() > static_cast<uint32_t>(IndexChange::Kind::kRemove)) {
      return Status::Corruption("index change of unknown kind " +
                                std::to_string(m.kind()));
    }
    IndexChange& change = changes.emplace_back();
    change.kind = static_cast<IndexChange::Kind>(m.kind());
    change.ordinal = m.ordinal();
    change.cluster = m.cluster();
    change.boilerplate = m.boilerplate();
    change.time = m.time();
    change.exact_below = m.exact_below();
    change.keys = GetKeys(m.keys());
    change.counted_terms.assign(m.counted_terms().begin(),
                                m.counted_terms().end());
  }
  return changes;
}

std::string EncodeLookup(const IndexLookup& lookup, uint64_t stream_through) {
  pb::ShardLookup m;
  m.set_stream_through(stream_through);
  m.set_postings(lookup.postings);
  m.set_boilerplate_clusters(lookup.boilerplate_clusters);
  PutKeys(lookup.keys, m.mutable_keys());
  return m.SerializeAsString();
}

StatusOr<std::pair<IndexLookup, uint64_t>> DecodeLookup(
    std::string_view bytes) {
  pb::ShardLookup m;
  if (!m.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Status::InvalidArgument("shard lookup does not decode");
  }
  IndexLookup lookup;
  lookup.postings = m.postings();
  lookup.boilerplate_clusters = m.boilerplate_clusters();
  lookup.keys = GetKeys(m.keys());
  return std::make_pair(std::move(lookup), m.stream_through());
}

std::string EncodeAnswer(const IndexAnswer& answer) {
  pb::ShardAnswer m;
  PutTallies(answer[IndexKind::kShingles], m.mutable_shingle_tallies());
  PutTallies(answer[IndexKind::kTerms], m.mutable_term_tallies());
  PutTallies(answer[IndexKind::kLines], m.mutable_line_tallies());
  PutTallies(answer[IndexKind::kTitles], m.mutable_title_tallies());
  PutRuns(answer[IndexKind::kShingles], m.mutable_shingle_postings());
  PutRuns(answer[IndexKind::kTerms], m.mutable_term_postings());
  PutRuns(answer[IndexKind::kTitles], m.mutable_title_postings());
  return m.SerializeAsString();
}

std::string EncodeAnswerError(const Status& error) {
  pb::ShardAnswer m;
  m.set_error(error.ToString());
  return m.SerializeAsString();
}

StatusOr<IndexAnswer> DecodeAnswer(std::string_view bytes,
                                   const IndexLookup& lookup) {
  pb::ShardAnswer m;
  if (Status s = Decode(bytes, &m, "shard answer"); !s.ok()) return s;
  if (!m.error().empty()) return Status::Unavailable("shard: " + m.error());
  IndexAnswer answer;
  bool ok =
      GetTallies(m.shingle_tallies(), lookup.keys[IndexKind::kShingles],
                 answer[IndexKind::kShingles]) &&
      GetTallies(m.term_tallies(), lookup.keys[IndexKind::kTerms],
                 answer[IndexKind::kTerms]) &&
      GetTallies(m.line_tallies(), lookup.keys[IndexKind::kLines],
                 answer[IndexKind::kLines]) &&
      GetTallies(m.title_tallies(), lookup.keys[IndexKind::kTitles],
                 answer[IndexKind::kTitles]);
  // Postings come as one run per key, empty when not asked for.
  ok = ok && GetRuns(m.shingle_postings(), answer[IndexKind::kShingles]) &&
       GetRuns(m.term_postings(), answer[IndexKind::kTerms]) &&
       GetRuns(m.title_postings(), answer[IndexKind::kTitles]);
  if (!ok) return Status::Corruption("shard answer does not fit the lookup");
  return answer;
}

}  // namespace newsdedup::cluster_wire
