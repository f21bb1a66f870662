#include "ingest/engine.h"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <deque>
#include <future>
#include <memory>
#include <thread>

#include "dedup/hash.h"
#include "ingest/threads.h"
#include "storage/article_records.h"
#include "storage/index_snapshot.h"
#include "storage/records.h"

namespace newsdedup {
namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}


}  // namespace

bool Engine::PublishedBefore(const std::optional<int64_t>& a_time,
                             uint32_t a_ordinal,
                             const std::optional<int64_t>& b_time,
                             uint32_t b_ordinal) {
  if (a_time && b_time && *a_time != *b_time) return *a_time < *b_time;
  if (a_time.has_value() != b_time.has_value()) return a_time.has_value();
  return a_ordinal < b_ordinal;
}

Engine::Engine(EngineOptions options, std::unique_ptr<Store> store)
    : options_(std::move(options)),
      fingerprinter_(options_.detector.fingerprint),
      store_(std::move(store)),
      detector_(std::make_unique<Detector>(
          options_.detector, static_cast<FingerprintSource*>(this),
          options_.index_shards)) {
  if (!options_.now_ms) options_.now_ms = SystemNowMs;
  if (options_.index_shards) {
    // The shards hold the index: there is nothing here to snapshot.
    options_.index_snapshots = false;
    options_.checkpoint_every = 0;
  }
}

Engine::~Engine() {
  // A checkpoint still being written is finished, not abandoned: its
  // temporary file would only be left behind.
  (void)WaitForBackgroundCheckpoint();
}

StatusOr<std::unique_ptr<Engine>> Engine::Open(const std::string& db_path,
                                               EngineOptions options) {
  StatusOr<std::unique_ptr<Store>> store =
      Store::Open(db_path, options.store);
  if (!store.ok()) return store.status();
  std::unique_ptr<Engine> engine(
      new Engine(std::move(options), std::move(*store)));
  Status s = engine->OpenIndex();
  if (!s.ok()) return s;
  return engine;
}

std::string IndexOpening::Describe() const {
  char seconds_text[32];
  std::snprintf(seconds_text, sizeof seconds_text, "%.2f s", seconds);
  if (from_shards) {
    return "index taken from the shards at article " +
           std::to_string(snapshot_articles) + ", " + std::to_string(added) +
           " replayed, in " + seconds_text;
  }
  if (from_snapshot) {
    return "index opened from snapshot at article " +
           std::to_string(snapshot_articles) + ", " + std::to_string(added) +
           " replayed, in " + seconds_text;
  }
  return "index rebuilt from " + std::to_string(added) + " fingerprints (" +
         why_rebuilt + ") in " + seconds_text;
}

StatusOr<uint64_t> Engine::RecordHashBefore(uint64_t end) const {
  if (end == 0) return uint64_t{0};
  StatusOr<pb::StoredFingerprint> record =
      store_->GetFingerprint(static_cast<uint32_t>(end - 1));
  // Deleted since: the deleted count the cut also holds tells the rest.
  if (record.status().code() == Status::Code::kNotFound) return uint64_t{0};
  if (!record.ok()) return record.status();
  return Hash64(record->SerializeAsString());
}

Status Engine::LoadSnapshot() {
  const Counters& counters = store_->counters();
  return ReadIndexSnapshot(
      IndexSnapshotPath(store_->path()),
      [&](const SnapshotCut& cut, StateReader& in) -> Status {
        // A snapshot is taken only of synced commits, which the store keeps
        // as they are: one ahead of the store, or whose last article the
        // store holds otherwise, is of another store or another history.
        if (cut.next_ordinal > counters.next_ordinal ||
            cut.next_sequence > counters.next_sequence) {
          return Status::InvalidArgument(
              "snapshot at article " + std::to_string(cut.next_ordinal) +
              " is ahead of the store at " +
              std::to_string(counters.next_ordinal));
        }
        // Deletions leave no article to replay: one after the cut makes
        // the snapshot hold an article the store no longer has.
        if (cut.deleted != counters.deleted) {
          return Status::InvalidArgument(
              "articles were deleted after the snapshot was taken");
        }
        if (cut.time_clock != TimeClock()) {
          return Status::InvalidArgument(
              "snapshot keeps article times by another retention clock");
        }
        StatusOr<uint64_t> last = RecordHashBefore(cut.next_ordinal);
        if (!last.ok()) return last.status();
        if (*last != cut.last_record_hash) {
          return Status::InvalidArgument(
              "snapshot's last article differs from the store's");
        }
        Status s = detector_->LoadState(in);
        if (s.ok() && detector_->article_count() != cut.next_ordinal) {
          s = Status::Corruption("snapshot holds " +
                                 std::to_string(detector_->article_count()) +
                                 " articles but says " +
                                 std::to_string(cut.next_ordinal));
        }
        return s;
      });
}

