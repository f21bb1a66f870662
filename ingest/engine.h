// Engine: detection and storage wired together — the one path every front
// end (batch, daemon, plugin) takes to turn an article into a cluster
// decision that is durable before anyone is told about it.
//
// Usage:
//   StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir, {});
//   if (!engine.ok()) return engine.status();
//   // Fingerprinting, on any thread:
//   PreparedArticle prepared = (*engine)->Prepare(std::move(article));
//   // Deciding and storing, on one thread at a time:
//   StatusOr<Outcome> outcome = (*engine)->Ingest(std::move(prepared));
//   if (!outcome.ok()) return outcome.status();
//   Report(outcome->decision);  // durable, unless group_commit is on
//
// Open restores the in-memory candidate index so that a reopened store
// decides exactly as if it had never been closed: from the index snapshot
// the last Checkpoint saved beside the store, with the articles stored
// after it added again, when the snapshot fits the store; else by adding
// every stored fingerprint again (a rebuild), which takes minutes for
// millions of articles. doc/storage.md, "Index snapshot", says when a
// snapshot is trusted.
//
// Clusters: a new article that copies nothing starts a cluster named after
// it; a copy joins the cluster of the article it matched best. The cluster's
// original is its earliest-published member (first seen when no member has a
// publication time, or on ties).
//
// Ingest decides and records in one call. A batch calls the two halves,
// Decide and Record, on two threads (ingest/recorder.h), so that writing one
// article to the store overlaps deciding the next.
//
// Thread safety: Prepare is thread-safe. Ingest, Decide, Match, Checkpoint
// and the readers must be called from one thread at a time (the decision
// stage); Record may run on a second thread at the same time as them. A
// periodic checkpoint writes on a thread of its own, which touches only its
// copy of the index.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "dedup/article.h"
#include "dedup/detector.h"
#include "dedup/fingerprint.h"
#include "dedup/options.h"
#include "dedup/status.h"
#include "ingest/retention.h"
#include "proto/newsdedup.pb.h"
#include "storage/clusters.h"
#include "storage/index_snapshot.h"
#include "storage/store.h"

