#include "ingest/sources/byte_reader.h"

#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <vector>

namespace newsdedup {
namespace {

constexpr size_t kChunk = 1 << 16;
constexpr std::string_view kGzipMagic = "\x1f\x8b";
constexpr std::string_view kZstdMagic = "\x28\xb5\x2f\xfd";

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The raw bytes of a file, with a few read ahead (to see the magic)
// handed out again first, as standard input cannot seek back; or of bytes
// in memory.
class RawInput {
 public:
  RawInput(FILE* file, bool owned) : file_(file), owned_(owned) {}
  explicit RawInput(std::string_view memory)
      : file_(nullptr), owned_(false), memory_(memory) {}
  ~RawInput() {
    if (owned_) std::fclose(file_);
  }
  RawInput(const RawInput&) = delete;
  RawInput& operator=(const RawInput&) = delete;

  // Up to `n` first bytes, which later reads hand out again.
  std::string_view Peek(size_t n) {
    if (file_ == nullptr) return memory_.substr(0, n);
    prefix_.resize(n);
    prefix_.resize(std::fread(prefix_.data(), 1, n, file_));
    return prefix_;
  }

  // As ByteReader::Read, on the raw bytes.
  long Read(char* buffer, size_t capacity, Status* status) {
    if (file_ == nullptr) {
      const size_t n = std::min(capacity, memory_.size() - consumed_);
      std::memcpy(buffer, memory_.data() + consumed_, n);
      consumed_ += n;
      return static_cast<long>(n);
    }
    size_t n = std::min(capacity, prefix_.size() - prefix_pos_);
    std::memcpy(buffer, prefix_.data() + prefix_pos_, n);
    prefix_pos_ += n;
    if (n < capacity) {
      n += std::fread(buffer + n, 1, capacity - n, file_);
      if (n == 0 && std::ferror(file_)) {
        *status = Status::IOError(std::string("read failed: ") +
                                  std::strerror(errno));
        return -1;
      }
    }
    consumed_ += n;
    return static_cast<long>(n);
  }

  uint64_t consumed() const { return consumed_; }

 private:
  FILE* file_;
  bool owned_;
  std::string_view memory_;
  std::string prefix_;
  size_t prefix_pos_ = 0;
  uint64_t consumed_ = 0;
};

class PlainReader : public ByteReader {
 public:
  PlainReader(std::unique_ptr<RawInput> in, uint64_t total)
      : raw_(std::move(in)), total_(total) {}
  long Read(char* buffer, size_t capacity) override {
    if (!status_.ok()) return -1;
    return raw_->Read(buffer, capacity, &status_);
  }
  uint64_t bytes_consumed() const override { return raw_->consumed(); }
  uint64_t total_bytes() const override { return total_; }

 private:
  std::unique_ptr<RawInput> raw_;
  uint64_t total_;
};

class GzipReader : public ByteReader {
 public:
  GzipReader(std::unique_ptr<RawInput> in, uint64_t total)
      : raw_(std::move(in)), total_(total), in_buffer_(kChunk) {
    inflateInit2(&z_, 15 + 16);  // gzip wrapper only
  }
  ~GzipReader() override { inflateEnd(&z_); }

  long Read(char* buffer, size_t capacity) override {
    if (!status_.ok()) return -1;
    if (!pending_.ok()) {
      status_ = pending_;
      return -1;
    }
    capacity = std::min<size_t>(capacity, UINT_MAX);
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    z_.avail_out = static_cast<uInt>(capacity);
    // Fills the buffer across members while input is at hand: a WARC's
    // members are small, and a read a member would cost its caller dear.
    // Once there is output, no more is waited for from the file.
    Status error;
    while (!done_ && z_.avail_out > 0 &&
           (z_.avail_out == capacity || z_.avail_in > 0)) {
      // Between members: another member, or the end (what follows the
      // last member is ignored, as gzread does).
      if (!in_member_ && !Fill(kGzipMagic.size(), &error)) break;
      if (!in_member_ && (z_.avail_in < kGzipMagic.size() ||
                          std::memcmp(z_.next_in, kGzipMagic.data(),
                                      kGzipMagic.size()) != 0)) {
        done_ = true;
        break;
      }
      in_member_ = true;
      if (!Fill(1, &error)) break;
      if (z_.avail_in == 0) {
        error = Status::IOError("gzip: unexpected end of file");
        break;
      }
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&z_);
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error = Status::IOError(std::string("gzip: ") +
                                (z_.msg ? z_.msg : "corrupt data"));
        break;
      }
    }
    const size_t produced = capacity - z_.avail_out;
    if (!error.ok()) {
      // What was decompressed before the error is handed out first.
      if (produced > 0) {
        pending_ = error;
      } else {
        status_ = error;
        return -1;
      }
    }
    return static_cast<long>(produced);
  }
  uint64_t bytes_consumed() const override {
    return raw_->consumed() - z_.avail_in;
  }
  uint64_t total_bytes() const override { return total_; }

