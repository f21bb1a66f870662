// WarcReader: the records of a WARC file (ingest/formats/warc.h), one after
// the other, out of a ByteReader — so plain, gzip (whole-file or one member
// a record, as crawlers write them) or zstd.
//
// Memory is bounded: a header may hold at most kMaxHeaderBytes, and a block
// longer than `max_block_bytes` is skipped as it is read, never held.
//
// Damage:
//   - a record whose header does not parse (or a place where a record
//     should start and none does) is reported as garbled, and the reader
//     looks for the next line "WARC/1.0" or "WARC/1.1" and carries on
//     from there; when there is none, the garble ends the input as an
//     error;
//   - a record the input ends inside of (header or block) is an error
//     that ends the input: there is nothing after it to read.
// Errors name the record's number (1-based, garbled stretches counting as
// one record) and the offset of its first byte in the decompressed input.
//
// Thread safety: one reader per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "dedup/status.h"
#include "ingest/formats/warc.h"
#include "ingest/sources/byte_reader.h"

namespace newsdedup {

struct WarcRecord {
  uint64_t number = 0;  // 1-based
  uint64_t offset = 0;  // of its first byte, in the decompressed input
  WarcHeader header;
  std::string block;  // empty when the block was skipped
};

class WarcReader {
 public:
  static constexpr size_t kMaxHeaderBytes = 64 << 10;

  // REQUIRES: bytes != nullptr.
  WarcReader(std::unique_ptr<ByteReader> bytes, size_t max_block_bytes)
      : bytes_(std::move(bytes)), max_block_bytes_(max_block_bytes) {}

  enum class Result {
    kRecord,     // *record is the next record
    kOversized,  // *record has the header; the block was over the cap
    kGarbled,    // a damaged record, see error(); reading carries on
    kEnd,        // no more records
    kError,      // the input ends in error, see error(); nothing follows
  };
  Result Next(WarcRecord* record);

  // Why the last kGarbled or kError: error() with the record's number,
  // offset and Target-URI when known ("record 3 at byte 1200 (http://...):
  // ..."), reason() without them. *record keeps the number and offset.
  const Status& error() const { return error_; }
  const Status& reason() const { return reason_; }

  uint64_t bytes_consumed() const { return bytes_->bytes_consumed(); }
  uint64_t total_bytes() const { return bytes_->total_bytes(); }

 private:
  // Makes `n` bytes available past begin_ unless the input ends first.
  // False on a read error (error_ is set).
  bool Ensure(size_t n);
  size_t Available() const { return buffer_.size() - begin_; }
  void Consume(size_t n) {
    begin_ += n;
    offset_ += n;
  }
  // Finds the line starting `from` bytes past begin_, without consuming
  // it: kLine with its length (with its "\n", which the last line of the
  // input may lack) in *length; kTooLong when it passes `max` bytes
  // (*length is what is buffered of it); kEnd when nothing is left.
  enum class Line { kLine, kTooLong, kEnd, kError };
  Line PeekLine(size_t from, size_t max, size_t* length);
  // Skips to the next version line, leaving it unread; false when the
  // input ends first. `inside_long_line`: reading starts mid-line.
  bool Resynchronise(bool inside_long_line);
  Result Fail(Result result, const WarcRecord& record, const Status& why);

  std::unique_ptr<ByteReader> bytes_;
  size_t max_block_bytes_;
  std::string buffer_;
  size_t begin_ = 0;     // unread data is buffer_[begin_, buffer_.size())
  uint64_t offset_ = 0;  // of buffer_[begin_] in the input
  bool eof_ = false;
  bool failed_ = false;
  uint64_t records_ = 0;
  Status error_;
  Status reason_;
};

}  // namespace newsdedup