Status Engine::OpenIndex() {
  const auto start = std::chrono::steady_clock::now();
  IndexOpening& opening = index_opening_;
  if (options_.index_shards) {
    Status s = detector_->RestoreFromShards();
    if (!s.ok()) return s.WithContext("taking the index from its shards");
    if (detector_->article_count() > store_->counters().next_ordinal) {
      return Status::InvalidArgument(
          "the index shards hold " +
          std::to_string(detector_->article_count()) +
          " articles but the store only " +
          std::to_string(store_->counters().next_ordinal) +
          ": they are another store's");
    }
    opening.from_shards = true;
    opening.snapshot_articles = detector_->article_count();
  } else if (!options_.index_snapshots) {
    opening.why_rebuilt = "snapshots are off";
  } else if (Status s = LoadSnapshot(); s.ok()) {
    opening.from_snapshot = true;
    opening.snapshot_articles = detector_->article_count();
    snapshot_on_disk_ = IndexMark();
  } else {
    opening.why_rebuilt = s.code() == Status::Code::kNotFound
                              ? "no snapshot"
                              : "snapshot not used: " + s.ToString();
    // Whatever a failed load left, the rebuild starts from nothing.
    detector_ = std::make_unique<Detector>(
        options_.detector, static_cast<FingerprintSource*>(this));
  }
  const uint32_t from = detector_->article_count();
  Status s = Rebuild(from);
  if (s.ok()) s = detector_->FlushShards();
  if (!s.ok()) return s;
  opening.added = detector_->article_count() - from;
  opening.seconds = std::chrono::duration<double>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  last_checkpoint_ = detector_->article_count();
  // Articles that left the window while the store was closed leave now.
  while (options_.retention.enabled()) {
    StatusOr<ExpiryStep> step = Expire();
    if (!step.ok()) return step.status();
    if (step->expired == 0) break;
  }
  return Status::Ok();
}

StatusOr<std::optional<SnapshotCut>> Engine::CheckpointCut() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!broken_.ok()) return broken_;
    if (!in_flight_.empty()) {
      return Status::Internal("Checkpoint called while " +
                              std::to_string(in_flight_.size()) +
                              " decided articles await Record");
    }
  }
  if (options_.store.read_only) {
    return Status::InvalidArgument("a read-only store takes no checkpoint");
  }
  // Synced first: the snapshot must never cover a commit a power cut could
  // take back, or a store that lost it and went on would not match it.
  Status s = store_->Sync();
  if (!s.ok()) return s;
  last_checkpoint_ = detector_->article_count();
  removed_since_checkpoint_ = 0;
  if (!options_.index_snapshots || snapshot_on_disk_ == IndexMark()) {
    return std::optional<SnapshotCut>();
  }
  const Counters& counters = store_->counters();
  if (counters.next_ordinal != detector_->article_count()) {
    return Status::Internal("the index holds " +
                            std::to_string(detector_->article_count()) +
                            " articles, the store " +
                            std::to_string(counters.next_ordinal));
  }
  SnapshotCut cut;
  cut.next_ordinal = counters.next_ordinal;
  cut.next_sequence = counters.next_sequence;
  cut.deleted = counters.deleted;
  cut.time_clock = TimeClock();
  StatusOr<uint64_t> last = RecordHashBefore(cut.next_ordinal);
  if (!last.ok()) return last.status();
  cut.last_record_hash = *last;
  return std::optional<SnapshotCut>(cut);
}

