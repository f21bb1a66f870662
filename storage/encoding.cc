#include "storage/encoding.h"

namespace newsdedup {
namespace {

void PutBigEndian(std::string& out, uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
}

uint64_t GetBigEndian(std::string_view in, int bytes) {
  uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) {
    value = (value << 8) | static_cast<unsigned char>(in[i]);
  }
  return value;
}

void PutLittleEndian64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
  }
}

uint64_t GetLittleEndian64(std::string_view in) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(in[i]);
  }
  return value;
}

}  // namespace

std::string EncodeOrdinal(uint32_t ordinal) {
  std::string out;
  PutBigEndian(out, ordinal, 4);
  return out;
}

std::optional<uint32_t> DecodeOrdinal(std::string_view key) {
  if (key.size() != 4) return std::nullopt;
  return static_cast<uint32_t>(GetBigEndian(key, 4));
}

std::string EncodeSequence(uint64_t sequence) {
  std::string out;
  PutBigEndian(out, sequence, 8);
  return out;
}

std::optional<uint64_t> DecodeSequence(std::string_view key) {
  if (key.size() != 8) return std::nullopt;
  return GetBigEndian(key, 8);
}

std::string EncodeMemberKey(std::string_view cluster_id,
                            std::string_view article_id) {
  std::string key = MemberPrefix(cluster_id);
  key.append(article_id);
  return key;
}

std::string MemberPrefix(std::string_view cluster_id) {
  std::string key(cluster_id);
  key.push_back('\0');
  return key;
}

std::string EncodeCounters(const Counters& c) {
  std::string out;
  PutLittleEndian64(out, c.next_ordinal);
  PutLittleEndian64(out, c.next_sequence);
  PutLittleEndian64(out, c.clusters);
  PutLittleEndian64(out, c.deleted);
  return out;
}

std::string EncodeClusterNameKey(uint32_t cluster_ordinal) {
  return std::string(kClusterNamePrefix) + EncodeOrdinal(cluster_ordinal);
}

std::optional<Counters> DecodeCounters(std::string_view value) {
  // 24 bytes in stores from before deletion, which have deleted nothing.
  if (value.size() != 24 && value.size() != 32) return std::nullopt;
  Counters c;
  c.next_ordinal = GetLittleEndian64(value.substr(0, 8));
  c.next_sequence = GetLittleEndian64(value.substr(8, 8));
  c.clusters = GetLittleEndian64(value.substr(16, 8));
  if (value.size() == 32) c.deleted = GetLittleEndian64(value.substr(24, 8));
  if (c.deleted > c.next_ordinal) return std::nullopt;
  return c;
}

std::string EncodeStateKey(std::string_view name) {
  std::string key(kStatePrefix);
  key.append(name);
  return key;
}

}  // namespace newsdedup
