// Index snapshot: the detector's in-memory index saved in one file beside
// the store, so that opening a store reads the index back instead of
// rebuilding it from every stored fingerprint. The file format and the
// rules for trusting one are in doc/storage.md ("Index snapshot").
//
// A snapshot covers the store's articles below `cut.next_ordinal`. It is
// written to a temporary file, synced and renamed over the old one, so that
// a crash leaves the old snapshot or the new one, never half of either; and
// read only when its magic, version, size and checksum (XXH3 over all of
// it) hold. Whether it still fits the store is the caller's judgement
// (ingest/engine.cc): this file knows bytes, not detectors.
//
// The bytes between header and trailer are whatever the caller's
// StateWriter calls wrote (dedup/state_stream.h).
//
// Thread safety: functions are independent; two writers of one path at a
// time would race on its temporary file (the engine has one writer).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "dedup/state_stream.h"
#include "dedup/status.h"

namespace newsdedup {

// Where in the store a snapshot was taken.
struct SnapshotCut {
  // The articles covered are those with ordinals below this.
  uint64_t next_ordinal = 0;
  // The store's next event sequence then.
  uint64_t next_sequence = 0;
  // Hash64 of the stored fingerprint record of article next_ordinal - 1 as
  // the store returns it (0 when there is none), so that a snapshot taken
  // of another store, or of a history the store has lost, is told apart.
  uint64_t last_record_hash = 0;
  // Articles deleted from the store then (Counters::deleted): a deletion
  // after the cut takes an article out that the snapshot still has.
  uint64_t deleted = 0;
  // What the index's article times are (ingest/retention.h): 0 by
  // publication, 1 by ingest. A snapshot kept under the other clock is
  // rebuilt.
  uint64_t time_clock = 0;
};

// The snapshot's path in the store directory `store_dir`.
std::string IndexSnapshotPath(const std::string& store_dir);

// Writes a snapshot at `path` atomically: `write_state` writes the body.
// kIOError when any write, the sync or the rename fails (the old snapshot,
// if any, is then left as it was).
[[nodiscard]] Status WriteIndexSnapshot(
    const std::string& path, const SnapshotCut& cut,
    const std::function<void(StateWriter&)>& write_state);

// Checks the snapshot at `path` and hands its cut and body to `read_state`,
// whose status it returns. kNotFound when there is no snapshot; kCorruption
// when it is torn or damaged. The body is checksummed as read_state reads
// it, so whatever read_state built is to be trusted only when this returns
// OK: on any error the caller discards it. read_state must read the whole
// body.
[[nodiscard]] Status ReadIndexSnapshot(
    const std::string& path,
    const std::function<Status(const SnapshotCut&, StateReader&)>& read_state);

// Removes the snapshot at `path` and any temporary left beside it; OK when
// there is none. Anything that changes what a snapshot covers without
// writing a new one (deleting articles) must call this first.
[[nodiscard]] Status RemoveIndexSnapshot(const std::string& path);

}  // namespace newsdedup
