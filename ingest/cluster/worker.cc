// FingerprintWorker: the stateless stage. Input entries are fingerprinted
// here and handed on prepared, so that the decider spends its one thread
// on deciding.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <future>

#include "ingest/cluster/cluster.h"
#include "ingest/cluster/names.h"
#include "ingest/formats/article_json.h"
#include "ingest/threads.h"
#include "storage/article_records.h"

namespace newsdedup {
namespace {

// Entries taken at a time: enough to keep every thread busy, few enough
// that a worker killed midway leaves little to deliver again.
constexpr int kBatch = 64;

}  // namespace

struct FingerprintWorker::Impl {
  ClusterOptions options;
  ClusterNames names;
  EngineOptions engine;
  Fingerprinter fingerprinter;
  std::unique_ptr<NatsConnection> nats;
  std::unique_ptr<PullConsumer> inputs;
  std::unique_ptr<boost::asio::thread_pool> pool;

  Impl(const ClusterOptions& o, EngineOptions e)
      : options(o),
        names(o),
        engine(std::move(e)),
        fingerprinter(engine.detector.fingerprint) {}

  // The prepared entry for one input message.
  pb::PreparedItem Prepare(const NatsMessage& message) const {
    pb::PreparedItem item;
    item.set_input_sequence(message.stream_sequence());
    pb::InputItem input;
    if (!input.ParseFromArray(message.data().data(),
                              static_cast<int>(message.data().size()))) {
      item.set_error("input entry does not decode");
      return item;
    }
    if (input.has_delete_id()) {
      item.set_delete_id(input.delete_id());
      return item;
    }
    if (!input.has_article()) {
      item.set_error("input entry holds neither an article nor a deletion");
      return item;
    }
    Article article = FromProto(input.article());
    // Whoever published it, it is held to what any front end checks.
    if (Status valid = ValidateArticle(article, IngestLimits{}); !valid.ok()) {
      item.set_error(valid.ToString());
      return item;
    }
    PreparedArticle prepared =
        PrepareArticle(fingerprinter, engine, std::move(article));
    *item.mutable_article() = std::move(*input.mutable_article());
    if (prepared.text) item.set_text(std::move(*prepared.text));
    *item.mutable_record() = std::move(prepared.record);
    return item;
  }
};

FingerprintWorker::FingerprintWorker(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
FingerprintWorker::~FingerprintWorker() {
  if (impl_->pool) impl_->pool->join();
}

StatusOr<std::unique_ptr<FingerprintWorker>> FingerprintWorker::Start(
    const ClusterOptions& options, EngineOptions engine, unsigned threads) {
  auto impl = std::make_unique<Impl>(options, std::move(engine));
  NatsOptions nats = options.nats;
  nats.name = "newsdedup worker";
  StatusOr<std::unique_ptr<NatsConnection>> connection =
      NatsConnection::Connect(nats);
  if (!connection.ok()) return connection.status();
  impl->nats = std::move(*connection);
  if (Status s = EnsureClusterStreams(*impl->nats, options); !s.ok()) return s;
  PullSpec spec;
  spec.stream = impl->names.input_stream;
  spec.durable = impl->names.workers_consumer;
  // A worker killed with entries taken: they go to another after this.
  spec.ack_wait_ms = 10000;
  spec.max_ack_pending = 4 * kBatch * 16;
  StatusOr<std::unique_ptr<PullConsumer>> inputs = impl->nats->Pull(spec);
  if (!inputs.ok()) return inputs.status();
  impl->inputs = std::move(*inputs);
  impl->pool = std::make_unique<boost::asio::thread_pool>(
      WorkerThreads(threads));
  return std::unique_ptr<FingerprintWorker>(
      new FingerprintWorker(std::move(impl)));
}

StatusOr<size_t> FingerprintWorker::Step(int timeout_ms) {
  Impl& w = *impl_;
  StatusOr<std::vector<NatsMessage>> messages =
      w.inputs->Fetch(kBatch, timeout_ms);
  if (!messages.ok()) return messages.status();
  if (messages->empty()) return size_t{0};
  std::vector<std::future<pb::PreparedItem>> prepared;
  for (const NatsMessage& message : *messages) {
    auto task = std::make_shared<std::packaged_task<pb::PreparedItem()>>(
        [&w, &message] { return w.Prepare(message); });
    prepared.push_back(task->get_future());
    boost::asio::post(*w.pool, [task] { (*task)(); });
  }
  for (auto& item : prepared) {
    const pb::PreparedItem done = item.get();
    // Prepared again after a redelivery, it is the same message: the
    // stream keeps it once.
    Status s = w.nats->PublishAsync(
        w.names.prepared_subject, done.SerializeAsString(),
        "fp-" + std::to_string(done.input_sequence()));
    if (!s.ok()) return s;
  }
  if (Status s = w.nats->WaitPublished(w.options.timeout_ms); !s.ok()) {
    return s;
  }
  // Acknowledged only once handed on: a worker killed before this leaves
  // them to be delivered again.
  for (NatsMessage& message : *messages) {
    if (Status s = message.Ack(); !s.ok()) return s;
  }
  return messages->size();
}

}  // namespace newsdedup
