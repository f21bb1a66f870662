#include "dedup/index_shards.h"

#include <algorithm>
#include <string>

namespace newsdedup {
namespace {

constexpr IndexKind kKinds[] = {IndexKind::kShingles, IndexKind::kTerms,
                                IndexKind::kLines, IndexKind::kTitles};

std::vector<uint32_t> KeysOfShard(IndexKind kind,
                                  const std::vector<uint32_t>& keys,
                                  uint32_t shard, uint32_t shard_count) {
  std::vector<uint32_t> out;
  for (uint32_t key : keys) {
    if (ShardOf(kind, key, shard_count) == shard) out.push_back(key);
  }
  return out;
}

}  // namespace

uint32_t ShardOf(IndexKind kind, uint32_t key, uint32_t shard_count) {
  // splitmix64's finaliser over (kind, key).
  uint64_t h = (uint64_t{static_cast<uint8_t>(kind)} << 32 | key) +
               0x9E3779B97F4A7C15ull;
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  h ^= h >> 31;
  return static_cast<uint32_t>(((h & 0xFFFFFFFFull) * shard_count) >> 32);
}

bool IndexKeys::empty() const { return size() == 0; }

size_t IndexKeys::size() const {
  size_t n = 0;
  for (const auto& keys : of) n += keys.size();
  return n;
}

IndexLookup LookupForShard(const IndexLookup& lookup, uint32_t shard,
                           uint32_t shard_count) {
  IndexLookup part;
  part.postings = lookup.postings;
  part.boilerplate_clusters = lookup.boilerplate_clusters;
  for (IndexKind kind : kKinds) {
    part.keys[kind] = KeysOfShard(kind, lookup.keys[kind], shard, shard_count);
  }
  return part;
}

IndexChange ChangeForShard(const IndexChange& change, uint32_t shard,
                           uint32_t shard_count) {
  IndexChange part;
  part.kind = change.kind;
  part.ordinal = change.ordinal;
  part.cluster = change.cluster;
  part.boilerplate = change.boilerplate;
  part.time = change.time;
  part.exact_below = change.exact_below;
  for (IndexKind kind : kKinds) {
    part.keys[kind] = KeysOfShard(kind, change.keys[kind], shard, shard_count);
  }
  part.counted_terms = KeysOfShard(IndexKind::kTerms, change.counted_terms,
                                   shard, shard_count);
  return part;
}

Status MergeAnswers(const IndexLookup& lookup, uint32_t shard_count,
                    std::vector<IndexAnswer> by_shard, IndexAnswer* merged) {
  if (by_shard.size() != shard_count) {
    return Status::Corruption("answers from " +
                              std::to_string(by_shard.size()) + " of " +
                              std::to_string(shard_count) + " shards");
  }
  for (IndexKind kind : kKinds) {
    std::vector<KeyAnswer>& out = (*merged)[kind];
    out.clear();
    out.reserve(lookup.keys[kind].size());
    std::vector<size_t> next(shard_count, 0);
    for (uint32_t key : lookup.keys[kind]) {
      const uint32_t shard = ShardOf(kind, key, shard_count);
      std::vector<KeyAnswer>& answers = by_shard[shard][kind];
      size_t& i = next[shard];
      if (i >= answers.size() || answers[i].key != key) {
        return Status::Corruption("shard " + std::to_string(shard) +
                                  " did not answer for key " +
                                  std::to_string(key));
      }
      out.push_back(std::move(answers[i++]));
    }
    for (uint32_t shard = 0; shard < shard_count; ++shard) {
      if (next[shard] != by_shard[shard][kind].size()) {
        return Status::Corruption("shard " + std::to_string(shard) +
                                  " answered for keys not asked");
      }
    }
  }
  return Status::Ok();
}

}  // namespace newsdedup