Status Engine::WaitForBackgroundCheckpoint() {
  if (!background_checkpoint_.valid()) return Status::Ok();
  Status s = background_checkpoint_.get();
  if (s.ok()) {
    snapshot_on_disk_ = background_mark_;
  } else {
    auto_checkpoint_status_ = s;
  }
  return s;
}

Status Engine::Checkpoint() {
  // One writer of the snapshot file at a time.
  (void)WaitForBackgroundCheckpoint();  // its failure is reported apart
  StatusOr<std::optional<SnapshotCut>> cut = CheckpointCut();
  if (!cut.ok()) return cut.status();
  if (!cut->has_value()) return Status::Ok();
  Status s = WriteIndexSnapshot(
      IndexSnapshotPath(store_->path()), **cut,
      [&](StateWriter& out) { detector_->SaveState(out); });
  if (s.ok()) snapshot_on_disk_ = IndexMark();
  return s;
}

void Engine::CheckpointInBackground() {
  (void)WaitForBackgroundCheckpoint();
  StatusOr<std::optional<SnapshotCut>> cut = CheckpointCut();
  if (!cut.ok()) {
    auto_checkpoint_status_ = cut.status();
    return;
  }
  if (!cut->has_value()) return;
  // The index is copied here, as it stands at the cut (copying flat arrays
  // is a fraction of writing and syncing them), and written on a thread
  // of its own while decisions go on.
  auto state = std::make_shared<std::string>();
  state->reserve(detector_->IndexMemoryBytes());
  StringStateWriter out(state.get());
  detector_->SaveState(out);
  background_mark_ = IndexMark();
  background_checkpoint_ = std::async(
      std::launch::async,
      [path = IndexSnapshotPath(store_->path()), cut = **cut, state] {
        return WriteIndexSnapshot(path, cut, [&](StateWriter& out) {
          out.Write(state->data(), state->size());
        });
      });
}

namespace {

// Stored fingerprints decoded, with their features, ready to be added.
struct DecodedBatch {
  std::vector<uint32_t> ordinals;
  std::vector<uint32_t> clusters;
  std::vector<const pb::StoredFingerprint*> records;
  std::vector<Fingerprint> fingerprints;
  std::vector<DerivedFeatures> features;
  Status status;
};

// `records` by ordinal; those `skip` says are out of the retention window
// are left out, and added in their place as removed.
DecodedBatch Decode(const std::vector<std::pair<uint32_t, pb::StoredFingerprint>>& records,
                    const FingerprintOptions& options,
                    const std::function<bool(const pb::StoredFingerprint&)>& skip) {
  DecodedBatch out;
  out.clusters.reserve(records.size());
  out.fingerprints.reserve(records.size());
  out.features.reserve(records.size());
  for (const auto& [ordinal, record] : records) {
    if (skip(record)) continue;
    StatusOr<Fingerprint> fp = FromRecord(record);
    if (!fp.ok()) {
      out.status = fp.status();
      break;
    }
    out.features.push_back(DeriveFeatures(*fp, options));
    out.fingerprints.push_back(std::move(*fp));
    out.clusters.push_back(record.cluster_ordinal());
    out.ordinals.push_back(ordinal);
    out.records.push_back(&record);
  }
  return out;
}

}  // namespace

