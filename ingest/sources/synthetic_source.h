// SyntheticSource: a StreamSource (ingest/stream.h) of `count` articles
// from a SyntheticStream, for benchmarks at any scale. The articles are
// generated on a thread of its own, a few chunks ahead of the stream, so
// that the stream never waits on them longer than it would on input; and
// the source remembers which earlier article each planted copy copies, so
// that a benchmark can score what was found.
//
// Usage:
//   SyntheticSource source(SyntheticOptions{}, 100000);
//   Status s = RunStream(engine, source, sink, StreamOptions{});
//   // In the sink, what a planted copy copies: source.planted(entry.tag)
//
// Thread safety: Read on the stream's deciding thread. planted(tag) from
// any thread once the entry of that tag has been read (the stream hands
// entries to its sink after it read them).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "ingest/sources/synthetic.h"
#include "ingest/stream.h"

namespace newsdedup {

class SyntheticSource : public StreamSource {
 public:
  // Entries are tagged 0, 1, 2, ... in stream order.
  SyntheticSource(SyntheticOptions options, uint64_t count);
  // Stops the generator, wherever it is.
  ~SyntheticSource() override;
  SyntheticSource(const SyntheticSource&) = delete;
  SyntheticSource& operator=(const SyntheticSource&) = delete;

  Status Read(size_t max, std::vector<StreamEntry>& chunk) override;
  std::string Name() const override { return "synthetic stream"; }
  std::string Where(const StreamEntry& entry) const override {
    return "synthetic article " + std::to_string(entry.tag);
  }
  double Fraction() const override {
    return count_ ? double(read_) / count_ : 1.0;
  }

  struct Planted {
    // The tag of the article this one copies; kOriginal when none.
    static constexpr uint64_t kOriginal = UINT64_MAX;
    uint64_t original = kOriginal;
    const char* kind = "original";  // SyntheticStream::last_kind
  };
  const Planted& planted(uint64_t tag) const { return planted_[tag]; }

  // Body bytes of the articles read so far.
  uint64_t body_bytes() const { return body_bytes_; }

 private:
  void Generate(SyntheticOptions options);

  const uint64_t count_;
  // Filled up front: the generator and Read write distinct elements, and
  // readers never see it move.
  std::vector<Planted> planted_;
  uint64_t read_ = 0;
  uint64_t body_bytes_ = 0;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<Article>> ready_;  // generated, not yet read
  bool stop_ = false;
  bool generated_all_ = false;
  std::thread generator_;  // last: starts once the rest is ready
};

}  // namespace newsdedup
