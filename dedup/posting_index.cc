#include "dedup/posting_index.h"

#include <algorithm>
#include <cassert>

namespace newsdedup {
namespace {

constexpr size_t kInitialSlots = 1024;

}  // namespace

PostingIndex::PostingIndex() : tally_(Tally::kArticles), stride_(3) {
  EmptySlots(kInitialSlots);
}

PostingIndex::PostingIndex(const OrdinalArray<uint32_t>* cluster_of,
                           uint32_t cluster_walk)
    : tally_(Tally::kDistinctClusters),
      cluster_of_(cluster_of),
      cluster_walk_(cluster_walk),
      stride_(2) {
  EmptySlots(kInitialSlots);
}

void PostingIndex::EmptySlots(size_t count) {
  slot_count_ = count;
  slots_.assign(count * stride_, 0);
  for (size_t i = 0; i < count; ++i) SlotAt(i)[kHead] = kNone;
}

size_t PostingIndex::FindSlot(uint32_t key) const {
  const size_t last = slot_count_ - 1;
  const uint32_t* slots = slots_.data();
  const size_t stride = stride_;
  for (size_t i = HomeSlot(key);; i = i == last ? 0 : i + 1) {
    const uint32_t found = slots[i * stride + kKey];
    if (found == key || found == 0) return i;
  }
}

void PostingIndex::Grow() {
  const std::vector<uint32_t> old = std::move(slots_);
  // By half again rather than double: the shingle table is most of the
  // detector's memory, and this keeps it between 53% and 80% full instead
  // of between 40% and 80%.
  EmptySlots(slot_count_ + slot_count_ / 2);
  for (size_t from = 0; from < old.size(); from += stride_) {
    if (old[from + kKey] == 0) continue;
    std::copy_n(&old[from], stride_, SlotAt(FindSlot(old[from + kKey])));
  }
}

size_t PostingIndex::SlotFor(uint32_t feature) {
  // Linear probing stays short up to four fifths full with a mixed hash.
  if ((used_ + 1) * 5 > slot_count() * 4) Grow();
  const uint32_t key = Key(feature);
  const size_t i = FindSlot(key);
  if (SlotAt(i)[kKey] == 0) {
    SlotAt(i)[kKey] = key;
    ++used_;
  }
  return i;
}

uint32_t PostingIndex::TallyAt(size_t i) const {
  if (tally_ == Tally::kArticles) return SlotAt(i)[kTally];
  const uint32_t head = SlotAt(i)[kHead];
  if (head == kNone) return 0;
  if (head & kInline) return 1;
  return Block(head)[kBlockClusters];
}

uint32_t PostingIndex::NewBlock(uint32_t capacity) {
  if (free_[capacity] != kNone) {
    const uint32_t address = free_[capacity];
    uint32_t* block = Block(address);
    free_[capacity] = block[0];
    block[0] = kNone;
    block[1] = capacity << 16;
    block[kBlockClusters] = 0;
    std::fill_n(block + kHeader, capacity, 0u);
    return address;
  }
  const uint32_t words = kHeader + capacity;
  if (pool_end_ % kChunkWords + words > kChunkWords) {
    // A block never straddles two chunks: skip to the next one. The words
    // skipped are zeroed, so that Save writes no uninitialized memory.
    const uint32_t next = (pool_end_ / kChunkWords + 1) * kChunkWords;
    std::fill_n(Block(pool_end_), next - pool_end_, 0u);
    pool_end_ = next;
  }
  if (pool_end_ / kChunkWords >= chunks_.size()) {
    // Not zeroed here: pages are touched only as blocks are used.
    chunks_.emplace_back(new uint32_t[kChunkWords]);
  }
  assert(pool_end_ + words < kInline);
  const uint32_t address = pool_end_;
  pool_end_ += words;
  uint32_t* block = Block(address);
  block[0] = kNone;
  block[1] = capacity << 16;
  block[kBlockClusters] = 0;
  // Its free entries too: a saved index (Save) is then the same bytes
  // whichever way it was built, live or rebuilt, never leftover memory.
  std::fill_n(block + kHeader, capacity, 0u);
  return address;
}

bool PostingIndex::ClusterSeen(const uint32_t* slot, uint32_t cluster) const {
  uint32_t walked = 0;
  bool seen = false;
  auto visit = [&](uint32_t ordinal) {
    seen = (*cluster_of_)[ordinal] == cluster;
    return !seen && ++walked < cluster_walk_;
  };
  if (slot[kHead] == kNone) return false;
  if (slot[kHead] & kInline) {
    visit(slot[kHead] & ~kInline);
    return seen;
  }
  for (uint32_t address = slot[kHead]; address != kNone && !seen;) {
    const uint32_t* b = Block(address);
    for (uint32_t i = Fill(b); i-- > 0;) {
      if (!visit(b[kHeader + i])) return seen;
    }
    address = b[0];
  }
  return seen;
}

void PostingIndex::Post(uint32_t* slot, uint32_t ordinal, bool new_cluster) {
  ++posted_;
  if (slot[kHead] == kNone) {
    slot[kHead] = kInline | ordinal;
    return;
  }
  if (slot[kHead] & kInline) {
    const uint32_t first = slot[kHead] & ~kInline;
    const uint32_t address = NewBlock(2);
    uint32_t* b = Block(address);
    b[kBlockClusters] = new_cluster ? 2 : 1;
    b[kHeader] = first;
    b[kHeader + 1] = ordinal;
    b[1] |= 2;
    slot[kHead] = address;
    return;
  }
  uint32_t* head = Block(slot[kHead]);
  const uint32_t fill = Fill(head);
  const uint32_t capacity = Capacity(head);
  const uint32_t clusters = head[kBlockClusters] + (new_cluster ? 1 : 0);
  if (fill < capacity) {
    head[kBlockClusters] = clusters;
    head[kHeader + fill] = ordinal;
    head[1] = capacity << 16 | (fill + 1);
    return;
  }
  const uint32_t address =
      NewBlock(std::min(capacity * 2 + 2, kMaxBlockOrdinals));
  uint32_t* b = Block(address);
  b[0] = slot[kHead];
  b[kBlockClusters] = clusters;
  b[kHeader] = ordinal;
  b[1] |= 1;
  slot[kHead] = address;
}

void PostingIndex::Add(uint32_t feature, uint32_t ordinal,
                       uint32_t exact_below) {
  const size_t i = SlotFor(feature);
  uint32_t* slot = SlotAt(i);
  if (tally_ == Tally::kArticles) {
    ++slot[kTally];
    Post(slot, ordinal, false);
    return;
  }
  const bool new_cluster =
      TallyAt(i) >= exact_below || !ClusterSeen(slot, (*cluster_of_)[ordinal]);
  Post(slot, ordinal, new_cluster);
}

void PostingIndex::FreeBlock(uint32_t address) {
  uint32_t* block = Block(address);
  const uint32_t capacity = Capacity(block);
  block[0] = free_[capacity];
  block[1] = capacity << 16;
  block[kBlockClusters] = 0;
  free_[capacity] = address;
}

bool PostingIndex::Unpost(uint32_t* slot, uint32_t ordinal) {
  const uint32_t head = slot[kHead];
  if (head == kNone) return false;
  if (head & kInline) {
    if ((head & ~kInline) != ordinal) return false;
    slot[kHead] = kNone;
    return true;
  }
  uint32_t previous = kNone;
  for (uint32_t address = head; address != kNone;) {
    uint32_t* b = Block(address);
    const uint32_t fill = Fill(b);
    uint32_t* begin = b + kHeader;
    uint32_t* end = begin + fill;
    // A block's ordinals ascend: they were appended in order.
    uint32_t* at = std::lower_bound(begin, end, ordinal);
    if (at == end || *at != ordinal) {
      previous = address;
      address = b[0];
      continue;
    }
    std::copy(at + 1, end, at);
    end[-1] = 0;
    b[1] = Capacity(b) << 16 | (fill - 1);
    if (fill == 1) {
      const uint32_t next = b[0];
      if (previous == kNone) {
        // The head block goes: its tally moves to the next one.
        if (next != kNone) Block(next)[kBlockClusters] = b[kBlockClusters];
        slot[kHead] = next;
      } else {
        Block(previous)[0] = next;
      }
      FreeBlock(address);
    }
    // One article left: back into the slot, as Post keeps a singleton.
    if (slot[kHead] != kNone) {
      uint32_t* first = Block(slot[kHead]);
      if (first[0] == kNone && Fill(first) == 1) {
        const uint32_t last = first[kHeader];
        FreeBlock(slot[kHead]);
        slot[kHead] = kInline | last;
      }
    }
    return true;
  }
  return false;
}

void PostingIndex::EraseSlot(size_t i) {
  const size_t last = slot_count_ - 1;
  for (size_t j = i;;) {
    j = j == last ? 0 : j + 1;
    const uint32_t* moved = SlotAt(j);
    if (moved[kKey] == 0) break;
    // The slot at j may fill the hole at i unless its home lies
    // (cyclically) after i and up to j: probing would then miss it.
    const size_t home = HomeSlot(moved[kKey]);
    const bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
    if (stays) continue;
    std::copy_n(moved, stride_, SlotAt(i));
    i = j;
  }
  uint32_t* hole = SlotAt(i);
  std::fill_n(hole, stride_, 0u);
  hole[kHead] = kNone;
  --used_;
}

void PostingIndex::Remove(uint32_t feature, uint32_t ordinal, bool counted) {
  const size_t i = FindSlot(Key(feature));
  uint32_t* slot = SlotAt(i);
  if (slot[kKey] == 0) return;
  if (tally_ == Tally::kArticles && counted && slot[kTally] > 0) {
    --slot[kTally];
  }
  if (Unpost(slot, ordinal)) {
    --posted_;
    const uint32_t head = slot[kHead];
    if (tally_ == Tally::kDistinctClusters && head != kNone &&
        !(head & kInline)) {
      uint32_t& clusters = Block(head)[kBlockClusters];
      if (clusters > 1 && !ClusterSeen(slot, (*cluster_of_)[ordinal])) {
        --clusters;
      }
    }
  }
  const bool tallied = tally_ == Tally::kArticles && slot[kTally] > 0;
  if (slot[kHead] == kNone && !tallied) EraseSlot(i);
}

void PostingIndex::CountOnly(uint32_t feature) {
  assert(tally_ == Tally::kArticles);
  ++SlotAt(SlotFor(feature))[kTally];
}

void PostingIndex::CountMany(const std::vector<uint32_t>& features,
                             std::vector<uint32_t>& counts) const {
  for (uint32_t f : features) Prefetch(f);
  counts.resize(features.size());
  for (size_t i = 0; i < features.size(); ++i) {
    counts[i] = Count(features[i]);
  }
}

void PostingIndex::Save(StateWriter& out) const {
  out.U32(static_cast<uint32_t>(tally_));
  out.U64(slot_count_);
  out.U64(used_);
  out.U64(posted_);
  out.Words(slots_);
  out.Words(free_);
  out.U64(pool_end_);
  for (uint32_t from = 0; from < pool_end_; from += kChunkWords) {
    out.Write(Block(from),
              std::min(kChunkWords, pool_end_ - from) * sizeof(uint32_t));
  }
}

Status PostingIndex::Load(StateReader& in) {
  uint32_t tally = 0;
  uint64_t slot_count = 0, used = 0, posted = 0, words = 0, pool_end = 0;
  Status s = in.U32(&tally);
  if (s.ok()) s = in.U64(&slot_count);
  if (s.ok()) s = in.U64(&used);
  if (s.ok()) s = in.U64(&posted);
  if (s.ok()) s = in.WordCount(&words, "posting table");
  if (!s.ok()) return s;
  if (tally != static_cast<uint32_t>(tally_)) {
    return Status::Corruption("posting index of another kind");
  }
  if (slot_count == 0 || words != slot_count * stride_ || used >= slot_count) {
    return Status::Corruption("posting index sizes disagree");
  }
  // Read a piece at a time and checked while the piece is in the cache:
  // every used slot counted, every head leading into the pool (a walk from
  // a bad head would read outside it). The pool's size comes after the
  // table, so heads are held to the largest pool there can be and then to
  // the real one.
  std::vector<uint32_t> slots(words);
  constexpr size_t kPieceSlots = 1 << 16;
  uint64_t used_seen = 0;
  int64_t highest_head = -1;  // of a block: 0 is a block's address too
  for (size_t from = 0; from < slot_count; from += kPieceSlots) {
    const size_t count = std::min<size_t>(kPieceSlots, slot_count - from);
    uint32_t* piece = &slots[from * stride_];
    s = in.Read(piece, count * stride_ * sizeof(uint32_t));
    if (!s.ok()) return s.WithContext("posting table");
    for (size_t i = 0; i < count * stride_; i += stride_) {
      const uint32_t key = piece[i + kKey], head = piece[i + kHead];
      const bool block = key != 0 && head != kNone && !(head & kInline);
      used_seen += key != 0;
      highest_head =
          std::max(highest_head, block ? static_cast<int64_t>(head) : -1);
    }
  }
  if (used_seen != used) {
    return Status::Corruption("posting table counts " + std::to_string(used) +
                              " features but holds " +
                              std::to_string(used_seen));
  }
  std::vector<uint32_t> free_lists;
  s = in.Words(&free_lists, "free block lists");
  if (s.ok()) s = in.WordCount(&pool_end, "posting pool");
  if (!s.ok()) return s;
  if (free_lists.size() != kFreeLists) {
    return Status::Corruption("posting index has " +
                              std::to_string(free_lists.size()) +
                              " free lists, not " + std::to_string(kFreeLists));
  }
  for (uint32_t head : free_lists) {
    if (head != kNone && static_cast<uint64_t>(head) + kHeader > pool_end) {
      return Status::Corruption("free block outside the pool");
    }
  }
  if (pool_end >= kInline ||
      (highest_head >= 0 &&
       static_cast<uint64_t>(highest_head) + kHeader > pool_end)) {
    return Status::Corruption("posting head outside the pool");
  }
  std::vector<std::unique_ptr<uint32_t[]>> chunks;
  for (uint64_t from = 0; from < pool_end; from += kChunkWords) {
    chunks.emplace_back(new uint32_t[kChunkWords]);
    const uint64_t count = std::min<uint64_t>(kChunkWords, pool_end - from);
    s = in.Read(chunks.back().get(), count * sizeof(uint32_t));
    if (!s.ok()) return s.WithContext("posting pool");
  }
  slots_ = std::move(slots);
  slot_count_ = slot_count;
  used_ = used;
  posted_ = posted;
  chunks_ = std::move(chunks);
  pool_end_ = static_cast<uint32_t>(pool_end);
  free_ = std::move(free_lists);
  return Status::Ok();
}

size_t PostingIndex::MemoryBytes() const {
  return slots_.capacity() * sizeof(uint32_t) +
         chunks_.size() * kChunkWords * sizeof(uint32_t);
}

}  // namespace newsdedup