Status Engine::Rebuild(uint32_t from) {
  // Decoding a record and deriving its features is pure, and a quarter of
  // the work: a pool does it batch by batch while this thread reads the
  // store and adds the articles, in order as a rebuild must (each is
  // posted as the store stood when it arrived).
  constexpr size_t kBatch = 1024;
  // One core is this thread's.
  const unsigned workers = std::max(2u, WorkerThreads(0)) - 1;
  boost::asio::thread_pool pool(workers);
  using Records = std::vector<std::pair<uint32_t, pb::StoredFingerprint>>;
  struct Pending {
    std::shared_ptr<Records> records;  // the decoded batch points into it
    std::future<DecodedBatch> decoded;
  };
  std::deque<Pending> pending;
  Status failure;
  uint64_t stored = 0;
  // Articles deleted from the store keep their ordinals, as removed.
  auto add_removed_until = [&](uint32_t ordinal) {
    while (detector_->article_count() < ordinal) {
      detector_->AddRemoved(detector_->article_count());
    }
  };
  auto add_oldest = [&]() -> bool {
    DecodedBatch batch = pending.front().decoded.get();
    for (size_t i = 0; i < batch.fingerprints.size(); ++i) {
      add_removed_until(batch.ordinals[i]);
      const uint32_t ordinal = detector_->article_count();
      detector_->Add(ordinal, batch.clusters[i],
                     std::move(batch.fingerprints[i]),
                     std::move(batch.features[i]), nullptr,
                     IndexTime(*batch.records[i]));
    }
    pending.pop_front();
    if (!batch.status.ok()) failure = batch.status;
    return failure.ok();
  };
  // Out of a time window already: not added, as if expired. (A count
  // window is applied after, by Expire.)
  const RetentionOptions& retention = options_.retention;
  const bool by_time =
      retention.clock == RetentionOptions::Clock::kIngested ||
      retention.clock == RetentionOptions::Clock::kPublished;
  const uint32_t cutoff =
      by_time ? ClockSeconds(options_.now_ms() - retention.window_ms) : 0;
  // Articles retention deletes are added, for Expire to delete them.
  const bool skip_expired = by_time && !retention.delete_from_store;
  auto skip = [this, skip_expired, cutoff](const pb::StoredFingerprint& record) {
    return skip_expired && IndexTime(record) < cutoff;
  };
  auto submit = [&](std::shared_ptr<Records> records) {
    auto task = std::make_shared<std::packaged_task<DecodedBatch()>>(
        [records, &options = options_.detector, skip] {
          return Decode(*records, options.fingerprint, skip);
        });
    pending.push_back({records, task->get_future()});
    boost::asio::post(pool, [task] { (*task)(); });
  };

  auto records = std::make_shared<Records>();
  Status s = store_->ScanFingerprintsFrom(
      from, [&](uint32_t ordinal, const pb::StoredFingerprint& record) {
        ++stored;
        records->emplace_back(ordinal, record);
        if (records->size() < kBatch) return true;
        submit(std::exchange(records, std::make_shared<Records>()));
        return pending.size() <= workers || add_oldest();
      });
  if (s.ok() && failure.ok() && !records->empty()) submit(records);
  while (s.ok() && failure.ok() && !pending.empty()) add_oldest();
  pending.clear();
  pool.join();  // batches still in flight own what they decode
  if (!s.ok()) return s;
  if (!failure.ok()) return failure;
  const Counters& counters = store_->counters();
  if (counters.next_ordinal > UINT32_MAX) {
    return Status::Corruption("store counts more articles than ordinals");
  }
  add_removed_until(static_cast<uint32_t>(counters.next_ordinal));
  if (detector_->article_count() != counters.next_ordinal) {
    return Status::Corruption(
        "store holds fingerprints up to article " +
        std::to_string(detector_->article_count()) + " but counts " +
        std::to_string(counters.next_ordinal));
  }
  if (from == 0 && stored != counters.live()) {
    return Status::Corruption("store holds " + std::to_string(stored) +
                              " fingerprints but counts " +
                              std::to_string(counters.live()) +
                              " articles");
  }
  return Status::Ok();
}

const Engine::InFlight* Engine::FindInFlight(uint32_t ordinal) const {
  if (in_flight_.empty() || ordinal < in_flight_.front().ordinal) {
    return nullptr;
  }
  const size_t i = ordinal - in_flight_.front().ordinal;
  return i < in_flight_.size() ? &in_flight_[i] : nullptr;
}

// An article in flight is read from there; once recorded, it is in the
// store (Record stores before it lets go), so one of the two has it.
StatusOr<Fingerprint> Engine::LoadFingerprint(uint32_t ordinal) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (const InFlight* pending = FindInFlight(ordinal)) {
      return FromRecord(*pending->record);
    }
  }
  StatusOr<pb::StoredFingerprint> record = store_->GetFingerprint(ordinal);
  if (!record.ok()) return record.status();
  return FromRecord(*record);
}

