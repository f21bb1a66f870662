// Retention: how long articles stay findable, for a daemon that runs for
// months. A window, by article count or by time, past which articles leave
// the candidate index and, if so configured, the store.
//
// By publication, an article's time is its publication time when it has one
// no later than its ingest, else its ingest time: a story published a month
// ago and sent today is a month old, and a story dated in the future is as
// old as its arrival. Both times are kept with the stored fingerprint, and
// the one the window runs on in the index, so expiry reads nothing.
//
// Expiry is incremental: Engine::Ingest expires a few articles after each
// one it stores (max_per_step), and the daemon also runs a step every
// second so that a time window moves on while no article arrives. Nothing
// stalls ingest for long.
//
// Thread safety: plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dedup/status.h"

namespace newsdedup {

struct RetentionOptions {
  enum class Clock {
    kNone,       // keep everything (an archive)
    kCount,      // keep the newest keep_articles
    kIngested,   // keep what arrived within window_ms
    kPublished,  // keep what was published (else arrived) within window_ms
  };
  Clock clock = Clock::kNone;
  uint64_t keep_articles = 0;  // kCount
  int64_t window_ms = 0;       // kIngested, kPublished
  // Expired articles leave the store too (their cluster gets a new
  // original as for a deletion, doc/storage.md); else only the index,
  // and the store keeps them for lookups and reports.
  bool delete_from_store = false;
  // Articles expired at most per step (after each stored article, or per
  // call of Engine::Expire): bounds the pause a step can cause.
  size_t max_per_step = 64;

  bool enabled() const { return clock != Clock::kNone; }
  // "none", "count:N", "ingested:DURATION" or "published:DURATION".
  std::string ToString() const;
};

// Parses "count:200000", "ingested:14d", "published:36h" or "none".
// A duration is a whole number with a unit: s, m, h, d or w. kInvalidArgument
// names what was wrong.
StatusOr<RetentionOptions> ParseRetention(std::string_view text);

// An article's time by publication, in seconds since the epoch (see above).
uint32_t PublishedSeconds(std::optional<int64_t> published_ms,
                          int64_t ingested_ms);
// A time in milliseconds as whole seconds, held to what 32 bits keep.
uint32_t ClockSeconds(int64_t ms);

}  // namespace newsdedup
