#include "storage/index_snapshot.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>

namespace newsdedup {
namespace {

// Layout (doc/storage.md): header, body, trailer; integers little-endian.
//   header:  8 bytes kMagic, u32 kFormatVersion, u32 0,
//            u64 next_ordinal, u64 next_sequence, u64 last_record_hash,
//            u64 deleted, u64 time_clock
//   body:    what write_state wrote
//   trailer: u64 body bytes, u64 XXH3 of every byte before the checksum
constexpr char kMagic[8] = {'N', 'D', 'I', 'N', 'D', 'E', 'X', '\n'};
constexpr uint32_t kFormatVersion = 2;  // 2: deleted, time_clock
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 5 * 8;
constexpr size_t kTrailerBytes = 2 * 8;
constexpr size_t kBufferBytes = 1 << 20;

Status Errno(const std::string& what) {
  return Status::IOError(what + ": " + std::strerror(errno));
}

// Writes through a buffer, hashing as it goes; the first failure sticks
// and is reported by Finish.
class FileStateWriter : public StateWriter {
 public:
  FileStateWriter(int fd, std::string path)
      : fd_(fd), path_(std::move(path)), state_(XXH3_createState()) {
    XXH3_64bits_reset(state_.get());
    buffer_.reserve(kBufferBytes);
  }

  void Write(const void* data, size_t size) override {
    XXH3_64bits_update(state_.get(), data, size);
    body_bytes_ += size;
    Append(data, size);
  }

  // Writes without counting as body: the header and the trailer.
  void WriteFrame(const void* data, size_t size) {
    XXH3_64bits_update(state_.get(), data, size);
    Append(data, size);
  }

  Status Finish() {
    WriteFrame(&body_bytes_, sizeof body_bytes_);
    const uint64_t checksum = XXH3_64bits_digest(state_.get());
    Append(&checksum, sizeof checksum);
    Flush();
    if (status_.ok() && ::fsync(fd_) != 0) status_ = Errno("syncing " + path_);
    return status_;
  }

 private:
  struct FreeState {
    void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
  };

  void Append(const void* data, size_t size) {
    if (!status_.ok()) return;
    const char* p = static_cast<const char*>(data);
    if (buffer_.size() + size > kBufferBytes) Flush();
    if (size >= kBufferBytes) {
      WriteAll(p, size);  // a big array goes straight to the file
    } else {
      buffer_.append(p, size);
    }
  }
  void Flush() {
    WriteAll(buffer_.data(), buffer_.size());
    buffer_.clear();
  }
  void WriteAll(const char* p, size_t size) {
    while (status_.ok() && size > 0) {
      const ssize_t n = ::write(fd_, p, size);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        status_ = Errno("writing " + path_);
        return;
      }
      p += n;
      size -= static_cast<size_t>(n);
    }
  }

  int fd_;
  std::string path_;
  std::unique_ptr<XXH3_state_t, FreeState> state_;
  std::string buffer_;
  uint64_t body_bytes_ = 0;
  Status status_;
};

// Reads a file's first `size` bytes in pieces straight into the caller's
// memory, hashing each piece right after it lands, while it is in the cache.
class FileStateReader : public StateReader {
 public:
  FileStateReader(int fd, std::string path, uint64_t size)
      : fd_(fd), path_(std::move(path)), left_(size),
        state_(XXH3_createState()) {
    XXH3_64bits_reset(state_.get());
  }

  Status Read(void* data, size_t size) override {
    if (size > left_) {
      return Status::Corruption("index state ends " +
                                std::to_string(size - left_) + " bytes early");
    }
    char* p = static_cast<char*>(data);
    while (size > 0) {
      const size_t piece = std::min(size, kBufferBytes);
      const ssize_t n = ::read(fd_, p, piece);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return Errno("reading " + path_);
      if (n == 0) return Status::Corruption(path_ + " ended early");
      XXH3_64bits_update(state_.get(), p, static_cast<size_t>(n));
      p += n;
      size -= static_cast<size_t>(n);
      left_ -= static_cast<uint64_t>(n);
    }
    return Status::Ok();
  }
  uint64_t Remaining() const override { return left_; }

  // Reads what is left, for the checksum.
  Status Drain() {
    std::string buffer(std::min<uint64_t>(left_, kBufferBytes), '\0');
    while (left_ > 0) {
      Status s = Read(buffer.data(), std::min<uint64_t>(left_, buffer.size()));
      if (!s.ok()) return s;
    }
    return Status::Ok();
  }
  XXH3_state_t* hash() { return state_.get(); }

 private:
  struct FreeState {
    void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
  };
  int fd_;
  std::string path_;
  uint64_t left_;
  std::unique_ptr<XXH3_state_t, FreeState> state_;
};

// Syncs a directory, so that a rename in it survives a power cut.
Status SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("opening " + dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Errno("syncing " + dir);
}

std::string TemporaryPath(const std::string& path) { return path + ".tmp"; }

template <typename T>
T Take(std::string_view& bytes) {
  T value;
  std::memcpy(&value, bytes.data(), sizeof value);
  bytes.remove_prefix(sizeof value);
  return value;
}

}  // namespace

