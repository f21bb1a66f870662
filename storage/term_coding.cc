#include "storage/term_coding.h"

#include <algorithm>
#include <bit>

#include "storage/varint.h"

namespace newsdedup {
namespace {

// Low bits per value: what is left of 32 once the high parts number about n.
uint32_t LowBits(uint64_t n) {
  if (n == 0) return 0;
  const int log_n = std::bit_width(n) - 1;  // floor(log2 n)
  return log_n >= 32 ? 0 : static_cast<uint32_t>(32 - log_n);
}

// Little-endian bit packing through a 64-bit accumulator.
class BitWriter {
 public:
  explicit BitWriter(std::string& out) : out_(out) {}
  ~BitWriter() {
    if (fill_ > 0) out_.push_back(static_cast<char>(acc_));
  }
  void Put(uint64_t value, uint32_t bits) {  // bits <= 32
    if (bits == 0) return;
    acc_ |= (value & ((uint64_t{1} << bits) - 1)) << fill_;
    fill_ += bits;
    while (fill_ >= 8) {
      out_.push_back(static_cast<char>(acc_));
      acc_ >>= 8;
      fill_ -= 8;
    }
  }
  void PutZeros(uint64_t count) {
    for (; count > 32; count -= 32) Put(0, 32);
    Put(0, static_cast<uint32_t>(count));
  }

 private:
  std::string& out_;
  uint64_t acc_ = 0;
  uint32_t fill_ = 0;
};

class BitReader {
 public:
  explicit BitReader(std::string_view in) : in_(in) {}
  bool Get(uint32_t bits, uint64_t* value) {  // bits <= 32
    if (!Need(bits)) return false;
    *value = bits == 0 ? 0 : acc_ & ((uint64_t{1} << bits) - 1);
    acc_ = bits == 64 ? 0 : acc_ >> bits;
    fill_ -= bits;
    return true;
  }
  // Zeros up to the next one bit, which is consumed too.
  bool CountZeros(uint64_t* zeros) {
    uint64_t n = 0;
    while (true) {
      if (!Need(1)) return false;
      if (acc_ != 0) {
        const uint32_t z = static_cast<uint32_t>(std::countr_zero(acc_));
        if (z < fill_) {
          n += z;
          acc_ >>= z + 1;
          fill_ -= z + 1;
          *zeros = n;
          return true;
        }
      }
      n += fill_;
      acc_ = 0;
      fill_ = 0;
    }
  }
  // Bytes consumed, counting a partly read byte.
  size_t bytes_used() const { return next_; }

 private:
  bool Need(uint32_t bits) {
    while (fill_ < bits) {
      if (next_ >= in_.size()) return false;
      acc_ |= uint64_t{static_cast<uint8_t>(in_[next_++])} << fill_;
      fill_ += 8;
    }
    return true;
  }
  std::string_view in_;
  size_t next_ = 0;
  uint64_t acc_ = 0;
  uint32_t fill_ = 0;
};

}  // namespace

std::string EncodeSortedTerms(const std::vector<uint32_t>& sorted) {
  std::string out;
  PutVarint(out, sorted.size());
  const uint32_t low_bits = LowBits(sorted.size());
  out.push_back(static_cast<char>(low_bits));
  std::string low, high;
  {
    BitWriter low_writer(low), high_writer(high);
    uint64_t previous_high = 0;
    for (uint32_t v : sorted) {
      low_writer.Put(v, low_bits);
      const uint64_t h = low_bits >= 32 ? 0 : uint64_t{v} >> low_bits;
      high_writer.PutZeros(h - previous_high);
      high_writer.Put(1, 1);
      previous_high = h;
    }
  }  // the writers flush their last byte
  out += low;
  out += high;
  return out;
}

StatusOr<std::vector<uint32_t>> DecodeSortedTerms(std::string_view bytes) {
  const Status corrupt =
      Status::Corruption("term dictionary: truncated or out of order");
  uint64_t n = 0;
  if (!GetVarint(bytes, &n) || bytes.empty() || n > (1u << 26)) return corrupt;
  const uint32_t low_bits = static_cast<uint8_t>(bytes.front());
  bytes.remove_prefix(1);
  if (low_bits != LowBits(n)) return corrupt;
  const size_t low_bytes = (n * low_bits + 7) / 8;
  if (bytes.size() < low_bytes) return corrupt;
  BitReader low(bytes.substr(0, low_bytes));
  BitReader high(bytes.substr(low_bytes));
  std::vector<uint32_t> values;
  values.reserve(n);
  uint64_t h = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t l = 0, gap = 0;
    if (!low.Get(low_bits, &l) || !high.CountZeros(&gap)) return corrupt;
    h += gap;
    const uint64_t v = (h << low_bits) | l;
    if (v > UINT32_MAX || (!values.empty() && v <= values.back())) {
      return corrupt;
    }
    values.push_back(static_cast<uint32_t>(v));
  }
  if (low_bytes + high.bytes_used() != bytes.size()) return corrupt;
  return values;
}

namespace {
// Bits an index into a dictionary of `size` terms needs.
uint32_t IndexBits(size_t size) {
  return size <= 1 ? 0 : static_cast<uint32_t>(std::bit_width(size - 1));
}
}  // namespace

