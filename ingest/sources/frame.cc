#include "ingest/sources/frame.h"

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
  for (int shift = 0;; shift += 7) {
    if (pos >= buffer_.size()) return Result::kNeedMore;
    if (shift > 63) return Result::kBadLength;
    const unsigned char byte = static_cast<unsigned char>(buffer_[pos++]);
    length |= uint64_t{byte & 0x7Fu} << shift;
    if ((byte & 0x80u) == 0) break;
    if (pos >= 10) return Result::kBadLength;
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
  uint64_t n = message.size();
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7F) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
  out.append(message);
  return out;
}

}  // namespace newsdedup
