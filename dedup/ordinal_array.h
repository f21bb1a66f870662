// OrdinalArray: a value per article ordinal, for ordinals from base() to
// end(). Articles are numbered for ever (0, 1, 2, ...), but an index over a
// retention window only needs the values of the articles still in it:
// DropBelow lets go of those before an ordinal, so that the arrays hold a
// window's worth rather than one entry per article ever seen.
//
// Dropping moves the kept values to the front only once the dropped part
// is as large as the kept part, so its cost per article is constant, and
// the array's capacity stays about twice the window.
//
// Thread safety: none; its owner serialises access.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

namespace newsdedup {

template <typename T>
class OrdinalArray {
 public:
  OrdinalArray() = default;
  OrdinalArray(std::initializer_list<T> values) : values_(values) {}

  // REQUIRES: base() <= ordinal < end().
  T& operator[](uint32_t ordinal) {
    assert(ordinal >= base_ && ordinal < end());
    return values_[ordinal - base_];
  }
  const T& operator[](uint32_t ordinal) const {
    assert(ordinal >= base_ && ordinal < end());
    return values_[ordinal - base_];
  }
  // The first ordinal held, and one past the last: the ordinal the next
  // push_back takes.
  uint32_t base() const { return base_; }
  uint32_t end() const { return base_ + static_cast<uint32_t>(values_.size()); }
  void push_back(T value) { values_.push_back(value); }
  // Grows to hold every ordinal below `end` (new values T{}).
  void GrowTo(uint32_t end) {
    if (end > this->end()) values_.resize(end - base_);
  }

  // Lets go of the values of ordinals below `ordinal` (at most end()).
  void DropBelow(uint32_t ordinal) {
    if (ordinal <= base_) return;
    const size_t dropped = ordinal - base_;
    if (dropped * 2 < values_.size() + 64) return;  // not yet worth a move
    values_.erase(values_.begin(),
                  values_.begin() + static_cast<std::ptrdiff_t>(dropped));
    base_ = ordinal;
  }

  // For saving and restoring: the values held, and the base they start at.
  const std::vector<T>& values() const { return values_; }
  void Assign(uint32_t base, std::vector<T> values) {
    base_ = base;
    values_ = std::move(values);
  }
  size_t MemoryBytes() const { return values_.capacity() * sizeof(T); }

 private:
  uint32_t base_ = 0;
  std::vector<T> values_;
};

}  // namespace newsdedup
