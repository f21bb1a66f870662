#include "ingest/sources/line_reader.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace newsdedup {
namespace {

constexpr size_t kChunk = 1 << 16;

bool EndsWith(const std::string& s, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

class PlainReader : public LineReader {
 public:
  PlainReader(FILE* file, bool owned, size_t max_line, uint64_t total)
      : LineReader(max_line), file_(file), owned_(owned), total_(total) {}
  ~PlainReader() override {
    if (owned_) std::fclose(file_);
  }
  uint64_t bytes_consumed() const override { return consumed_; }
  uint64_t total_bytes() const override { return total_; }

 protected:
  long Read(char* buffer, size_t capacity) override {
    const size_t n = std::fread(buffer, 1, capacity, file_);
    if (n == 0 && std::ferror(file_)) {
      status_ =
          Status::IOError(std::string("read failed: ") + std::strerror(errno));
      return -1;
    }
    consumed_ += n;
    return static_cast<long>(n);
  }

 private:
  FILE* file_;
  bool owned_;
  uint64_t total_;
  uint64_t consumed_ = 0;
};

class GzipReader : public LineReader {
 public:
  GzipReader(gzFile file, size_t max_line, uint64_t total)
      : LineReader(max_line), file_(file), total_(total) {}
  ~GzipReader() override { gzclose(file_); }
  uint64_t bytes_consumed() const override {
    return static_cast<uint64_t>(gzoffset(file_));
  }
  uint64_t total_bytes() const override { return total_; }

 protected:
  long Read(char* buffer, size_t capacity) override {
    const int n = gzread(file_, buffer, static_cast<unsigned>(capacity));
    if (n < 0) {
      int code = 0;
      status_ = Status::IOError(std::string("gzip: ") + gzerror(file_, &code));
      return -1;
    }
    return n;
  }

 private:
  gzFile file_;
  uint64_t total_;
};

class ZstdReader : public LineReader {
 public:
  ZstdReader(FILE* file, size_t max_line, uint64_t total)
      : LineReader(max_line),
        file_(file),
        total_(total),
        stream_(ZSTD_createDStream()),
        in_buffer_(ZSTD_DStreamInSize()) {
    ZSTD_initDStream(stream_);
  }
  ~ZstdReader() override {
    ZSTD_freeDStream(stream_);
    std::fclose(file_);
  }
  uint64_t bytes_consumed() const override { return consumed_; }
  uint64_t total_bytes() const override { return total_; }

 protected:
  long Read(char* buffer, size_t capacity) override {
    ZSTD_outBuffer out = {buffer, capacity, 0};
    while (out.pos == 0) {
      if (in_.pos == in_.size) {
        const size_t n =
            std::fread(in_buffer_.data(), 1, in_buffer_.size(), file_);
        if (n == 0) {
          if (std::ferror(file_)) {
            status_ = Status::IOError("read failed");
            return -1;
          }
          return 0;
        }
        consumed_ += n;
        in_ = {in_buffer_.data(), n, 0};
      }
      const size_t rc = ZSTD_decompressStream(stream_, &out, &in_);
      if (ZSTD_isError(rc)) {
        status_ =
            Status::IOError(std::string("zstd: ") + ZSTD_getErrorName(rc));
        return -1;
      }
    }
    return static_cast<long>(out.pos);
  }

 private:
  FILE* file_;
  uint64_t total_;
  uint64_t consumed_ = 0;
  ZSTD_DStream* stream_;
  std::vector<char> in_buffer_;
  ZSTD_inBuffer in_ = {nullptr, 0, 0};
};

uint64_t FileSize(FILE* file) {
  if (std::fseek(file, 0, SEEK_END) != 0) return 0;
  const long size = std::ftell(file);
  std::fseek(file, 0, SEEK_SET);
  return size > 0 ? static_cast<uint64_t>(size) : 0;
}

}  // namespace

StatusOr<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path,
                                                       size_t max_line_bytes) {
  if (path == "-") {
    return std::unique_ptr<LineReader>(
        new PlainReader(stdin, false, max_line_bytes, 0));
  }
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Status::IOError("cannot open " + path + ": " + std::strerror(errno));
  }
  const uint64_t size = FileSize(file);
  if (EndsWith(path, ".gz")) {
    std::fclose(file);
    gzFile gz = gzopen(path.c_str(), "rb");
    if (gz == nullptr) return Status::IOError("cannot open " + path);
    gzbuffer(gz, 1 << 17);
    return std::unique_ptr<LineReader>(
        new GzipReader(gz, max_line_bytes, size));
  }
  if (EndsWith(path, ".zst")) {
    return std::unique_ptr<LineReader>(
        new ZstdReader(file, max_line_bytes, size));
  }
  return std::unique_ptr<LineReader>(
      new PlainReader(file, true, max_line_bytes, size));
}

bool LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  const size_t old = buffer_.size();
  buffer_.resize(old + kChunk);
  const long n = Read(buffer_.data() + old, kChunk);
  if (n <= 0) {
    buffer_.resize(old);
    eof_ = true;
    return false;
  }
  buffer_.resize(old + static_cast<size_t>(n));
  return true;
}

LineReader::Result LineReader::Next(std::string* line) {
  size_t scanned = begin_;
  bool oversized = false;  // the start of this line was dropped
  for (;;) {
    size_t end = buffer_.find('\n', scanned);
    size_t next = end + 1;
    if (end == std::string::npos) {
      // Drop what we have of an oversized line and keep looking for its end.
      // One byte over the cap may still be the '\r' of a "\r\n".
      if (buffer_.size() - begin_ > max_line_bytes_ + 1) {
        oversized = true;
        buffer_.clear();
        begin_ = 0;
      }
      // Fill() moves unread data to the front: remember where the search
      // stopped relative to the start of the line.
      const size_t searched = buffer_.size() - begin_;
      if (Fill()) {
        scanned = begin_ + searched;
        continue;
      }
      if (!status_.ok()) return Result::kError;
      if (buffer_.size() == begin_ && !oversized) return Result::kEnd;
      end = next = buffer_.size();  // the last line has no "\n"
    }
    // The cap applies to the line however it was buffered: a whole line
    // over it can sit in the buffer when its end arrived in the same read.
    ++line_number_;
    if (end > begin_ && buffer_[end - 1] == '\r') --end;
    const size_t length = end - begin_;
    const size_t start = begin_;
    begin_ = next;
    if (oversized || length > max_line_bytes_) return Result::kOversized;
    line->assign(buffer_, start, length);
    return Result::kLine;
  }
}

}  // namespace newsdedup