 private:
  // Makes at least `want` input bytes available unless the file ends
  // first. False on a read error, in *error.
  bool Fill(size_t want, Status* error) {
    if (z_.avail_in >= want || eof_) return true;
    if (z_.avail_in > 0)
      std::memmove(in_buffer_.data(), z_.next_in, z_.avail_in);
    z_.next_in = in_buffer_.data();
    while (z_.avail_in < want && !eof_) {
      const long n =
          raw_->Read(reinterpret_cast<char*>(in_buffer_.data()) + z_.avail_in,
                     in_buffer_.size() - z_.avail_in, error);
      if (n < 0) return false;
      eof_ = n == 0;
      z_.avail_in += static_cast<uInt>(n);
    }
    return true;
  }

  std::unique_ptr<RawInput> raw_;
  uint64_t total_;
  std::vector<Bytef> in_buffer_;
  z_stream z_{};
  bool in_member_ = false;
  bool eof_ = false;
  bool done_ = false;
  Status pending_;  // an error that follows output already handed out
};

class ZstdReader : public ByteReader {
 public:
  ZstdReader(std::unique_ptr<RawInput> in, uint64_t total)
      : raw_(std::move(in)),
        total_(total),
        stream_(ZSTD_createDStream()),
        in_buffer_(ZSTD_DStreamInSize()) {
    ZSTD_initDStream(stream_);
  }
  ~ZstdReader() override { ZSTD_freeDStream(stream_); }

  long Read(char* buffer, size_t capacity) override {
    if (!status_.ok()) return -1;
    ZSTD_outBuffer out = {buffer, capacity, 0};
    while (out.pos == 0) {
      if (in_.pos == in_.size) {
        const long n =
            raw_->Read(in_buffer_.data(), in_buffer_.size(), &status_);
        if (n < 0) return -1;
        if (n == 0) {
          if (!frame_open_) return 0;
          // The decoder may still hold output of the frame's last input.
          const size_t rc = ZSTD_decompressStream(stream_, &out, &in_);
          if (!ZSTD_isError(rc)) frame_open_ = rc != 0;
          if (out.pos > 0) break;
          status_ = Status::IOError("zstd: unexpected end of file");
          return -1;
        }
        in_ = {in_buffer_.data(), static_cast<size_t>(n), 0};
      }
      const size_t rc = ZSTD_decompressStream(stream_, &out, &in_);
      if (ZSTD_isError(rc)) {
        status_ =
            Status::IOError(std::string("zstd: ") + ZSTD_getErrorName(rc));
        return -1;
      }
      frame_open_ = rc != 0;
    }
    return static_cast<long>(out.pos);
  }
  uint64_t bytes_consumed() const override {
    return raw_->consumed() - (in_.size - in_.pos);
  }
  uint64_t total_bytes() const override { return total_; }

 private:
  std::unique_ptr<RawInput> raw_;
  uint64_t total_;
  ZSTD_DStream* stream_;
  std::vector<char> in_buffer_;
  ZSTD_inBuffer in_ = {nullptr, 0, 0};
  bool frame_open_ = false;  // inside a frame: its end has not been read
};

uint64_t FileSize(FILE* file) {
  if (std::fseek(file, 0, SEEK_END) != 0) return 0;
  const long size = std::ftell(file);
  std::fseek(file, 0, SEEK_SET);
  return size > 0 ? static_cast<uint64_t>(size) : 0;
}

// The reader that decompresses `in` as its magic (or `name`) says.
std::unique_ptr<ByteReader> Decompressing(std::unique_ptr<RawInput> in,
                                          uint64_t size,
                                          const std::string& name) {
  const std::string_view magic = in->Peek(kZstdMagic.size());
  if (magic.substr(0, kGzipMagic.size()) == kGzipMagic) {
    return std::make_unique<GzipReader>(std::move(in), size);
  }
  if (magic == kZstdMagic || EndsWith(name, ".zst")) {
    return std::make_unique<ZstdReader>(std::move(in), size);
  }
  return std::make_unique<PlainReader>(std::move(in), size);
}

}  // namespace

StatusOr<std::unique_ptr<ByteReader>> ByteReader::Open(
    const std::string& path) {
  std::unique_ptr<RawInput> in;
  uint64_t size = 0;
  if (path == "-") {
    in = std::make_unique<RawInput>(stdin, false);
  } else {
    FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
      return Status::IOError("cannot open " + path + ": " +
                             std::strerror(errno));
    }
    size = FileSize(file);
    in = std::make_unique<RawInput>(file, true);
  }
  return Decompressing(std::move(in), size, path);
}

std::unique_ptr<ByteReader> ByteReader::OverMemory(std::string_view bytes) {
  return Decompressing(std::make_unique<RawInput>(bytes), bytes.size(), "");
}

StatusOr<std::string> ReadWhole(const std::string& path, size_t max_bytes) {
  StatusOr<std::unique_ptr<ByteReader>> reader = ByteReader::Open(path);
  if (!reader.ok()) return reader.status();
  std::string content;
  for (;;) {
    const size_t old = content.size();
    // One byte past the cap tells an input at the cap from one over it.
    const size_t want = std::min(kChunk, max_bytes + 1 - old);
    content.resize(old + want);
    const long n = (*reader)->Read(content.data() + old, want);
    if (n < 0) return (*reader)->status().WithContext(path);
    content.resize(old + static_cast<size_t>(n));
    if (n == 0) return content;
    if (content.size() > max_bytes) {
      return Status::ResourceExhausted(path + ": more than " +
                                       std::to_string(max_bytes) + " bytes");
    }
  }
}

}  // namespace newsdedup
