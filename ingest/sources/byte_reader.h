// ByteReader: the bytes of an input — a file, standard input ("-") or
// bytes in memory — decompressed on the fly, for the readers built on it
// (LineReader, the WARC record reader) and for whole small documents
// (ReadWhole).
//
// Compression is recognised by the first bytes: gzip (1f 8b) and zstd
// (28 b5 2f fd) are decompressed whatever the name, so a compressed file
// piped to stdin or saved without its suffix still reads. A file named .zst
// that does not start with zstd's magic is an error when read; one named .gz
// that does not start with gzip's is read as it is (as zlib's gzread does).
// A gzip input may be several members one after the other — a WARC file
// compressed record by record is — and reads as their concatenation; bytes
// after the last member that are not gzip are ignored, as gzread does.
//
// Thread safety: one reader per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dedup/status.h"

namespace newsdedup {

class ByteReader {
 public:
  // Opens `path` ("-" for stdin). Fails when the file cannot be opened.
  static StatusOr<std::unique_ptr<ByteReader>> Open(const std::string& path);
  // Reads `bytes` in memory, decompressed by their magic as a file is.
  // REQUIRES: `bytes` outlives the reader.
  static std::unique_ptr<ByteReader> OverMemory(std::string_view bytes);
  virtual ~ByteReader() = default;

  // Fills `buffer` with up to `capacity` decompressed bytes and returns
  // their number; 0 at the end of the input, -1 on an error (see status()).
  // Returns 0 again after the end and -1 again after an error.
  virtual long Read(char* buffer, size_t capacity) = 0;

  // Bytes taken from the file so far (compressed, when it is), and the
  // file's size when known (0 otherwise, as for stdin), for progress.
  virtual uint64_t bytes_consumed() const = 0;
  virtual uint64_t total_bytes() const = 0;

  // OK unless Read returned -1.
  const Status& status() const { return status_; }

 protected:
  Status status_;
};

// The whole decompressed content of `path` ("-" for stdin), for inputs that
// are one document (a feed, a page). ResourceExhausted when it holds more
// than `max_bytes` once decompressed; reading stops there, so a small
// compressed file that inflates without end costs no more than the cap.
StatusOr<std::string> ReadWhole(const std::string& path, size_t max_bytes);

}  // namespace newsdedup
