#include "ingest/sources/frame.h"

#include <algorithm>

#include "storage/varint.h"

namespace newsdedup {

FrameReader::Result FrameReader::Next(std::string* frame) {
  if (skipping_ > 0) {
    const uint64_t drop = std::min<uint64_t>(skipping_, buffer_.size());
    buffer_.erase(0, drop);
    skipping_ -= drop;
    if (skipping_ > 0) return Result::kNeedMore;
  }
  uint64_t length = 0;
  size_t pos = 0;
  switch (ParseVarint(buffer_, &length, &pos)) {
    case VarintStatus::kOk:
      break;
    case VarintStatus::kNeedMore:
      return Result::kNeedMore;
    case VarintStatus::kInvalid:
      return Result::kBadLength;
  }
  if (length > max_frame_) {
    buffer_.erase(0, pos);
    skipping_ = length;
    const uint64_t drop = std::min<uint64_t>(skipping_, buffer_.size());
    buffer_.erase(0, drop);
    skipping_ -= drop;
    return Result::kOversized;
  }
  if (buffer_.size() - pos < length) return Result::kNeedMore;
  frame->assign(buffer_, pos, length);
  buffer_.erase(0, pos + length);
  return Result::kFrame;
}

std::string EncodeFrame(std::string_view message) {
  std::string out;
  out.reserve(kMaxVarintBytes + message.size());
  PutVarint(out, message.size());
  out.append(message);
  return out;
}

}  // namespace newsdedup
