#include "dedup/posting_index.h"

#include <algorithm>
#include <cassert>

namespace newsdedup {
namespace {

constexpr size_t kInitialSlots = 1024;

}  // namespace

PostingIndex::PostingIndex()
    : tally_(Tally::kArticles), slots_(kInitialSlots) {}

PostingIndex::PostingIndex(const std::vector<uint32_t>* cluster_of,
                           uint32_t cluster_walk)
    : tally_(Tally::kDistinctClusters),
      cluster_of_(cluster_of),
      cluster_walk_(cluster_walk),
      slots_(kInitialSlots) {}

size_t PostingIndex::FindSlot(uint32_t key) const {
  const size_t mask = slots_.size() - 1;
  size_t i = HomeSlot(key);
  while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask;
  return i;
}

void PostingIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  for (const Slot& slot : old) {
    if (slot.key != 0) slots_[FindSlot(slot.key)] = slot;
  }
}

PostingIndex::Slot& PostingIndex::SlotFor(uint32_t feature) {
  // Linear probing stays short up to four fifths full with a mixed hash.
  if ((used_ + 1) * 5 > slots_.size() * 4) Grow();
  const uint32_t key = Key(feature);
  Slot& slot = slots_[FindSlot(key)];
  if (slot.key == 0) {
    slot.key = key;
    ++used_;
  }
  return slot;
}

uint32_t PostingIndex::NewBlock(uint32_t capacity) {
  const uint32_t words = kHeader + capacity;
  if (pool_end_ % kChunkWords + words > kChunkWords) {
    // A block never straddles two chunks: skip to the next one.
    pool_end_ = (pool_end_ / kChunkWords + 1) * kChunkWords;
  }
  if (pool_end_ / kChunkWords >= chunks_.size()) {
    // Not zeroed: pages are touched only as blocks are used.
    chunks_.emplace_back(new uint32_t[kChunkWords]);
  }
  assert(pool_end_ + words < kInline);
  const uint32_t address = pool_end_;
  pool_end_ += words;
  uint32_t* block = Block(address);
  block[0] = kNone;
  block[1] = capacity << 16;
  return address;
}

bool PostingIndex::ClusterSeen(const Slot& slot, uint32_t cluster) const {
  uint32_t walked = 0;
  bool seen = false;
  auto visit = [&](uint32_t ordinal) {
    seen = (*cluster_of_)[ordinal] == cluster;
    return !seen && ++walked < cluster_walk_;
  };
  if (slot.head == kNone) return false;
  if (slot.head & kInline) {
    visit(slot.head & ~kInline);
    return seen;
  }
  for (uint32_t address = slot.head; address != kNone && !seen;) {
    const uint32_t* b = Block(address);
    for (uint32_t i = Fill(b); i-- > 0;) {
      if (!visit(b[kHeader + i])) return seen;
    }
    address = b[0];
  }
  return seen;
}

void PostingIndex::Post(Slot& slot, uint32_t ordinal) {
  ++posted_;
  if (slot.head == kNone) {
    slot.head = kInline | ordinal;
    return;
  }
  if (slot.head & kInline) {
    const uint32_t first = slot.head & ~kInline;
    const uint32_t address = NewBlock(2);
    uint32_t* b = Block(address);
    b[kHeader] = first;
    b[kHeader + 1] = ordinal;
    b[1] |= 2;
    slot.head = address;
    return;
  }
  uint32_t* head = Block(slot.head);
  const uint32_t fill = Fill(head);
  const uint32_t capacity = Capacity(head);
  if (fill < capacity) {
    head[kHeader + fill] = ordinal;
    head[1] = capacity << 16 | (fill + 1);
    return;
  }
  const uint32_t address =
      NewBlock(std::min(capacity * 2 + 2, kMaxBlockOrdinals));
  uint32_t* b = Block(address);
  b[0] = slot.head;
  b[kHeader] = ordinal;
  b[1] |= 1;
  slot.head = address;
}

void PostingIndex::Add(uint32_t feature, uint32_t ordinal,
                       uint32_t exact_below) {
  Slot& slot = SlotFor(feature);
  if (tally_ == Tally::kArticles || slot.tally >= exact_below ||
      !ClusterSeen(slot, (*cluster_of_)[ordinal])) {
    ++slot.tally;
  }
  Post(slot, ordinal);
}

void PostingIndex::CountOnly(uint32_t feature) {
  assert(tally_ == Tally::kArticles);
  ++SlotFor(feature).tally;
}

void PostingIndex::CountMany(const std::vector<uint32_t>& features,
                             std::vector<uint32_t>& counts) const {
  for (uint32_t f : features) Prefetch(f);
  counts.resize(features.size());
  for (size_t i = 0; i < features.size(); ++i) {
    counts[i] = Count(features[i]);
  }
}

size_t PostingIndex::MemoryBytes() const {
  return slots_.capacity() * sizeof(Slot) +
         chunks_.size() * kChunkWords * sizeof(uint32_t);
}

}  // namespace newsdedup