StatusOr<std::string> Engine::LoadBody(uint32_t ordinal) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (const InFlight* pending = FindInFlight(ordinal)) {
      return BodyText(pending->article->body);
    }
  }
  StatusOr<std::string> id = ArticleId(ordinal);
  if (!id.ok()) return id.status();
  StatusOr<std::optional<pb::StoredArticle>> stored = store_->GetArticle(*id);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return Status::Corruption("article " + *id +
                              " has a fingerprint but no record");
  }
  // The text that was fingerprinted, not the markup.
  std::string& body = *(*stored)->mutable_article()->mutable_body();
  if (options_.body_text) {
    if (std::optional<std::string> text = options_.body_text(body)) {
      return std::move(*text);
    }
  }
  return std::move(body);
}

std::string Engine::BodyText(const std::string& body) const {
  if (options_.body_text) {
    if (std::optional<std::string> text = options_.body_text(body)) {
      return std::move(*text);
    }
  }
  return body;
}

StatusOr<std::string> Engine::ArticleId(uint32_t ordinal) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (const InFlight* pending = FindInFlight(ordinal)) {
      return pending->article->id;
    }
  }
  StatusOr<pb::StoredFingerprint> record = store_->GetFingerprint(ordinal);
  if (!record.ok()) return record.status();
  return record->article_id();
}

PreparedArticle PrepareArticle(const Fingerprinter& fingerprinter,
                               const EngineOptions& options, Article article) {
  PreparedArticle prepared;
  if (options.body_text) prepared.text = options.body_text(article.body);
  if (prepared.text) {
    // Fingerprinted as its text; stored as it was sent.
    std::swap(article.body, *prepared.text);
    prepared.fingerprint = fingerprinter.Compute(article);
    std::swap(article.body, *prepared.text);
  } else {
    prepared.fingerprint = fingerprinter.Compute(article);
  }
  prepared.features =
      DeriveFeatures(prepared.fingerprint, options.detector.fingerprint);
  prepared.record =
      ToRecord(prepared.fingerprint, prepared.features.terms, article.id, 0);
  prepared.article = std::move(article);
  return prepared;
}

StatusOr<PreparedArticle> PreparedFromRecord(
    const FingerprintOptions& options, Article article,
    std::optional<std::string> text, pb::StoredFingerprint record) {
  if (record.article_id() != article.id) {
    return Status::InvalidArgument("fingerprint of " + record.article_id() +
                                   " given for article " + article.id);
  }
  StatusOr<Fingerprint> fp = FromRecord(record);
  if (!fp.ok()) return fp.status();
  PreparedArticle prepared;
  prepared.article = std::move(article);
  prepared.text = std::move(text);
  prepared.features = DeriveFeatures(*fp, options);
  prepared.fingerprint = std::move(*fp);
  prepared.record = std::move(record);
  return prepared;
}

PreparedArticle Engine::Prepare(Article article) const {
  return PrepareArticle(fingerprinter_, options_, std::move(article));
}

StatusOr<pb::Decision> Engine::VerdictOf(const std::string& article_id,
                                         const MatchResult& match) const {
  pb::Decision decision;
  decision.set_article_id(article_id);
  decision.set_relation(ToProto(match.verdict.relation));
  if (match.verdict.relation == Relation::kNew) {
    decision.set_reason(match.verdict.reason.empty() ? "no candidate"
                                                     : match.verdict.reason);
  } else {
    decision.set_reason(match.verdict.reason);
    StatusOr<std::string> matched_id = ArticleId(match.best->evidence.candidate);
    if (!matched_id.ok()) return matched_id.status();
    decision.set_matched_id(std::move(*matched_id));
  }
  if (match.best) {
    *decision.mutable_scores() =
        ScoresOf(match.best->evidence, match.verdict.score);
  }
  return decision;
}

