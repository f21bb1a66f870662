// Length-delimited framing, as Protobuf's writeDelimitedTo writes it: each
// message is preceded by its size as a base-128 varint. FrameReader is a
// pure parser: feed it bytes as they arrive, take whole frames out; it never
// does I/O and answers frame / need more / error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdedup {

class FrameReader {
 public:
  // Frames longer than `max_frame_bytes` are skipped whole (their bytes are
  // consumed as they arrive) and reported once as kOversized.
  explicit FrameReader(size_t max_frame_bytes) : max_frame_(max_frame_bytes) {}

  void Append(std::string_view bytes) { buffer_.append(bytes); }

  enum class Result {
    kFrame,      // *frame holds one message
    kNeedMore,   // append more bytes
    kOversized,  // a frame over the cap was (or is being) skipped
    kBadLength,  // the length prefix is not a valid varint: the stream is lost
  };
  Result Next(std::string* frame);

  size_t buffered() const { return buffer_.size(); }

 private:
  size_t max_frame_;
  std::string buffer_;
  uint64_t skipping_ = 0;  // bytes of an oversized frame still to drop
};

// `message` with its varint length prefix.
std::string EncodeFrame(std::string_view message);

}  // namespace newsdedup