std::string IndexSnapshotPath(const std::string& store_dir) {
  return (std::filesystem::path(store_dir) / "index.snapshot").string();
}

Status WriteIndexSnapshot(
    const std::string& path, const SnapshotCut& cut,
    const std::function<void(StateWriter&)>& write_state) {
  const std::string tmp = TemporaryPath(path);
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("creating " + tmp);
  Status s;
  {
    FileStateWriter out(fd, tmp);
    out.WriteFrame(kMagic, sizeof kMagic);
    const uint32_t words[2] = {kFormatVersion, 0};
    out.WriteFrame(words, sizeof words);
    const uint64_t fields[5] = {cut.next_ordinal, cut.next_sequence,
                                cut.last_record_hash, cut.deleted,
                                cut.time_clock};
    out.WriteFrame(fields, sizeof fields);
    write_state(out);
    s = out.Finish();
  }
  if (::close(fd) != 0 && s.ok()) s = Errno("closing " + tmp);
  if (s.ok() && std::rename(tmp.c_str(), path.c_str()) != 0) {
    s = Errno("renaming " + tmp);
  }
  if (!s.ok()) {
    ::unlink(tmp.c_str());
    return s;
  }
  return SyncDirectory(
      std::filesystem::path(path).parent_path().string());
}

Status ReadIndexSnapshot(
    const std::string& path,
    const std::function<Status(const SnapshotCut&, StateReader&)>& read_state) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no index snapshot");
    return Errno("opening " + path);
  }
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } close_fd{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) return Errno("reading " + path);
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (!S_ISREG(st.st_mode) || size < kHeaderBytes + kTrailerBytes) {
    return Status::Corruption("index snapshot is too short (" +
                              std::to_string(size) + " bytes)");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  char trailer_bytes[kTrailerBytes];
  if (::pread(fd, trailer_bytes, kTrailerBytes,
              static_cast<off_t>(size - kTrailerBytes)) !=
      static_cast<ssize_t>(kTrailerBytes)) {
    return Errno("reading " + path);
  }
  std::string_view trailer(trailer_bytes, kTrailerBytes);
  const uint64_t body_bytes = Take<uint64_t>(trailer);
  const uint64_t checksum = Take<uint64_t>(trailer);
  if (body_bytes != size - kHeaderBytes - kTrailerBytes) {
    return Status::Corruption("index snapshot is torn: " +
                              std::to_string(size) + " bytes for a body of " +
                              std::to_string(body_bytes));
  }

  FileStateReader in(fd, path, kHeaderBytes + body_bytes);
  char header_bytes[kHeaderBytes];
  Status s = in.Read(header_bytes, kHeaderBytes);
  if (!s.ok()) return s;
  std::string_view header(header_bytes, kHeaderBytes);
  const bool magic = header.substr(0, sizeof kMagic) ==
                     std::string_view(kMagic, sizeof kMagic);
  header.remove_prefix(sizeof kMagic);
  const uint32_t version = Take<uint32_t>(header);
  Take<uint32_t>(header);
  SnapshotCut cut;
  cut.next_ordinal = Take<uint64_t>(header);
  cut.next_sequence = Take<uint64_t>(header);
  cut.last_record_hash = Take<uint64_t>(header);
  cut.deleted = Take<uint64_t>(header);
  cut.time_clock = Take<uint64_t>(header);
  // The body is handed on as it is read, and checked as it goes: read
  // once, hashed while it is still in the cache. Until the checksum holds
  // at the end, read_state's work is provisional (the caller discards it
  // on any error), so damage is reported as such whatever it made
  // read_state say.
  Status read = Status::Corruption("not an index snapshot");
  if (magic && version == kFormatVersion) {
    read = read_state(cut, in);
  } else if (magic) {
    read = Status::InvalidArgument("index snapshot of format " +
                                   std::to_string(version) + ", not " +
                                   std::to_string(kFormatVersion));
  }
  if (!read.ok() && read.code() == Status::Code::kIOError) return read;
  const uint64_t unread = in.Remaining();
  s = in.Drain();
  if (!s.ok()) return s;
  XXH3_64bits_update(in.hash(), &body_bytes, sizeof body_bytes);
  if (XXH3_64bits_digest(in.hash()) != checksum) {
    return Status::Corruption("index snapshot fails its checksum");
  }
  if (read.ok() && unread != 0) {
    return Status::Internal("index snapshot read only in part");
  }
  return read;
}

Status RemoveIndexSnapshot(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(TemporaryPath(path), ec);
  if (ec) return Status::IOError("removing " + TemporaryPath(path) + ": " +
                                 ec.message());
  std::filesystem::remove(path, ec);
  if (ec) return Status::IOError("removing " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace newsdedup
