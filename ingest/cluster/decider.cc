// Decider: the one serial stage. Takes prepared entries in input order,
// decides and stores them with an engine whose index is in the shards,
// then publishes the decisions and the store's new events.
//
// Where it is comes from its outputs: the last decision published names
// the next input entry, the last event published the next event; a
// decision stored but not yet published is found stored again (the id is
// known) and published then. A small file beside the store says where in
// the prepared stream to start reading, so that a restart does not read
// it from the start; lost or stale, it only costs reading more.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "ingest/cluster/cluster.h"
#include "ingest/cluster/names.h"
#include "ingest/cluster/nats_index_shards.h"
#include "ingest/cluster/wire.h"
#include "storage/article_records.h"

namespace newsdedup {
namespace {

std::string PositionPath(const std::string& db) {
  return db + "/cluster-position";
}

}  // namespace

struct Decider::Impl {
  ClusterOptions options;
  ClusterNames names;
  std::string db;
  std::unique_ptr<NatsConnection> nats;
  std::unique_ptr<NatsIndexShards> shards;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<StreamReader> prepared;

  uint64_t next_input = 1;  // the next input entry to decide
  uint64_t next_event = 0;  // the store's next event to publish
  // Entries read ahead of their turn, by input sequence, with the
  // prepared stream's sequence they came at.
  std::map<uint64_t, std::pair<uint64_t, pb::PreparedItem>> waiting;
  uint64_t last_read = 0;  // the prepared stream's last sequence read
  uint64_t decided = 0;    // entries decided by this decider

  explicit Impl(const ClusterOptions& o) : options(o), names(o) {}

  // The last message of `stream`, if any.
  StatusOr<std::optional<NatsMessage>> Last(const std::string& stream) {
    StatusOr<uint64_t> at = nats->LastSequence(stream);
    if (!at.ok()) return at.status();
    if (*at == 0) return std::optional<NatsMessage>();
    StatusOr<NatsMessage> message = nats->GetMessage(stream, *at);
    if (!message.ok()) return message.status();
    return std::optional<NatsMessage>(std::move(*message));
  }

  Status FindPosition() {
    StatusOr<std::optional<NatsMessage>> decision = Last(names.decisions_stream);
    if (!decision.ok()) return decision.status();
    if (decision->has_value()) {
      pb::DecisionMessage m;
      if (Status s = cluster_wire::Decode((*decision)->data(), &m,
                                          "the last decision");
          !s.ok()) {
        return s;
      }
      next_input = m.input_sequence() + 1;
    }
    StatusOr<std::optional<NatsMessage>> event = Last(names.events_stream);
    if (!event.ok()) return event.status();
    if (event->has_value()) {
      pb::ClusterEvent e;
      if (Status s =
              cluster_wire::Decode((*event)->data(), &e, "the last event");
          !s.ok()) {
        return s;
      }
      next_event = e.sequence() + 1;
    }
    return Status::Ok();
  }

  uint64_t ReadFrom() const {
    std::ifstream in(PositionPath(db));
    uint64_t from = 1;
    if (!(in >> from) || from == 0) from = 1;
    return from;
  }

