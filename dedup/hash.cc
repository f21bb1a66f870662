#include "dedup/hash.h"

#include <xxhash.h>

namespace newsdedup {
namespace {
constexpr uint64_t kTermSeed = 0x6e657773ull;     // "news"
constexpr uint64_t kShingleSeed = 0x64656475ull;  // "dedu"
}  // namespace

uint64_t Hash64(std::string_view bytes) {
  return XXH3_64bits(bytes.data(), bytes.size());
}

uint32_t WordTermId(std::string_view stem) {
  return static_cast<uint32_t>(
             XXH3_64bits_withSeed(stem.data(), stem.size(), kTermSeed) >> 32) &
         ~1u;
}

uint32_t NumberTermId(std::string_view canonical_number) {
  return static_cast<uint32_t>(XXH3_64bits_withSeed(canonical_number.data(),
                                                    canonical_number.size(),
                                                    kTermSeed) >>
                               32) |
         1u;
}

uint64_t ShingleHash64(const uint32_t* terms, size_t count) {
  return XXH3_64bits_withSeed(terms, count * sizeof(uint32_t), kShingleSeed);
}

}  // namespace newsdedup
