// The web view's search: recent articles found by id, URL or title words.
//
// An exact id is found wherever it is in the store; otherwise the articles
// decided in the `recent` events up to `last_sequence` are searched, newest
// first, for one whose id or URL contains the query, or whose title contains
// each of its words (ASCII letters compared without case). Bounded by `recent`
// reads.
//
// Thread safety: reads the store only; safe from any thread.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "dedup/status.h"
#include "storage/store.h"

namespace newsdedup {

StatusOr<std::vector<pb::StoredArticle>> SearchRecent(const Store& store,
                                                      std::string_view query,
                                                      uint64_t last_sequence,
                                                      size_t recent,
                                                      size_t limit);

}  // namespace newsdedup
