// StateWriter / StateReader: where the detector's in-memory index is saved
// to and restored from (Detector::SaveState, LoadState), as a stream of
// bytes. dedup/ does no I/O: storage/index_snapshot.h writes the stream to a
// checksummed file, and the string-backed pair here serves tests and callers
// that keep the bytes in memory.
//
// Integers are written in the machine's byte order, which is checked to be
// little-endian at compile time: a snapshot is a cache of the index beside
// the store that made it, never moved between machines of another kind.
//
// A reader knows how many bytes are left, so a count read from the stream
// is checked against it before anything is allocated for it: a damaged
// stream fails with kCorruption, never with a huge allocation.
//
// Thread safety: none; one reader or writer per stream.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/status.h"

namespace newsdedup {

static_assert(std::endian::native == std::endian::little,
              "index snapshots are written little-endian");

class StateWriter {
 public:
  virtual ~StateWriter() = default;
  virtual void Write(const void* data, size_t size) = 0;

  void U32(uint32_t value) { Write(&value, sizeof value); }
  void U64(uint64_t value) { Write(&value, sizeof value); }
  // A count, then the values.
  void Words(const uint32_t* data, size_t count) {
    U64(count);
    Write(data, count * sizeof(uint32_t));
  }
  void Words(const std::vector<uint32_t>& words) {
    Words(words.data(), words.size());
  }
};

class StateReader {
 public:
  virtual ~StateReader() = default;
  // Fills `data` with the next `size` bytes; kCorruption past the end,
  // kIOError when the medium fails.
  [[nodiscard]] virtual Status Read(void* data, size_t size) = 0;
  // Bytes left in the stream.
  virtual uint64_t Remaining() const = 0;

  [[nodiscard]] Status U32(uint32_t* value) {
    return Read(value, sizeof *value);
  }
  [[nodiscard]] Status U64(uint64_t* value) {
    return Read(value, sizeof *value);
  }
  // What Words wrote, into `words` (resized to its count). `what` names
  // it in errors.
  [[nodiscard]] Status Words(std::vector<uint32_t>* words,
                             std::string_view what);
  // Reads the count Words wrote before an array the caller places itself;
  // kCorruption when the stream cannot hold that many words.
  [[nodiscard]] Status WordCount(uint64_t* count, std::string_view what);
};

// Appends to a string it does not own.
class StringStateWriter : public StateWriter {
 public:
  explicit StringStateWriter(std::string* out) : out_(out) {}
  void Write(const void* data, size_t size) override {
    out_->append(static_cast<const char*>(data), size);
  }

 private:
  std::string* out_;
};

// Reads bytes it does not own; they must outlive it.
class StringStateReader : public StateReader {
 public:
  explicit StringStateReader(std::string_view bytes) : bytes_(bytes) {}
  Status Read(void* data, size_t size) override;
  uint64_t Remaining() const override { return bytes_.size(); }

 private:
  std::string_view bytes_;
};

}  // namespace newsdedup