StatusOr<pb::Decision> Engine::Match(const PreparedArticle& prepared) {
  StatusOr<MatchResult> match = detector_->Match(
      prepared.fingerprint, prepared.features, prepared.Text());
  if (!match.ok()) return match.status();
  StatusOr<pb::Decision> decision = VerdictOf(prepared.article.id, *match);
  if (!decision.ok() || match->verdict.relation == Relation::kNew) {
    return decision;
  }
  // The cluster the article would join, and its original as it stands.
  StatusOr<std::string> cluster_id = ClusterIdOf(
      detector_->ClusterOf(match->best->evidence.candidate));
  if (!cluster_id.ok()) return cluster_id.status();
  StatusOr<std::optional<pb::StoredCluster>> cluster =
      store_->GetCluster(*cluster_id);
  if (!cluster.ok()) return cluster.status();
  if (cluster->has_value()) decision->set_original_id((*cluster)->original_id());
  decision->set_cluster_id(std::move(*cluster_id));
  return decision;
}

StatusOr<DecidedArticle> Engine::DecideOnly(PreparedArticle prepared) {
  DecidedArticle decided;
  StatusOr<std::optional<pb::StoredArticle>> existing =
      store_->GetArticle(prepared.article.id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    decided.already_known = true;
    decided.known_decision = (*existing)->decision();
    decided.article =
        std::make_shared<const Article>(std::move(prepared.article));
    return decided;
  }

  StatusOr<MatchResult> match = detector_->Match(
      prepared.fingerprint, prepared.features, prepared.Text());
  if (!match.ok()) return match.status();
  decided.match = std::move(*match);
  decided.decided_ms = options_.now_ms();
  decided.ordinal = detector_->article_count();
  decided.cluster_ordinal =
      decided.match.verdict.relation == Relation::kNew
          ? decided.ordinal
          : detector_->ClusterOf(decided.match.best->evidence.candidate);
  prepared.record.set_cluster_ordinal(decided.cluster_ordinal);
  prepared.record.set_published_seconds(
      PublishedSeconds(prepared.article.published_ms, decided.decided_ms));
  prepared.record.set_ingested_seconds(ClockSeconds(decided.decided_ms));
  decided.article =
      std::make_shared<const Article>(std::move(prepared.article));
  decided.record =
      std::make_shared<const pb::StoredFingerprint>(std::move(prepared.record));
  decided.fingerprint = std::move(prepared.fingerprint);
  decided.features = std::move(prepared.features);
  return decided;
}

void Engine::Index(DecidedArticle& decided) {
  detector_->Add(decided.ordinal, decided.cluster_ordinal,
                 std::move(decided.fingerprint), std::move(decided.features),
                 &decided.match, IndexTime(*decided.record));
}

StatusOr<Outcome> Engine::Ingest(PreparedArticle prepared) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!broken_.ok()) return broken_;
    if (!in_flight_.empty()) {
      return Status::Internal("Ingest called while " +
                              std::to_string(in_flight_.size()) +
                              " decided articles await Record");
    }
  }
  StatusOr<DecidedArticle> decided = DecideOnly(std::move(prepared));
  if (!decided.ok()) return decided.status();
  if (decided->already_known) {
    Outcome outcome;
    outcome.already_known = true;
    outcome.decision = std::move(*decided->known_decision);
    return outcome;
  }
  // Stored first: a failed commit leaves the index as it was.
  StatusOr<Outcome> outcome = Write(*decided);
  if (!outcome.ok()) return outcome;
  Index(*decided);
  // Index shards learn of the article now that it is stored. If they
  // cannot, it is stored but unfindable until the store is reopened (which
  // sends them what they lack): decisions stop until then.
  if (Status s = detector_->FlushShards(); !s.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    if (broken_.ok()) broken_ = s.WithContext("updating the index shards");
    return broken_;
  }
  if (options_.retention.enabled()) {
    // The article is stored whatever becomes of the expiry, which the next
    // article's step tries again.
    StatusOr<ExpiryStep> expired = Expire();
    if (!expired.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      if (broken_.ok()) broken_ = expired.status().WithContext("expiring");
    } else {
      for (pb::ClusterEvent& event : expired->events) {
        outcome->events.push_back(std::move(event));
      }
    }
  }
  if (options_.checkpoint_every > 0 &&
      detector_->article_count() - last_checkpoint_ +
              removed_since_checkpoint_ >=
          options_.checkpoint_every) {
    // The article is stored whatever becomes of the checkpoint; a failed
    // one is tried again after as many articles more.
    CheckpointInBackground();
    last_checkpoint_ = detector_->article_count();
  }
  return outcome;
}

