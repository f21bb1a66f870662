// ClusterClient: a front end's side of the cluster.
#include <chrono>
#include <thread>

#include "ingest/cluster/cluster.h"
#include "ingest/cluster/names.h"
#include "ingest/cluster/wire.h"
#include "ingest/formats/article_json.h"
#include "storage/article_records.h"

namespace newsdedup {

struct ClusterClient::Impl {
  ClusterOptions options;
  ClusterNames names;
  std::unique_ptr<NatsConnection> nats;
  explicit Impl(const ClusterOptions& o) : options(o), names(o) {}

  StatusOr<PubAck> Publish(const std::string& subject,
                           const pb::InputItem& item,
                           const std::string& msg_id) {
    return nats->Publish(subject, item.SerializeAsString(), msg_id, {},
                         options.timeout_ms);
  }

  // The decision message on `sequence`, if the decider has published it.
  StatusOr<std::optional<pb::DecisionMessage>> Find(uint64_t sequence) {
    StatusOr<uint64_t> at = nats->LastSequence(
        names.decisions_stream, names.DecisionSubject(sequence));
    if (!at.ok()) return at.status();
    if (*at == 0) return std::optional<pb::DecisionMessage>();
    StatusOr<NatsMessage> message =
        nats->GetMessage(names.decisions_stream, *at);
    if (!message.ok()) return message.status();
    pb::DecisionMessage decision;
    if (Status s = cluster_wire::Decode(
            message->data(), &decision,
            "decision on entry " + std::to_string(sequence));
        !s.ok()) {
      return s;
    }
    return std::optional<pb::DecisionMessage>(std::move(decision));
  }
};

ClusterClient::ClusterClient(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
ClusterClient::~ClusterClient() = default;

StatusOr<std::unique_ptr<ClusterClient>> ClusterClient::Connect(
    const ClusterOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  NatsOptions nats = options.nats;
  if (nats.name.empty()) nats.name = "newsdedup front end";
  StatusOr<std::unique_ptr<NatsConnection>> connection =
      NatsConnection::Connect(nats);
  if (!connection.ok()) return connection.status();
  impl->nats = std::move(*connection);
  if (Status s = EnsureClusterStreams(*impl->nats, options); !s.ok()) return s;
  return std::unique_ptr<ClusterClient>(new ClusterClient(std::move(impl)));
}

StatusOr<uint64_t> ClusterClient::Submit(const Article& article) {
  StatusOr<Submitted> submitted = SubmitArticle(article);
  if (!submitted.ok()) return submitted.status();
  return submitted->sequence;
}

StatusOr<ClusterClient::Submitted> ClusterClient::SubmitArticle(
    const Article& article) {
  if (Status s = ValidateArticle(article, IngestLimits{}); !s.ok()) return s;
  pb::InputItem item;
  *item.mutable_article() = ToProto(article);
  // The id is the message id: an article sent again (a client that never
  // heard back) is the entry it already is.
  StatusOr<PubAck> ack =
      impl_->Publish(impl_->names.article_subject, item, article.id);
  if (!ack.ok()) return ack.status();
  return Submitted{ack->sequence, ack->duplicate};
}

StatusOr<uint64_t> ClusterClient::SubmitDelete(const std::string& id) {
  if (id.empty()) return Status::InvalidArgument("no article id to delete");
  pb::InputItem item;
  item.set_delete_id(id);
  StatusOr<PubAck> ack = impl_->Publish(impl_->names.delete_subject, item, {});
  if (!ack.ok()) return ack.status();
  return ack->sequence;
}

StatusOr<pb::DecisionMessage> ClusterClient::AwaitDecision(uint64_t sequence,
                                                           int timeout_ms) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  auto wait = std::chrono::milliseconds(1);
  for (;;) {
    StatusOr<std::optional<pb::DecisionMessage>> found = impl_->Find(sequence);
    if (!found.ok()) return found.status();
    if (found->has_value()) return std::move(**found);
    if (std::chrono::steady_clock::now() >= deadline) {
      return Status::Unavailable("no decision on entry " +
                                 std::to_string(sequence) + " within " +
                                 std::to_string(timeout_ms) + " ms");
    }
    std::this_thread::sleep_for(wait);
    wait = std::min(wait * 2, std::chrono::milliseconds(50));
  }
}

Status ClusterClient::ReadDecisions(
    uint64_t sequence, int idle_ms,
    const std::function<bool(const pb::DecisionMessage&)>& visit) {
  // The decisions stream holds them in input order: its own sequence
  // differs (a deletion's entry has one too), so the read starts where the
  // decision on `sequence` is, or at the start.
  uint64_t start = 1;
  if (sequence > 1) {
    StatusOr<uint64_t> at = impl_->nats->LastSequence(
        impl_->names.decisions_stream, impl_->names.DecisionSubject(sequence));
    if (!at.ok()) return at.status();
    if (*at > 0) start = *at;
  }
  StatusOr<std::unique_ptr<StreamReader>> reader =
      impl_->nats->Read(impl_->names.decisions_stream, "", start);
  if (!reader.ok()) return reader.status();
  for (;;) {
    StatusOr<std::optional<NatsMessage>> next = (*reader)->Next(idle_ms);
    if (!next.ok()) return next.status();
    if (!next->has_value()) return Status::Ok();
    pb::DecisionMessage decision;
    if (Status s =
            cluster_wire::Decode((*next)->data(), &decision, "a decision");
        !s.ok()) {
      return s;
    }
    if (decision.input_sequence() < sequence) continue;
    if (!visit(decision)) return Status::Ok();
  }
}

Status ClusterClient::ReadEvents(
    uint64_t sequence, int idle_ms,
    const std::function<bool(uint64_t, const pb::ClusterEvent&)>& visit) {
  StatusOr<std::unique_ptr<StreamReader>> reader = impl_->nats->Read(
      impl_->names.events_stream, "", std::max<uint64_t>(sequence, 1));
  if (!reader.ok()) return reader.status();
  for (;;) {
    StatusOr<std::optional<NatsMessage>> next = (*reader)->Next(idle_ms);
    if (!next.ok()) return next.status();
    if (!next->has_value()) return Status::Ok();
    pb::ClusterEvent event;
    if (Status s = cluster_wire::Decode((*next)->data(), &event, "an event");
        !s.ok()) {
      return s;
    }
    if (!visit((*next)->stream_sequence(), event)) return Status::Ok();
  }
}

}  // namespace newsdedup
