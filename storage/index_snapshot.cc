#include "storage/index_snapshot.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

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
//            u64 next_ordinal, u64 next_sequence, u64 last_record_hash
//   body:    what write_state wrote
//   trailer: u64 body bytes, u64 XXH3 of every byte before the checksum
constexpr char kMagic[8] = {'N', 'D', 'I', 'N', 'D', 'E', 'X', '\n'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kHeaderBytes = 8 + 4 + 4 + 3 * 8;
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
    const uint64_t fields[3] = {cut.next_ordinal, cut.next_sequence,
                                cut.last_record_hash};
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
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    Status s = Errno("reading " + path);
    ::close(fd);
    return s;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  if (!S_ISREG(st.st_mode) || size < kHeaderBytes + kTrailerBytes) {
    ::close(fd);
    return Status::Corruption("index snapshot is too short (" +
                              std::to_string(size) + " bytes)");
  }
  // Mapped rather than read: the body is copied once, straight into the
  // index's arrays, and the pages are the kernel's cache, not the heap.
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return Errno("mapping " + path);
  ::madvise(map, size, MADV_SEQUENTIAL);
  struct Unmap {
    void* p;
    size_t n;
    ~Unmap() { ::munmap(p, n); }
  } unmap{map, size};

  std::string_view bytes(static_cast<const char*>(map), size);
  std::string_view trailer = bytes.substr(size - kTrailerBytes);
  const uint64_t body_bytes = Take<uint64_t>(trailer);
  const uint64_t checksum = Take<uint64_t>(trailer);
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    return Status::Corruption("not an index snapshot");
  }
  if (body_bytes != size - kHeaderBytes - kTrailerBytes) {
    return Status::Corruption("index snapshot is torn: " +
                              std::to_string(size) + " bytes for a body of " +
                              std::to_string(body_bytes));
  }
  if (XXH3_64bits(bytes.data(), size - sizeof checksum) != checksum) {
    return Status::Corruption("index snapshot fails its checksum");
  }
  std::string_view header = bytes.substr(sizeof kMagic, kHeaderBytes);
  const uint32_t version = Take<uint32_t>(header);
  Take<uint32_t>(header);
  if (version != kFormatVersion) {
    return Status::InvalidArgument("index snapshot of format " +
                                   std::to_string(version) + ", not " +
                                   std::to_string(kFormatVersion));
  }
  SnapshotCut cut;
  cut.next_ordinal = Take<uint64_t>(header);
  cut.next_sequence = Take<uint64_t>(header);
  cut.last_record_hash = Take<uint64_t>(header);
  StringStateReader body(bytes.substr(kHeaderBytes, body_bytes));
  return read_state(cut, body);
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