StatusOr<DecidedArticle> Engine::Decide(PreparedArticle prepared) {
  if (options_.index_shards && options_.index_shards->remote()) {
    // Shards elsewhere must never learn of an article before it is stored.
    return Status::InvalidArgument(
        "over remote index shards, articles are decided with Ingest");
  }
  const uint64_t id_hash = Hash64(prepared.article.id);
  {
    // Looked for here before the store: Record stores an article before it
    // leaves in_flight_, so it is never missed in between.
    std::lock_guard<std::mutex> lock(mu_);
    if (!broken_.ok()) return broken_;
    for (const InFlight& pending : in_flight_) {
      if (pending.id_hash == id_hash &&
          pending.article->id == prepared.article.id) {
        DecidedArticle decided;
        decided.already_known = true;  // Record reads its decision, stored
        decided.article =
            std::make_shared<const Article>(std::move(prepared.article));
        return decided;
      }
    }
  }
  StatusOr<DecidedArticle> decided = DecideOnly(std::move(prepared));
  if (!decided.ok() || decided->already_known) return decided;
  {
    std::lock_guard<std::mutex> lock(mu_);
    in_flight_.push_back(
        {decided->ordinal, id_hash, decided->article, decided->record});
  }
  Index(*decided);
  if (options_.retention.enabled()) {
    // Out of the index now; out of the store when Record gets there.
    StatusOr<std::vector<uint32_t>> expired =
        ExpireFromIndex(options_.retention.max_per_step);
    if (!expired.ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      if (broken_.ok()) broken_ = expired.status().WithContext("expiring");
      return expired.status();
    }
    if (options_.retention.delete_from_store) {
      decided->expired = std::move(*expired);
    }
  }
  return decided;
}

