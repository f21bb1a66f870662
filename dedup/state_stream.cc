#include "dedup/state_stream.h"

#include <cstring>

namespace newsdedup {

Status StateReader::WordCount(uint64_t* count, std::string_view what) {
  Status s = U64(count);
  if (!s.ok()) return s.WithContext(std::string(what));
  if (*count > Remaining() / sizeof(uint32_t)) {
    return Status::Corruption(std::string(what) + ": " +
                              std::to_string(*count) +
                              " words claimed but only " +
                              std::to_string(Remaining()) + " bytes left");
  }
  return Status::Ok();
}

Status StateReader::Words(std::vector<uint32_t>* words,
                          std::string_view what) {
  uint64_t count = 0;
  Status s = WordCount(&count, what);
  if (!s.ok()) return s;
  words->resize(count);
  return Read(words->data(), count * sizeof(uint32_t));
}

Status StringStateReader::Read(void* data, size_t size) {
  if (size > bytes_.size()) {
    return Status::Corruption("index state ends " +
                              std::to_string(size - bytes_.size()) +
                              " bytes early");
  }
  if (size > 0) std::memcpy(data, bytes_.data(), size);
  bytes_.remove_prefix(size);
  return Status::Ok();
}

}  // namespace newsdedup
