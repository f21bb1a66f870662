#include "ingest/sources/line_reader.h"

namespace newsdedup {
namespace {

constexpr size_t kChunk = 1 << 16;

}  // namespace

StatusOr<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path,
                                                       size_t max_line_bytes) {
  StatusOr<std::unique_ptr<ByteReader>> bytes = ByteReader::Open(path);
  if (!bytes.ok()) return bytes.status();
  return std::make_unique<LineReader>(std::move(*bytes), max_line_bytes);
}

bool LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    buffer_.erase(0, begin_);
    begin_ = 0;
  }
  const size_t old = buffer_.size();
  buffer_.resize(old + kChunk);
  const long n = bytes_->Read(buffer_.data() + old, kChunk);
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
      if (!status().ok()) return Result::kError;
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