StatusOr<Outcome> Engine::Record(DecidedArticle decided) {
  if (decided.already_known) {
    Outcome outcome;
    outcome.already_known = true;
    if (decided.known_decision) {
      outcome.decision = std::move(*decided.known_decision);
      return outcome;
    }
    // Decided just before this one: stored by now, as Records run in order.
    StatusOr<std::optional<pb::StoredArticle>> stored =
        store_->GetArticle(decided.article->id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) {
      return Status::Corruption("article " + decided.article->id +
                                " was decided but is not stored");
    }
    outcome.decision = (*stored)->decision();
    return outcome;
  }
  StatusOr<Outcome> outcome = Write(decided);
  Status expiry;
  for (size_t i = 0; outcome.ok() && expiry.ok() && i < decided.expired.size();
       ++i) {
    expiry = DeleteExpired(decided.expired[i], &outcome->events);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (!expiry.ok() && broken_.ok()) {
    broken_ = expiry.WithContext(
        "deleting expired articles; reopen the store");
  }
  if (!outcome.ok() && broken_.ok()) {
    broken_ = outcome.status().WithContext(
        "the index holds articles the store lacks; reopen the store");
  }
  if (!in_flight_.empty() && in_flight_.front().ordinal == decided.ordinal) {
    in_flight_.pop_front();
  }
  return outcome;
}

StatusOr<Outcome> Engine::Write(const DecidedArticle& decided) {
  const Article& article = *decided.article;
  const MatchResult* match = &decided.match;
  Outcome outcome;
  outcome.candidates_checked = static_cast<uint32_t>(match->checked.size());
  outcome.fingerprint_bytes =
      static_cast<uint32_t>(decided.record->ByteSizeLong());

  Counters counters = store_->counters();
  if (counters.next_ordinal != decided.ordinal) {
    return Status::Corruption(
        "article " + article.id + " was decided as number " +
        std::to_string(decided.ordinal) + " but the store is at " +
        std::to_string(counters.next_ordinal));
  }
  const uint32_t ordinal = static_cast<uint32_t>(counters.next_ordinal++);
  const int64_t now = decided.decided_ms;
  CommitBatch batch;
  StatusOr<pb::Decision> verdict = VerdictOf(article.id, *match);
  if (!verdict.ok()) return verdict.status();
  pb::Decision& decision = outcome.decision;
  decision = std::move(*verdict);
  decision.set_sequence(counters.next_sequence);

  // At most three events per decision; reserving keeps references into the
  // vector valid while later events are added.
  outcome.events.reserve(3);
  auto new_event = [&](pb::ClusterEvent::Kind kind) -> pb::ClusterEvent& {
    pb::ClusterEvent& event = outcome.events.emplace_back();
    event.set_sequence(counters.next_sequence++);
    event.set_kind(kind);
    event.set_article_id(article.id);
    event.set_event_time_ms(now);
    if (article.published_ms) {
      event.set_article_published_ms(*article.published_ms);
    }
    return event;
  };

  // Not read from the detector: Write may run while Decide adds to it.
  const uint32_t cluster_ordinal = decided.cluster_ordinal;
  pb::StoredCluster cluster;
  if (match->verdict.relation == Relation::kNew) {
    cluster.set_id(article.id);
    cluster.set_ordinal(ordinal);
    cluster.set_original_id(article.id);
    cluster.set_original_ordinal(ordinal);
    if (article.published_ms) {
      cluster.set_original_published_ms(*article.published_ms);
    }
    cluster.set_size(1);
    ++counters.clusters;
    pb::ClusterEvent& event = new_event(pb::ClusterEvent::NEW_CLUSTER);
    event.set_cluster_id(article.id);
    event.set_relation(pb::NEW);
    event.set_original_id(article.id);
  } else {
    const CheckedCandidate& best = *match->best;
    outcome.best = best;
    StatusOr<std::string> cluster_id = ClusterIdOf(cluster_ordinal);
    if (!cluster_id.ok()) return cluster_id.status();
    StatusOr<std::optional<pb::StoredCluster>> stored =
        store_->GetCluster(*cluster_id);
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) {
      return Status::Corruption("cluster " + *cluster_id + " is missing");
    }
    cluster = std::move(**stored);
    cluster.set_size(cluster.size() + 1);

    pb::ClusterEvent& joined = new_event(pb::ClusterEvent::ARTICLE_JOINED);
    joined.set_cluster_id(cluster.id());
    joined.set_matched_id(decision.matched_id());
    joined.set_relation(decision.relation());
    *joined.mutable_scores() = decision.scores();

    std::optional<int64_t> original_time;
    if (cluster.has_original_published_ms()) {
      original_time = cluster.original_published_ms();
    }
    if (PublishedBefore(article.published_ms, ordinal, original_time,
                        cluster.original_ordinal())) {
      pb::ClusterEvent& changed = new_event(pb::ClusterEvent::ORIGINAL_CHANGED);
      changed.set_cluster_id(cluster.id());
      changed.set_previous_original_id(cluster.original_id());
      changed.set_original_id(article.id);
      cluster.set_original_id(article.id);
      cluster.set_original_ordinal(ordinal);
      if (article.published_ms) {
        cluster.set_original_published_ms(*article.published_ms);
      } else {
        cluster.clear_original_published_ms();
      }
    }
    joined.set_original_id(cluster.original_id());
  }
  decision.set_cluster_id(cluster.id());
  decision.set_original_id(cluster.original_id());

  pb::StoredArticle& record = batch.articles.emplace_back();
  *record.mutable_article() = ToProto(article);
  record.set_ordinal(ordinal);
  *record.mutable_decision() = decision;
  record.set_ingested_ms(now);
  // Copied: the articles in flight share it until the commit is done.
  batch.fingerprints.push_back(*decided.record);
  batch.fingerprint_ordinals.push_back(ordinal);
  batch.members.emplace_back(cluster.id(), article.id);
  batch.clusters.push_back(cluster);
  batch.events = outcome.events;
  batch.counters = counters;
  Status committed = store_->Commit(batch);
  if (!committed.ok()) return committed;
  return outcome;
}

}  // namespace newsdedup
