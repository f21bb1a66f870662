// IndexShardServer: one shard of the index behind NATS requests.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "dedup/hash.h"
#include "dedup/index_shard.h"
#include "ingest/cluster/cluster.h"
#include "ingest/cluster/names.h"
#include "ingest/cluster/wire.h"

namespace newsdedup {
namespace {

// The saved shard: magic, the changes stream's sequence applied, a hash
// of the state, the state (IndexShard::Save).
constexpr char kMagic[8] = {'N', 'D', 'S', 'H', 'A', 'R', 'D', '1'};

std::string SavePath(const std::string& dir, uint32_t shard) {
  return dir + "/shard-" + std::to_string(shard) + ".state";
}

}  // namespace

struct IndexShardServer::Impl {
  ClusterOptions options;
  ClusterNames names;
  uint32_t shard = 0;
  std::string dir;
  uint64_t save_every = 0;
  std::unique_ptr<NatsConnection> nats;
  std::unique_ptr<StreamReader> changes;

  mutable std::mutex mu;
  std::condition_variable applied_cv;
  IndexShard index;
  uint64_t stream_sequence = 0;  // of the last change applied
  uint64_t changes_applied = 0;
  uint64_t saved_at = 0;  // stream_sequence when last saved
  Status broken;          // a change that could not be applied

  Impl(const ClusterOptions& o, const DetectorOptions& d)
      : options(o), names(o), index(d) {}

  // Waits until the changes up to `through` are applied; false after a
  // second (the decider is told, and asks again: a short wait keeps its
  // requests from piling up behind one another).
  bool WaitFor(std::unique_lock<std::mutex>& lock, uint64_t through) {
    return applied_cv.wait_for(
        lock, std::chrono::milliseconds(1000),
        [&] { return stream_sequence >= through || !broken.ok(); });
  }

  std::string AnswerLookup(const NatsMessage& message) {
    auto decoded = cluster_wire::DecodeLookup(message.data());
    if (!decoded.ok()) return cluster_wire::EncodeAnswerError(decoded.status());
    std::unique_lock<std::mutex> lock(mu);
    if (!WaitFor(lock, decoded->second)) {
      return cluster_wire::EncodeAnswerError(Status::Unavailable(
          "shard has read the changes to " + std::to_string(stream_sequence) +
          ", not yet to " + std::to_string(decoded->second)));
    }
    if (!broken.ok()) return cluster_wire::EncodeAnswerError(broken);
    return cluster_wire::EncodeAnswer(index.Answer(decoded->first));
  }

  std::string AnswerArticles(const NatsMessage& message) {
    pb::ShardArticlesRequest request;
    pb::ShardArticlesAnswer answer;
    if (!request.ParseFromArray(message.data().data(),
                                static_cast<int>(message.data().size()))) {
      answer.set_error("articles request does not decode");
      return answer.SerializeAsString();
    }
    std::unique_lock<std::mutex> lock(mu);
    if (!WaitFor(lock, request.stream_through())) {
      answer.set_error("shard has not read the changes to " +
                       std::to_string(request.stream_through()) + " yet");
      return answer.SerializeAsString();
    }
    if (!broken.ok()) {
      answer.set_error(broken.ToString());
      return answer.SerializeAsString();
    }
    // Capped, so that an answer stays far under a message's size limit.
    const uint32_t max = std::min<uint32_t>(request.max(), 1u << 16);
    ShardArticles articles = index.Articles(request.from(), max);
    answer.set_first(articles.first);
    answer.set_article_count(articles.article_count);
    answer.mutable_cluster()->Add(articles.cluster.begin(),
                                  articles.cluster.end());
    answer.mutable_boilerplate()->Add(articles.boilerplate.begin(),
                                      articles.boilerplate.end());
    answer.mutable_time()->Add(articles.time.begin(), articles.time.end());
    return answer.SerializeAsString();
  }

  Status Load() {
    const std::string path = SavePath(dir, shard);
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::Ok();  // a new shard
    std::string bytes((std::istreambuf_iterator<char>(in)),
                      std::istreambuf_iterator<char>());
    const size_t header = sizeof kMagic + 16;
    uint64_t sequence = 0, hash = 0;
    if (bytes.size() < header ||
        bytes.compare(0, sizeof kMagic, kMagic, sizeof kMagic) != 0) {
      return Status::Corruption(path + " is not a saved shard");
    }
    std::memcpy(&sequence, bytes.data() + sizeof kMagic, 8);
    std::memcpy(&hash, bytes.data() + sizeof kMagic + 8, 8);
    std::string_view state = std::string_view(bytes).substr(header);
    if (Hash64(state) != hash) return Status::Corruption(path + " is damaged");
    StringStateReader reader(state);
    Status s = index.Load(reader);
    if (!s.ok()) return s.WithContext(path);
    stream_sequence = saved_at = sequence;
    return Status::Ok();
  }