namespace newsdedup {

struct EngineOptions {
  DetectorOptions detector;
  StoreOptions store;
  // Milliseconds since the epoch; injected so that tests are deterministic.
  std::function<int64_t()> now_ms;
  // The text a body is fingerprinted and compared as, when it is not the
  // body itself (nullopt: it is). The command line and the daemon set
  // HtmlBodyText (ingest/formats/html_text.h), which reads an HTML body's
  // text; unset, every body is text. The stored article keeps the body as
  // it was sent, so every engine opened on one store must be given the
  // same function.
  std::function<std::optional<std::string>(std::string_view)> body_text;
  // Open reads the index snapshot and Checkpoint writes it. Off, Open
  // always rebuilds and Checkpoint only syncs the store.
  bool index_snapshots = true;
  // Ingest checkpoints by itself once this many articles were added since
  // the last checkpoint (0: only when Checkpoint is called). It copies the
  // index in memory (decisions wait for that: a fraction of a second per
  // GB of IndexMemoryBytes, and the copy is held until written) and writes
  // the copy on a thread of its own.
  uint64_t checkpoint_every = 0;
  // How long articles stay findable (ingest/retention.h); none by default.
  // Ingest (and Decide) expire up to retention.max_per_step articles after
  // each article they add.
  RetentionOptions retention;
  // The candidate index in shards (dedup/index_shards.h) rather than in
  // this process; null: in this process. Must outlive the engine. Open
  // then takes the index from the shards and adds the stored articles
  // they lack (the shards learn of an article only after it is stored);
  // index snapshots and checkpoint_every are not used; over remote
  // shards (IndexShards::remote) articles are decided with Ingest (Decide
  // refuses). Decisions are the same as with the index in this process.
  IndexShards* index_shards = nullptr;
};

// How Open restored the candidate index.
struct IndexOpening {
  bool from_snapshot = false;
  bool from_shards = false;  // EngineOptions::index_shards
  uint64_t snapshot_articles = 0;  // what the snapshot covered
  uint64_t added = 0;  // articles added from the store: after the snapshot,
                       // or all of them on a rebuild
  std::string why_rebuilt;  // when not from a snapshot
  double seconds = 0;
  // One line for a log: "index opened from snapshot at article N, M
  // replayed" or "index rebuilt from N fingerprints (why)".
  std::string Describe() const;
};

// An article with its fingerprint computed, ready for the decision stage.
struct PreparedArticle {
  Article article;
  // The text fingerprinted, when it is not the body as sent (an HTML
  // body's text, ingest/formats/html_text.h).
  std::optional<std::string> text;
  std::string_view Text() const {
    return text ? std::string_view(*text) : std::string_view(article.body);
  }
  Fingerprint fingerprint;
  DerivedFeatures features;
  // The fingerprint's stored record, encoded here (in parallel) rather than
  // by the decision stage; only its cluster ordinal is set at commit.
  pb::StoredFingerprint record;
};

// An article decided, and findable by the next decision, but not yet
// written to the store (Engine::Decide). Pass it on to Engine::Record.
struct DecidedArticle {
  // Shared with the engine's list of articles in flight until Record has
  // stored them, rather than copied to it.
  std::shared_ptr<const Article> article;
  std::shared_ptr<const pb::StoredFingerprint> record;
  uint32_t ordinal = 0;          // the article's, in arrival order
  uint32_t cluster_ordinal = 0;  // the cluster it joins (its own when new)
  MatchResult match;
  // The id is stored already, or decided just before and not yet recorded:
  // Record reports the stored decision and writes nothing.
  bool already_known = false;
  std::optional<pb::Decision> known_decision;  // when stored already
  // Handed to the detector (Detector::Add) by Decide; Ingest hands them
  // over after its commit.
  Fingerprint fingerprint;
  DerivedFeatures features;
  int64_t decided_ms = 0;  // when it was decided: its ingest time
  // Articles Decide expired from the index after adding this one, which
  // Record deletes from the store after writing it (when retention says
  // so): the store changes in decision order whichever thread writes.
  std::vector<uint32_t> expired;
};

// What Engine::Prepare returns, without an engine: for a process that
// only fingerprints (a scale-out worker) under the options of the engine
// that will decide.
PreparedArticle PrepareArticle(const Fingerprinter& fingerprinter,
                               const EngineOptions& options, Article article);
// An article prepared elsewhere, from the fingerprint record PrepareArticle
// made and the text it fingerprinted: equal to what PrepareArticle
// returned. kInvalidArgument for a record of another article, kCorruption
// for one that does not decode.
StatusOr<PreparedArticle> PreparedFromRecord(const FingerprintOptions& options,
                                             Article article,
                                             std::optional<std::string> text,
                                             pb::StoredFingerprint record);

struct Outcome {
  pb::Decision decision;
  // True when the id was already stored: `decision` is the stored one and
  // nothing was written.
  bool already_known = false;
  // The events this decision wrote, then those of the expired articles
  // deleted after it (retention_deletes), in sequence order.
  std::vector<pb::ClusterEvent> events;
  std::optional<CheckedCandidate> best;  // the evidence behind a copy
  uint32_t candidates_checked = 0;
  uint32_t fingerprint_bytes = 0;  // the stored fingerprint record's size
};

// What a removal (Engine::Forget, or retention with delete_from_store)
// wrote: ARTICLE_REMOVED, then ORIGINAL_CHANGED when the article was its
// cluster's original and others remain.
struct Removal {
  std::string article_id;
  std::vector<pb::ClusterEvent> events;
};

// What one retention step did.
struct ExpiryStep {
  size_t expired = 0;  // articles taken out of the index
  size_t deleted = 0;  // of which deleted from the store
  std::vector<pb::ClusterEvent> events;  // what the deletions wrote
};

class Engine : private FingerprintSource {
 public:
  static StatusOr<std::unique_ptr<Engine>> Open(const std::string& db_path,
                                                EngineOptions options);
  ~Engine() override;

  PreparedArticle Prepare(Article article) const;