std::string EncodeFixedWidthTermIndices(const std::vector<uint32_t>& indices,
                                        size_t dictionary_size) {
  std::string out;
  const uint32_t bits = IndexBits(dictionary_size);
  PutVarint(out, indices.size());
  {
    BitWriter writer(out);
    for (uint32_t i : indices) writer.Put(i, bits);
  }
  return out;
}

StatusOr<std::vector<uint32_t>> DecodeFixedWidthTermIndices(
    std::string_view bytes, size_t dictionary_size) {
  const Status corrupt =
      Status::Corruption("term indices: truncated or past the dictionary");
  uint64_t n = 0;
  if (!GetVarint(bytes, &n)) return corrupt;
  const uint32_t bits = IndexBits(dictionary_size);
  if (bits > 32 || bytes.size() != (n * bits + 7) / 8) return corrupt;
  BitReader reader(bytes);
  std::vector<uint32_t> indices;
  indices.reserve(n);
  for (uint64_t k = 0; k < n; ++k) {
    uint64_t i = 0;
    if (!reader.Get(bits, &i) || i >= dictionary_size) return corrupt;
    indices.push_back(static_cast<uint32_t>(i));
  }
  return indices;
}

namespace {

// How indices into a dictionary of `size` (>= 2) terms are grouped: as many
// base-`size` digits to a group as a 64-bit word holds, and the bits that
// `count` of them need.
struct Grouping {
  uint32_t per_group = 0;
  uint32_t full_group_bits = 0;
  uint32_t Bits(uint32_t count, size_t size) const {
    if (count == per_group) return full_group_bits;
    uint64_t limit = 1;
    for (uint32_t i = 0; i < count; ++i) limit *= size;
    return static_cast<uint32_t>(std::bit_width(limit - 1));
  }
};

Grouping GroupingFor(size_t size) {
  Grouping g;
  uint64_t limit = 1;  // size ^ per_group
  while (limit <= UINT64_MAX / size) {
    limit *= size;
    ++g.per_group;
  }
  g.full_group_bits = static_cast<uint32_t>(std::bit_width(limit - 1));
  return g;
}

void PutWide(BitWriter& writer, uint64_t value, uint32_t bits) {
  writer.Put(value & 0xFFFFFFFFu, std::min(bits, 32u));
  if (bits > 32) writer.Put(value >> 32, bits - 32);
}

bool GetWide(BitReader& reader, uint32_t bits, uint64_t* value) {
  uint64_t low = 0, high = 0;
  if (!reader.Get(std::min(bits, 32u), &low)) return false;
  if (bits > 32 && !reader.Get(bits - 32, &high)) return false;
  *value = low | high << 32;
  return true;
}

}  // namespace

std::string EncodeTermIndices(const std::vector<uint32_t>& indices,
                              size_t dictionary_size) {
  std::string out;
  PutVarint(out, indices.size());
  if (dictionary_size <= 1) return out;  // every index is 0
  const Grouping g = GroupingFor(dictionary_size);
  BitWriter writer(out);
  for (size_t from = 0; from < indices.size(); from += g.per_group) {
    const size_t count = std::min<size_t>(g.per_group, indices.size() - from);
    uint64_t value = 0;
    for (size_t i = from + count; i-- > from;) {
      value = value * dictionary_size + indices[i];
    }
    PutWide(writer, value,
            g.Bits(static_cast<uint32_t>(count), dictionary_size));
  }
  return out;
}

StatusOr<std::vector<uint32_t>> DecodeTermIndices(std::string_view bytes,
                                                  size_t dictionary_size) {
  const Status corrupt =
      Status::Corruption("term indices: truncated or past the dictionary");
  uint64_t n = 0;
  if (!GetVarint(bytes, &n) || n > (1u << 26)) return corrupt;
  if (dictionary_size <= 1) {
    if (!bytes.empty() || (dictionary_size == 0 && n > 0)) return corrupt;
    return std::vector<uint32_t>(n, 0);
  }
  const Grouping g = GroupingFor(dictionary_size);
  const uint64_t full_groups = n / g.per_group;
  const uint32_t rest = static_cast<uint32_t>(n % g.per_group);
  const uint64_t total_bits =
      full_groups * g.Bits(g.per_group, dictionary_size) +
      g.Bits(rest, dictionary_size);
  if (bytes.size() != (total_bits + 7) / 8) return corrupt;
  BitReader reader(bytes);
  std::vector<uint32_t> indices;
  indices.reserve(n);
  while (indices.size() < n) {
    const uint32_t count = static_cast<uint32_t>(
        std::min<uint64_t>(g.per_group, n - indices.size()));
    uint64_t value = 0;
    if (!GetWide(reader, g.Bits(count, dictionary_size), &value)) {
      return corrupt;
    }
    for (uint32_t i = 0; i < count; ++i) {
      indices.push_back(static_cast<uint32_t>(value % dictionary_size));
      value /= dictionary_size;
    }
    if (value != 0) return corrupt;  // a group past size ^ count
  }
  return indices;
}

}  // namespace newsdedup