  // Writes the shard beside itself, then renames it into place: a kill
  // while saving leaves the last save whole.
  Status Save() {
    std::string state;
    uint64_t sequence = 0;
    {
      std::lock_guard<std::mutex> lock(mu);
      if (stream_sequence == saved_at) return Status::Ok();
      StringStateWriter writer(&state);
      index.Save(writer);
      sequence = stream_sequence;
    }
    const std::string path = SavePath(dir, shard);
    const std::string temp = path + ".tmp";
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      const uint64_t hash = Hash64(state);
      out.write(kMagic, sizeof kMagic);
      out.write(reinterpret_cast<const char*>(&sequence), 8);
      out.write(reinterpret_cast<const char*>(&hash), 8);
      out.write(state.data(), static_cast<std::streamsize>(state.size()));
      out.flush();
      if (!out) return Status::IOError("cannot write " + temp);
    }
    std::error_code error;
    std::filesystem::rename(temp, path, error);
    if (error) return Status::IOError("cannot rename " + temp + ": " +
                                      error.message());
    saved_at = sequence;
    return Status::Ok();
  }
};

IndexShardServer::IndexShardServer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
IndexShardServer::~IndexShardServer() = default;

StatusOr<std::unique_ptr<IndexShardServer>> IndexShardServer::Start(
    const ClusterOptions& options, const DetectorOptions& detector,
    uint32_t shard, const std::string& dir, uint64_t save_every) {
  if (shard >= options.shard_count) {
    return Status::InvalidArgument("shard " + std::to_string(shard) +
                                   " of " +
                                   std::to_string(options.shard_count));
  }
  auto impl = std::make_unique<Impl>(options, detector);
  impl->shard = shard;
  impl->dir = dir;
  impl->save_every = save_every;
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::IOError("cannot create " + dir);
  if (Status s = impl->Load(); !s.ok()) return s;
  NatsOptions nats = options.nats;
  nats.name = "newsdedup shard " + std::to_string(shard);
  StatusOr<std::unique_ptr<NatsConnection>> connection =
      NatsConnection::Connect(nats);
  if (!connection.ok()) return connection.status();
  impl->nats = std::move(*connection);
  if (Status s = EnsureClusterStreams(*impl->nats, options); !s.ok()) return s;
  StatusOr<std::unique_ptr<StreamReader>> reader = impl->nats->Read(
      impl->names.changes_stream, "", impl->stream_sequence + 1);
  if (!reader.ok()) return reader.status();
  impl->changes = std::move(*reader);
  Impl* self = impl.get();
  // Two servers of one shard share the work (a queue group).
  Status s = impl->nats->Serve(
      impl->names.LookupSubject(shard), "shard",
      [self](const NatsMessage& m) { return self->AnswerLookup(m); });
  if (s.ok()) {
    s = impl->nats->Serve(
        impl->names.ArticlesSubject(shard), "shard",
        [self](const NatsMessage& m) { return self->AnswerArticles(m); });
  }
  if (!s.ok()) return s;
  return std::unique_ptr<IndexShardServer>(
      new IndexShardServer(std::move(impl)));
}

Status IndexShardServer::Run(const std::atomic<bool>& stop) {
  Impl& s = *impl_;
  while (!stop.load()) {
    StatusOr<std::optional<NatsMessage>> next = s.changes->Next(200);
    if (!next.ok()) return next.status();
    if (!next->has_value()) continue;
    const NatsMessage& message = **next;
    StatusOr<std::vector<IndexChange>> changes =
        cluster_wire::DecodeChanges(message.data());
    {
      std::lock_guard<std::mutex> lock(s.mu);
      Status applied = changes.status();
      for (size_t i = 0; applied.ok() && i < changes->size(); ++i) {
        applied = s.index.Apply(ChangeForShard(
            (*changes)[i], s.shard, s.options.shard_count));
      }
      if (!applied.ok()) {
        // The shard no longer matches the decider's index: it stops
        // answering rather than answer wrongly.
        s.broken = applied.WithContext(
            "change at sequence " + std::to_string(message.stream_sequence()));
        s.applied_cv.notify_all();
        return s.broken;
      }
      s.stream_sequence = message.stream_sequence();
      ++s.changes_applied;
    }
    s.applied_cv.notify_all();
    if (s.save_every > 0 && s.stream_sequence - s.saved_at >= s.save_every) {
      if (Status saved = s.Save(); !saved.ok()) return saved;
    }
  }
  return s.Save();
}

ShardServerStats IndexShardServer::stats() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  ShardServerStats out;
  out.changes_applied = impl_->changes_applied;
  out.stream_sequence = impl_->stream_sequence;
  out.article_count = impl_->index.article_count();
  out.memory_bytes = impl_->index.MemoryBytes();
  return out;
}

}  // namespace newsdedup
