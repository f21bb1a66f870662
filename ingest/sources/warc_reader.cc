#include "ingest/sources/warc_reader.h"

#include <algorithm>
#include <string_view>

namespace newsdedup {
namespace {

constexpr size_t kChunk = 1 << 16;

// A line (with its line end) that holds nothing else.
bool IsBlank(std::string_view line) {
  return line.find_first_not_of("\r\n") == std::string_view::npos;
}

std::string_view WithoutLineEnd(std::string_view line) {
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

bool WarcReader::Ensure(size_t n) {
  while (Available() < n && !eof_) {
    if (begin_ > 0 && begin_ >= buffer_.size() / 2) {
      buffer_.erase(0, begin_);
      begin_ = 0;
    }
    const size_t old = buffer_.size();
    const size_t want = std::max(kChunk, n - Available());
    buffer_.resize(old + want);
    const long read = bytes_->Read(buffer_.data() + old, want);
    buffer_.resize(old + static_cast<size_t>(std::max(read, 0L)));
    if (read < 0) {
      error_ = bytes_->status();
      return false;
    }
    eof_ = read == 0;
  }
  return true;
}

WarcReader::Line WarcReader::PeekLine(size_t from, size_t max, size_t* length) {
  size_t scanned = from;
  for (;;) {
    const size_t newline = buffer_.find('\n', begin_ + scanned);
    if (newline != std::string::npos) {
      *length = newline + 1 - begin_ - from;
      return *length > max ? Line::kTooLong : Line::kLine;
    }
    scanned = Available();
    *length = scanned - from;
    if (*length > max) return Line::kTooLong;
    if (!Ensure(scanned + 1)) return Line::kError;
    if (Available() == scanned) {  // the input ends: a last line, or none
      return *length == 0 ? Line::kEnd : Line::kLine;
    }
  }
}

bool WarcReader::Resynchronise(bool inside_long_line) {
  for (;;) {
    size_t length = 0;
    const Line line = PeekLine(0, kMaxHeaderBytes, &length);
    if (line == Line::kEnd || line == Line::kError) return false;
    const std::string_view text(buffer_.data() + begin_, length);
    if (line == Line::kLine && !inside_long_line &&
        IsWarcVersionLine(WithoutLineEnd(text))) {
      return true;
    }
    inside_long_line = line == Line::kTooLong;
    Consume(length);
  }
}

WarcReader::Result WarcReader::Fail(Result result, const WarcRecord& record,
                                    const Status& why) {
  std::string where = "record " + std::to_string(record.number) + " at byte " +
                      std::to_string(record.offset);
  if (!record.header.TargetUri().empty()) {
    where += " (" + std::string(record.header.TargetUri()) + ")";
  }
  reason_ = why;
  error_ = why.WithContext(where);
  if (result == Result::kError) failed_ = true;
  return result;
}

WarcReader::Result WarcReader::Next(WarcRecord* record) {
  if (failed_) return Result::kError;
  *record = WarcRecord{};
  // The "\r\n\r\n" that ends a record, and any blank lines more.
  size_t length = 0;
  for (;;) {
    const Line line = PeekLine(0, kMaxHeaderBytes, &length);
    if (line == Line::kEnd) return Result::kEnd;
    if (line == Line::kError) {
      record->number = records_ + 1;
      record->offset = offset_;
      return Fail(Result::kError, *record, error_);
    }
    if (line == Line::kTooLong ||
        !IsBlank(std::string_view(buffer_.data() + begin_, length))) {
      break;
    }
    Consume(length);
  }
  record->number = ++records_;
  record->offset = offset_;

  // The header: from the version line to the first empty line.
  size_t header_length = 0;
  Status garbled;
  for (bool first = true;; first = false) {
    const Line line =
        PeekLine(header_length, kMaxHeaderBytes - header_length, &length);
    if (line == Line::kError) return Fail(Result::kError, *record, error_);
    const std::string_view text(buffer_.data() + begin_ + header_length,
                                line == Line::kTooLong ? 0 : length);
    if (first &&
        (line != Line::kLine || !IsWarcVersionLine(WithoutLineEnd(text)))) {
      garbled =
          Status::InvalidArgument("no WARC/1.0 or WARC/1.1 record starts here");
      break;
    }
    if (line == Line::kTooLong) {
      garbled =
          Status::InvalidArgument("header is longer than " +
                                  std::to_string(kMaxHeaderBytes) + " bytes");
      break;
    }
    if (line == Line::kEnd || text.back() != '\n') {
      return Fail(Result::kError, *record,
                  Status::InvalidArgument("the input ends inside the header"));
    }
    header_length += length;
    if (IsBlank(text)) break;
  }
  if (garbled.ok()) {
    StatusOr<WarcHeader> header = ParseWarcHeader(
        std::string_view(buffer_.data() + begin_, header_length));
    if (header.ok()) {
      record->header = std::move(*header);
      Consume(header_length);
    } else {
      garbled = header.status();
    }
  }
  if (!garbled.ok()) {
    // Past the line that looked like the record's start, to the next.
    size_t first_line = 0;
    const Line line = PeekLine(0, kMaxHeaderBytes, &first_line);
    if (line != Line::kError) Consume(first_line);
    const bool found = Resynchronise(line == Line::kTooLong);
    return Fail(found ? Result::kGarbled : Result::kError, *record, garbled);
  }

  // The block: held when under the cap, else skipped as it is read.
  uint64_t remaining = record->header.content_length;
  if (remaining > max_block_bytes_) {
    while (remaining > 0) {
      if (!Ensure(std::min<uint64_t>(remaining, kChunk))) {
        return Fail(Result::kError, *record, error_);
      }
      if (Available() == 0) break;
      const size_t take = std::min<uint64_t>(remaining, Available());
      Consume(take);
      remaining -= take;
    }
  } else {
    if (!Ensure(remaining)) return Fail(Result::kError, *record, error_);
    const size_t take = std::min<uint64_t>(remaining, Available());
    record->block.assign(buffer_, begin_, take);
    Consume(take);
    remaining -= take;
  }
  if (remaining > 0) {
    return Fail(
        Result::kError, *record,
        Status::InvalidArgument("the input ends inside the block, " +
                                std::to_string(remaining) + " of its " +
                                std::to_string(record->header.content_length) +
                                " bytes missing"));
  }
  return record->header.content_length > max_block_bytes_ ? Result::kOversized
                                                          : Result::kRecord;
}

}  // namespace newsdedup