  // Decides, commits and returns the outcome. A failed commit leaves the
  // engine as it was: the article is not stored and can be sent again.
  // With StoreOptions::group_commit the outcome may be reported only after
  // Persist.
  StatusOr<Outcome> Ingest(PreparedArticle prepared);

  // The first half of Ingest: decides, and makes the article findable by
  // the next Decide, but writes nothing. Every DecidedArticle must be passed
  // to Record, in the order they were decided; until then Ingest must not
  // be called. After a Record fails, Decide and Ingest refuse to go on: the
  // index then holds articles the store lacks, until the store is reopened.
  StatusOr<DecidedArticle> Decide(PreparedArticle prepared);
  // The second half: writes the decision to the store. May run on a thread
  // of its own, concurrently with Decide.
  StatusOr<Outcome> Record(DecidedArticle decided);

  // Deletes the article from the index and the store (a takedown, a wrong
  // import). Its cluster keeps its id and its other members; when it was
  // the original, the earliest published of the others becomes it (first
  // stored on ties), as when articles join. Durable when it returns, as an
  // Ingest is; the id can then be ingested again, as a new article.
  // kNotFound for an id that is not stored. Called like Ingest.
  StatusOr<Removal> Forget(const std::string& id);

  // One retention step (EngineOptions::retention): expires up to
  // max_per_step articles now out of the window from the index, and, with
  // delete_from_store, from the store as Forget would, with removed_because
  // "expired". Ingest runs one after each article; a caller runs more to
  // let a time window move while nothing arrives. Called like Ingest.
  StatusOr<ExpiryStep> Expire();

  // Makes every decision so far durable (Store::Persist).
  Status Persist() { return store_->Persist(); }

  // Syncs the store and saves the candidate index beside it, so that the
  // next Open reads it back instead of rebuilding it: what a clean shutdown
  // does last. Called like Ingest, on the decision thread with no decided
  // article awaiting Record (else kInternal). Writes no snapshot when the
  // one on disk is of this very index (nothing added since it was opened
  // or written). A failure leaves the last snapshot as it was; the store
  // is never at risk.
  [[nodiscard]] Status Checkpoint();
  // The last checkpoint Ingest took by itself (checkpoint_every) failed
  // with this, as far as is known (one being written is known to have
  // failed once Checkpoint or the destructor waited for it); OK otherwise.
  const Status& auto_checkpoint_status() const {
    return auto_checkpoint_status_;
  }
  const IndexOpening& index_opening() const { return index_opening_; }

  // What the article would match, without storing it: the decision Ingest
  // would make, with the cluster it would join and that cluster's original
  // as it stands, but no sequence and no change to any cluster.
  StatusOr<pb::Decision> Match(const PreparedArticle& prepared);

  // The id of the article with this ordinal, stored or in flight.
  StatusOr<std::string> ArticleId(uint32_t ordinal) const;

  // The text `body` is fingerprinted and compared as
  // (EngineOptions::body_text).
  std::string BodyText(const std::string& body) const;

  // Lookups of what is stored, safe from any thread at any time (they read
  // the store only): an article with its decision, nullopt when unknown;
  // a cluster by its id or a member's (storage/clusters.h).
  StatusOr<std::optional<pb::StoredArticle>> FindArticle(
      const std::string& id) const {
    return store_->GetArticle(id);
  }
  StatusOr<std::optional<ClusterView>> FindCluster(
      const std::string& id) const {
    return newsdedup::FindCluster(*store_, id);
  }

  Store& store() { return *store_; }
  Detector& detector() { return *detector_; }
  const EngineOptions& options() const { return options_; }

