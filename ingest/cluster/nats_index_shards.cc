#include "ingest/cluster/nats_index_shards.h"

#include <chrono>
#include <future>
#include <thread>

#include "ingest/cluster/wire.h"

namespace newsdedup {

NatsIndexShards::NatsIndexShards(NatsConnection& nats,
                                 const ClusterOptions& options)
    : nats_(nats), options_(options), names_(options) {}

StatusOr<std::string> NatsIndexShards::Ask(const std::string& subject,
                                           const std::string& request) {
  // A shard restarting (reading its state back, catching up) has no one
  // answering for a while: asked again until the timeout.
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(options_.timeout_ms);
  auto pause = std::chrono::milliseconds(20);
  for (;;) {
    StatusOr<std::string> reply =
        nats_.Request(subject, request, options_.timeout_ms);
    if (reply.ok() || reply.status().code() != Status::Code::kUnavailable ||
        std::chrono::steady_clock::now() + pause >= deadline) {
      return reply;
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(500));
  }
}

Status NatsIndexShards::Start() {
  StatusOr<uint64_t> last = nats_.LastSequence(names_.changes_stream);
  if (!last.ok()) return last.status();
  stream_through_ = *last;
  return Status::Ok();
}

Status NatsIndexShards::Lookup(const IndexLookup& lookup,
                               IndexAnswer* answer) {
  if (Status s = Flush(); !s.ok()) return s;
  const uint32_t n = options_.shard_count;
  std::vector<IndexLookup> parts;
  std::vector<std::future<StatusOr<std::string>>> replies;
  for (uint32_t shard = 0; shard < n; ++shard) {
    parts.push_back(LookupForShard(lookup, shard, n));
  }
  // Every shard at once: a decision waits for the slowest, not the sum.
  for (uint32_t shard = 0; shard < n; ++shard) {
    std::string request =
        cluster_wire::EncodeLookup(parts[shard], stream_through_);
    traffic_.lookup_bytes += request.size();
    ++traffic_.lookups;
    auto ask = [this, shard, request = std::move(request)] {
      return Ask(names_.LookupSubject(shard), request);
    };
    replies.push_back(shard + 1 < n ? std::async(std::launch::async, ask)
                                    : std::async(std::launch::deferred, ask));
  }
  std::vector<IndexAnswer> by_shard;
  Status failure;
  for (uint32_t shard = 0; shard < n; ++shard) {
    StatusOr<std::string> reply = replies[shard].get();
    if (!reply.ok()) {
      if (failure.ok()) {
        failure = reply.status().WithContext("index shard " +
                                             std::to_string(shard));
      }
      continue;
    }
    traffic_.answer_bytes += reply->size();
    StatusOr<IndexAnswer> decoded =
        cluster_wire::DecodeAnswer(*reply, parts[shard]);
    if (!decoded.ok()) {
      if (failure.ok()) {
        failure = decoded.status().WithContext("index shard " +
                                               std::to_string(shard));
      }
      continue;
    }
    by_shard.push_back(std::move(*decoded));
  }
  if (!failure.ok()) return failure;
  return MergeAnswers(lookup, n, std::move(by_shard), answer);
}

Status NatsIndexShards::Apply(IndexChange change) {
  pending_.push_back(std::move(change));
  return Status::Ok();
}

Status NatsIndexShards::Flush() {
  if (pending_.empty()) return Status::Ok();
  const std::string message = cluster_wire::EncodeChanges(pending_);
  // No message id: a change stored twice is applied once (an add of an
  // ordinal a shard has is ignored, a removal of one gone does nothing).
  StatusOr<PubAck> ack = nats_.Publish(names_.changes_subject, message, {},
                                       {}, options_.timeout_ms);
  if (!ack.ok()) return ack.status().WithContext("sending index changes");
  ++traffic_.change_messages;
  traffic_.change_bytes += message.size();
  stream_through_ = ack->sequence;
  pending_.clear();
  return Status::Ok();
}

StatusOr<ShardArticles> NatsIndexShards::Articles(uint32_t from,
                                                  uint32_t max) {
  pb::ShardArticlesRequest request;
  request.set_stream_through(stream_through_);
  request.set_from(from);
  request.set_max(max);
  // Every shard keeps the arrays; the first answers.
  StatusOr<std::string> reply =
      Ask(names_.ArticlesSubject(0), request.SerializeAsString());
  if (!reply.ok()) return reply.status().WithContext("index shard 0");
  pb::ShardArticlesAnswer answer;
  if (!answer.ParseFromString(*reply)) {
    return Status::Corruption("index shard 0's articles do not decode");
  }
  if (!answer.error().empty()) {
    return Status::Unavailable("index shard 0: " + answer.error());
  }
  ShardArticles out;
  out.first = answer.first();
  out.article_count = answer.article_count();
  out.cluster.assign(answer.cluster().begin(), answer.cluster().end());
  out.boilerplate.assign(answer.boilerplate().begin(),
                         answer.boilerplate().end());
  out.time.assign(answer.time().begin(), answer.time().end());
  return out;
}

}  // namespace newsdedup
