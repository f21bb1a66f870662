// Field conditions: a labelled stream rewritten as the field rewrites news
// text before it reaches a detector, so that `newsdedup eval --field` shows
// what a user's setup costs. These are test instruments, not detector code:
// the boilerplate written here is of this file's own making, and nothing in
// dedup/ or ingest/ may key on it (a held-out set with other boilerplate
// judges the detector).
//
//   footer         the same site's footer under every article: a newsletter
//                  line, a copyright line, "related" headlines
//   header-footer  that site's navigation header and byline above, and the
//                  footer below
//   source-footer  the same, but every `source` has a site of its own
//   html           the body as a feed's HTML: <p> paragraphs, a link, an
//                  image, entities, a "read more" link, share buttons
//   lead1/2/3      the first one, two or three sentences of the story (after
//                  any header lines), title kept
//   footer-lead2   lead2 with the site footer
//
// Every choice (which site, which variant of a line, which headlines) is
// drawn from a generator seeded by `seed` and the article's id or source, so
// a run is reproducible and a different seed gives other text.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/article.h"
#include "dedup/status.h"
#include "tools/field_leads.h"

namespace newsdedup {

enum class FieldCondition {
  kClean,
  kFooter,
  kHeaderFooter,
  kSourceFooter,
  kHtml,
  kLead1,
  kLead2,
  kLead3,
  kFooterLead2,
};

// "clean", "footer", "header-footer", "source-footer", "html", "lead1",
// "lead2", "lead3", "footer-lead2"; nullopt for any other name.
std::optional<FieldCondition> ParseFieldCondition(std::string_view name);
const char* FieldConditionName(FieldCondition condition);
// Every condition but kClean, in the order above.
std::vector<FieldCondition> AllFieldConditions();

// `article` as it would arrive under `condition`. Its id, title, source,
// url and time are kept; only the body changes.
Article ApplyFieldCondition(const Article& article, FieldCondition condition,
                            uint64_t seed,
                            const RecurringLines* recurring = nullptr);

// Rewrites the JSON Lines file `in` into `out` under `condition`. Lines that
// are not valid articles are copied unchanged. Body lines found in eight or
// more of the file's articles (far more than one copy group has) are its
// recurring lines, which leads skip.
[[nodiscard]] Status WriteFieldVariant(const std::string& in,
                                       const std::string& out,
                                       FieldCondition condition,
                                       uint64_t seed);

}  // namespace newsdedup