 private:
  Engine(EngineOptions options, std::unique_ptr<Store> store);
  StatusOr<Fingerprint> LoadFingerprint(uint32_t ordinal) override;
  StatusOr<std::string> LoadBody(uint32_t ordinal) override;
  // Restores the index: from the snapshot if it fits, then the rest.
  Status OpenIndex();
  // Syncs the store and says where a snapshot is to be cut; nothing when
  // the snapshot on disk is of this index already.
  StatusOr<std::optional<SnapshotCut>> CheckpointCut();
  // Ingest's periodic checkpoint: copies the index, writes it on a thread.
  void CheckpointInBackground();
  // Waits for that thread; its failure goes to auto_checkpoint_status_.
  Status WaitForBackgroundCheckpoint();
  // Loads the snapshot into the (empty) detector if it fits the store.
  Status LoadSnapshot();
  // Adds the stored fingerprints from ordinal `from` on, in order.
  Status Rebuild(uint32_t from);
  // Hash64 of the stored fingerprint record before ordinal `end` (0 for none).
  StatusOr<uint64_t> RecordHashBefore(uint64_t end) const;
  // Decide without touching the index or looking among the articles in
  // flight.
  StatusOr<DecidedArticle> DecideOnly(PreparedArticle prepared);
  // Hands the article to the detector.
  void Index(DecidedArticle& decided);
  // The verdict's part of a decision: relation, reason, scores and the
  // matched article's id.
  StatusOr<pb::Decision> VerdictOf(const std::string& article_id,
                                   const MatchResult& match) const;
  // Writes a decision that is not already_known.
  StatusOr<Outcome> Write(const DecidedArticle& decided);

  // Orders candidates for a cluster's original: earliest publication
  // first, unknown times last, then first stored.
  static bool PublishedBefore(const std::optional<int64_t>& a_time,
                              uint32_t a_ordinal,
                              const std::optional<int64_t>& b_time,
                              uint32_t b_ordinal);

  // Retention and deletion (ingest/engine_removal.cc).
  // The time the index keeps for an article under the configured clock.
  uint32_t IndexTime(const pb::StoredFingerprint& record) const;
  // Takes up to `max` articles out of the window from the index.
  StatusOr<std::vector<uint32_t>> ExpireFromIndex(size_t max);
  // Deletes the stored article with this ordinal, if still stored.
  // Its events are appended to `events`.
  Status DeleteExpired(uint32_t ordinal,
                       std::vector<pb::ClusterEvent>* events);
  // Deletes a stored article, whose fingerprint record is `record`, from
  // the store (the index is done already).
  StatusOr<Removal> DeleteStored(const pb::StoredArticle& stored,
                                 const pb::StoredFingerprint& record,
                                 const char* because);
  // The id of the cluster numbered `cluster_ordinal`.
  StatusOr<std::string> ClusterIdOf(uint32_t cluster_ordinal) const;
  // The snapshot's time clock code for the configured retention.
  uint64_t TimeClock() const;

  // The articles Decide made findable that Record has not yet stored, in
  // ordinal order: what the detector may ask for meanwhile. Shared by the
  // deciding and the recording thread.
  struct InFlight {
    uint32_t ordinal;
    uint64_t id_hash;  // Hash64(id): a new id is compared with every one
    std::shared_ptr<const Article> article;
    std::shared_ptr<const pb::StoredFingerprint> record;
  };
  const InFlight* FindInFlight(uint32_t ordinal) const;  // REQUIRES: mu_
  mutable std::mutex mu_;
  std::deque<InFlight> in_flight_;
  Status broken_;  // why Decide refuses to go on, after a failed Record

  EngineOptions options_;
  Fingerprinter fingerprinter_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Detector> detector_;
  IndexOpening index_opening_;
  uint64_t last_checkpoint_ = 0;  // article count at the last checkpoint
  uint64_t removed_since_checkpoint_ = 0;
  // What the snapshot on disk holds (articles added, articles removed),
  // when it is known to be this index's.
  std::optional<std::pair<uint64_t, uint64_t>> snapshot_on_disk_;
  std::pair<uint64_t, uint64_t> IndexMark() const {
    return {detector_->article_count(),
            detector_->article_count() - detector_->live_count()};
  }
  uint32_t sweep_cursor_ = 0;  // where the next retention sweep looks
  Status auto_checkpoint_status_;
  std::future<Status> background_checkpoint_;  // CheckpointInBackground's
  std::pair<uint64_t, uint64_t> background_mark_;  // what it covers
};

}  // namespace newsdedup
