// PiecewiseByteReader: a ByteReader over bytes in memory that hands them out
// in reads of a chosen size, so that tests and fuzzers can put the read
// boundaries (and so a reader's buffering) wherever they like; and
// PiecewiseLineReader, a LineReader over one.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "ingest/sources/byte_reader.h"
#include "ingest/sources/line_reader.h"

namespace newsdedup {

class PiecewiseByteReader : public ByteReader {
 public:
  // REQUIRES: read_size > 0.
  PiecewiseByteReader(std::string_view data, size_t read_size)
      : data_(data), read_size_(read_size) {}

  long Read(char* buffer, size_t capacity) override {
    const size_t n = std::min({capacity, read_size_, data_.size() - pos_});
    std::memcpy(buffer, data_.data() + pos_, n);
    pos_ += n;
    return static_cast<long>(n);
  }
  uint64_t bytes_consumed() const override { return pos_; }
  uint64_t total_bytes() const override { return data_.size(); }

 private:
  std::string data_;
  size_t read_size_;
  size_t pos_ = 0;
};

class PiecewiseLineReader : public LineReader {
 public:
  // REQUIRES: read_size > 0.
  PiecewiseLineReader(std::string_view data, size_t max_line_bytes,
                      size_t read_size)
      : LineReader(std::make_unique<PiecewiseByteReader>(data, read_size),
                   max_line_bytes) {}
};

}  // namespace newsdedup