  // Where a restart starts reading: before every entry not yet decided.
  void SavePosition() {
    uint64_t from = last_read + 1;
    for (const auto& [input, entry] : waiting) from = std::min(from, entry.first);
    const std::string path = PositionPath(db), temp = path + ".tmp";
    {
      std::ofstream out(temp, std::ios::trunc);
      out << from << "\n";
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
  }

  // The outcome of one entry, as published: an entry that cannot be
  // decided (malformed, a deletion of an unknown id) gets its error; a
  // failure of the decider itself (its store, the shards) is returned, and
  // the entry is decided again once it is mended.
  StatusOr<pb::DecisionMessage> Decide(pb::PreparedItem& item) {
    pb::DecisionMessage out;
    out.set_input_sequence(item.input_sequence());
    if (!item.error().empty()) {
      out.set_error(item.error());
      return out;
    }
    if (item.has_delete_id()) {
      StatusOr<Removal> removed = engine->Forget(item.delete_id());
      if (removed.ok()) {
        out.set_deleted_id(item.delete_id());
      } else if (removed.status().code() == Status::Code::kNotFound) {
        out.set_error(removed.status().ToString());
      } else {
        return removed.status();
      }
      return out;
    }
    std::optional<std::string> text;
    if (item.has_text()) text = std::move(*item.mutable_text());
    StatusOr<PreparedArticle> prepared = PreparedFromRecord(
        engine->options().detector.fingerprint, FromProto(item.article()),
        std::move(text), std::move(*item.mutable_record()));
    if (!prepared.ok()) {
      out.set_error(prepared.status().ToString());
      return out;
    }
    StatusOr<Outcome> outcome = engine->Ingest(std::move(*prepared));
    if (!outcome.ok()) return outcome.status();
    *out.mutable_decision() = std::move(outcome->decision);
    out.set_already_known(outcome->already_known);
    return out;
  }

  Status PublishEvents() {
    Status failure;
    Status s = engine->store().ScanEvents(
        next_event, [&](const pb::ClusterEvent& event) {
          failure = nats->PublishAsync(
              names.events_subject, event.SerializeAsString(),
              "e-" + std::to_string(event.sequence()));
          if (!failure.ok()) return false;
          next_event = event.sequence() + 1;
          return true;
        });
    return s.ok() ? failure : s;
  }
};

Decider::Decider(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Decider::~Decider() = default;

StatusOr<std::unique_ptr<Decider>> Decider::Open(const ClusterOptions& options,
                                                 const std::string& db,
                                                 EngineOptions engine) {
  auto impl = std::make_unique<Impl>(options);
  impl->db = db;
  NatsOptions nats = options.nats;
  nats.name = "newsdedup decider";
  StatusOr<std::unique_ptr<NatsConnection>> connection =
      NatsConnection::Connect(nats);
  if (!connection.ok()) return connection.status();
  impl->nats = std::move(*connection);
  if (Status s = EnsureClusterStreams(*impl->nats, options); !s.ok()) return s;
  impl->shards = std::make_unique<NatsIndexShards>(*impl->nats, options);
  if (Status s = impl->shards->Start(); !s.ok()) return s;
  engine.index_shards = impl->shards.get();
  // Each decision is committed on its own: the shards hear of it next,
  // and must never hold an article the store could lose.
  engine.store.group_commit = false;
  StatusOr<std::unique_ptr<Engine>> opened = Engine::Open(db, engine);
  if (!opened.ok()) return opened.status();
  impl->engine = std::move(*opened);
  if (Status s = impl->FindPosition(); !s.ok()) return s;
  StatusOr<std::unique_ptr<StreamReader>> reader =
      impl->nats->Read(impl->names.prepared_stream, "", impl->ReadFrom());
  if (!reader.ok()) return reader.status();
  impl->prepared = std::move(*reader);
  // Events the store wrote that were never published (a kill after the
  // commit), and those Open wrote (expiry).
  if (Status s = impl->PublishEvents(); !s.ok()) return s;
  if (Status s = impl->nats->WaitPublished(options.timeout_ms); !s.ok()) {
    return s;
  }
  return std::unique_ptr<Decider>(new Decider(std::move(impl)));
}

StatusOr<size_t> Decider::Step(int timeout_ms) {
  Impl& d = *impl_;
  // Read what has come, waiting only while the next entry has not.
  int wait = timeout_ms;
  for (size_t read = 0; read < 4096; ++read) {
    if (d.waiting.count(d.next_input)) wait = 0;
    StatusOr<std::optional<NatsMessage>> next = d.prepared->Next(wait);
    if (!next.ok()) return next.status();
    if (!next->has_value()) break;
    d.last_read = (*next)->stream_sequence();
    pb::PreparedItem item;
    if (Status s = cluster_wire::Decode(
            (*next)->data(), &item,
            "prepared entry at " + std::to_string(d.last_read));
        !s.ok()) {
      return s;
    }
    const uint64_t input = item.input_sequence();
    if (input >= d.next_input && !d.waiting.count(input)) {
      d.waiting.emplace(input, std::make_pair(d.last_read, std::move(item)));
    }
    wait = 0;
  }
  size_t decided = 0;
  for (auto it = d.waiting.find(d.next_input); it != d.waiting.end();
       it = d.waiting.find(d.next_input)) {
    StatusOr<pb::DecisionMessage> outcome = d.Decide(it->second.second);
    if (!outcome.ok()) {
      // What was decided before is published; this entry is not, and a
      // decider opened again decides on from it.
      (void)d.nats->WaitPublished(d.options.timeout_ms);
      return outcome.status().WithContext(
          "deciding entry " + std::to_string(d.next_input));
    }
    const uint64_t input = d.next_input;
    Status s = d.nats->PublishAsync(d.names.DecisionSubject(input),
                                    outcome->SerializeAsString(),
                                    "d-" + std::to_string(input));
    if (!s.ok()) return s;
    d.waiting.erase(it);
    ++d.next_input;
    ++decided;
    ++d.decided;
  }
  if (Status s = d.PublishEvents(); !s.ok()) return s;
  if (Status s = d.nats->WaitPublished(d.options.timeout_ms); !s.ok()) {
    return s;
  }
  d.SavePosition();
  return decided;
}

uint64_t Decider::next_input() const { return impl_->next_input; }

DeciderStats Decider::stats() const {
  const NatsIndexShards::Traffic& t = impl_->shards->traffic();
  DeciderStats out;
  out.decided = impl_->decided;
  out.lookups = t.lookups;
  out.lookup_bytes = t.lookup_bytes;
  out.answer_bytes = t.answer_bytes;
  out.change_messages = t.change_messages;
  out.change_bytes = t.change_bytes;
  return out;
}
Engine& Decider::engine() { return *impl_->engine; }

}  // namespace newsdedup
