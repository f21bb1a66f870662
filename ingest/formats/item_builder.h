// The steps every document parser (feed, NewsML-G2, NITF) takes with an
// article it has read, so that they agree on them: fill in what the
// document did not say from DocumentOptions (the fallback time, the
// origin's host as the source), validate under the limits, and name the
// item for messages.
//
// Thread safety: pure, may be called concurrently.
#pragma once

#include <string>
#include <string_view>

#include "dedup/article.h"
#include "ingest/formats/document.h"

namespace newsdedup {

// "item 3", or "item 3 (urn:x:1)" once the id is known.
std::string ItemWhere(std::string_view noun, size_t number,
                      std::string_view id);

// The item: `article` with the fallbacks applied, or the reason
// ValidateArticle refused it.
DocumentItem FinishItem(std::string where, Article article,
                        const DocumentOptions& options);

// A refused item.
DocumentItem RefusedItem(std::string where, std::string reason);

// A body or title that may be HTML (an RSS description, Atom type="html"),
// as text with its ends trimmed.
std::string TextFromMarkup(std::string_view text);

}  // namespace newsdedup
