// EntityGuard: the checks XmlDocument (ingest/formats/xml.h) makes of the
// entity declarations of a document's internal DTD subset, as the parser
// meets them and before any content is read, so that no document can
// make the parser expand entities without bound ("billion laughs", by
// general or by parameter entities) or read anything outside itself.
//
// A document is refused when it declares an external entity, more than
// `max_entities` entities, an entity that refers to itself, or entities
// whose full expansions (each counted once per declaration) together pass
// `max_bytes`. References to entities not yet declared count as their own
// text until they are declared; Check rechecks once the DTD is over.
//
// Pure: no libxml2 here. Not thread-safe; one guard per parse.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "dedup/status.h"

namespace newsdedup {

class EntityGuard {
 public:
  EntityGuard(size_t max_entities, size_t max_bytes)
      : max_entities_(max_entities), max_bytes_(max_bytes) {}

  enum Kind { kGeneral = 0, kParameter = 1 };

  // One declaration. `content` is the replacement text as the parser
  // stores it (character references already replaced); `system_id` is
  // non-empty for an external entity. The first declaration of a name
  // binds, as XML 1.0 (4.2) says.
  Status Declare(Kind kind, std::string_view name, std::string_view content,
                 std::string_view system_id, bool external);

  // Every declaration so far, with the forward references resolved.
  Status Check();

 private:
  using Names = std::set<std::string, std::less<>>;
  size_t ExpandedSize(Kind kind, std::string_view name, Names& open,
                      bool& final);

  size_t max_entities_;
  size_t max_bytes_;
  size_t declarations_ = 0;
  std::map<std::string, std::string, std::less<>> entities_[2];
  // Sizes that no later declaration can change.
  std::map<std::string, size_t, std::less<>> expanded_[2];
};

}  // namespace newsdedup
