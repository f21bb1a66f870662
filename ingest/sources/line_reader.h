// LineReader: reads a JSON Lines input line by line from a file or standard
// input ("-"), decompressing gzip and zstd on the fly (ingest/sources/
// byte_reader.h says how compression is recognised).
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
#include "ingest/sources/byte_reader.h"

namespace newsdedup {

class LineReader {
 public:
  // Opens `path` ("-" for stdin).
  static StatusOr<std::unique_ptr<LineReader>> Open(const std::string& path,
                                                    size_t max_line_bytes);
  // Reads the lines of `bytes`. REQUIRES: bytes != nullptr.
  LineReader(std::unique_ptr<ByteReader> bytes, size_t max_line_bytes)
      : bytes_(std::move(bytes)), max_line_bytes_(max_line_bytes) {}

  enum class Result { kLine, kOversized, kEnd, kError };
  // Reads the next line (without its "\n" or "\r\n") into *line.
  // kOversized: the line was over the cap and skipped. kError: see status().
  Result Next(std::string* line);

  // 1-based number of the line last returned.
  uint64_t line_number() const { return line_number_; }
  // Compressed bytes consumed so far, and the input's size when known (0
  // otherwise), for progress reports.
  uint64_t bytes_consumed() const { return bytes_->bytes_consumed(); }
  uint64_t total_bytes() const { return bytes_->total_bytes(); }
  const Status& status() const { return bytes_->status(); }

 private:
  bool Fill();

  std::unique_ptr<ByteReader> bytes_;
  size_t max_line_bytes_;
  uint64_t line_number_ = 0;
  std::string buffer_;
  size_t begin_ = 0;  // unread data is buffer_[begin_, buffer_.size())
  bool eof_ = false;
};

}  // namespace newsdedup
