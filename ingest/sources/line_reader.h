// LineReader: reads a JSON Lines input line by line from a file or standard
// input ("-"), decompressing .gz and .zst files on the fly.
//
// A line longer than `max_line_bytes` (not counting its "\n" or "\r\n") is
// never returned, however the input was buffered: Next reports it as
// oversized and skips to the next line, holding no more than the cap and one
// read of it, so one broken record cannot exhaust memory.
//
// Thread safety: one reader per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dedup/status.h"

namespace newsdedup {

class LineReader {
 public:
  // Opens `path` ("-" for stdin). Compression is chosen by the file name.
  static StatusOr<std::unique_ptr<LineReader>> Open(const std::string& path,
                                                    size_t max_line_bytes);
  virtual ~LineReader() = default;

  enum class Result { kLine, kOversized, kEnd, kError };
  // Reads the next line (without its "\n" or "\r\n") into *line.
  // kOversized: the line was over the cap and skipped. kError: see status().
  Result Next(std::string* line);

  // 1-based number of the line last returned.
  uint64_t line_number() const { return line_number_; }
  // Compressed bytes consumed so far, and the input's size when known (0
  // otherwise), for progress reports.
  virtual uint64_t bytes_consumed() const = 0;
  virtual uint64_t total_bytes() const = 0;
  const Status& status() const { return status_; }

 protected:
  explicit LineReader(size_t max_line_bytes)
      : max_line_bytes_(max_line_bytes) {}
  // Fills `buffer` with up to `capacity` decompressed bytes; 0 at the end.
  // Returns -1 on error after setting status_.
  virtual long Read(char* buffer, size_t capacity) = 0;

  Status status_;

 private:
  bool Fill();

  size_t max_line_bytes_;
  uint64_t line_number_ = 0;
  std::string buffer_;
  size_t begin_ = 0;  // unread data is buffer_[begin_, buffer_.size())
  bool eof_ = false;
};

}  // namespace newsdedup
