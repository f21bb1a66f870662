#include "ingest/cluster/nats_index_shards.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <future>
#include <thread>

#include "ingest/cluster/wire.h"

namespace newsdedup {

NatsIndexShards::NatsIndexShards(NatsConnection& nats,
                                 const ClusterOptions& options)
    : nats_(nats), options_(options), names_(options) {}

namespace {

// How long one request waits for its answer. A shard answers at once
// once it has read the changes a lookup waits for, and tells it is not
// there yet after a second (IndexShardServer): a request with no answer
// in this time was lost (its shard died or was between NATS servers) and
// is asked again, until the role's timeout.
constexpr int kAttemptMs = 3000;

}  // namespace

Status NatsIndexShards::Ask(const std::string& subject,
                            const std::string& request,
                            const std::function<Status(std::string)>& take) {
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(options_.timeout_ms);
  auto pause = std::chrono::milliseconds(20);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    StatusOr<std::string> reply = nats_.Request(
        subject, request,
        static_cast<int>(std::clamp<int64_t>(left.count(), 1, kAttemptMs)));
    Status s = reply.ok() ? take(std::move(*reply)) : reply.status();
    // Unavailable: nobody answered, or the shard is not there yet.
    if (s.code() != Status::Code::kUnavailable ||
        std::chrono::steady_clock::now() + pause >= deadline) {
      return s;
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
  for (uint32_t shard = 0; shard < n; ++shard) {
    parts.push_back(LookupForShard(lookup, shard, n));
  }
  // Every shard at once: a decision waits for the slowest, not the sum.
  std::vector<IndexAnswer> by_shard(n);
  std::vector<std::future<Status>> replies;
  for (uint32_t shard = 0; shard < n; ++shard) {
    std::string request =
        cluster_wire::EncodeLookup(parts[shard], stream_through_);
    traffic_.lookup_bytes += request.size();
    ++traffic_.lookups;
    auto ask = [this, shard, request = std::move(request), &parts,
                &by_shard] {
      return Ask(names_.LookupSubject(shard), request,
                 [&](std::string reply) -> Status {
                   answer_bytes_ += reply.size();
                   StatusOr<IndexAnswer> decoded =
                       cluster_wire::DecodeAnswer(reply, parts[shard]);
                   if (!decoded.ok()) return decoded.status();
                   by_shard[shard] = std::move(*decoded);
                   return Status::Ok();
                 });
    };
    replies.push_back(shard + 1 < n ? std::async(std::launch::async, ask)
                                    : std::async(std::launch::deferred, ask));
  }
  Status failure;
  for (uint32_t shard = 0; shard < n; ++shard) {
    Status s = replies[shard].get();
    if (!s.ok() && failure.ok()) {
      failure = s.WithContext("index shard " + std::to_string(shard));
    }
  }
  traffic_.answer_bytes = answer_bytes_.load();
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
  pb::ShardArticlesAnswer answer;
  Status s = Ask(names_.ArticlesSubject(0), request.SerializeAsString(),
                 [&](std::string reply) -> Status {
                   if (!answer.ParseFromString(reply)) {
                     return Status::Corruption(
                         "index shard 0's articles do not decode");
                   }
                   if (!answer.error().empty()) {
                     return Status::Unavailable(answer.error());
                   }
                   return Status::Ok();
                 });
  if (!s.ok()) return s.WithContext("index shard 0");
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
