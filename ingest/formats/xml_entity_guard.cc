#include "ingest/formats/xml_entity_guard.h"

#include <array>
#include <cstdint>

namespace newsdedup {
namespace {

// General entities are referred to as &name;, parameter entities (used
// within the DTD) as %name;.
constexpr char kReferenceMark[] = {'&', '%'};

constexpr size_t kOver = SIZE_MAX;

bool IsPredefined(std::string_view name) {
  for (std::string_view predefined : {"lt", "gt", "amp", "apos", "quot"}) {
    if (name == predefined) return true;
  }
  return false;
}

}  // namespace

Status EntityGuard::Declare(Kind kind, std::string_view name,
                            std::string_view content,
                            std::string_view system_id, bool external) {
  if (external) {
    return Status::InvalidArgument(
        "XML declares the external entity \"" + std::string(name) + "\" (" +
        std::string(system_id) + "); external entities are never loaded");
  }
  if (++declarations_ > max_entities_) {
    return Status::InvalidArgument("XML declares more than " +
                                   std::to_string(max_entities_) + " entities");
  }
  entities_[kind].emplace(std::string(name), std::string(content));
  return Check();
}

Status EntityGuard::Check() {
  size_t total = 0;
  for (Kind kind : {kGeneral, kParameter}) {
    for (const auto& [name, content] : entities_[kind]) {
      Names open;
      bool final = true;
      const size_t size = ExpandedSize(kind, name, open, final);
      if (size == kOver || (total += size) > max_bytes_) {
        return Status::InvalidArgument(
            "XML declares entities that expand past " +
            std::to_string(max_bytes_) +
            " bytes or refer to themselves (at entity \"" + name + "\")");
      }
    }
  }
  return Status::Ok();
}

// The size of entity `name` with every reference in it expanded; kOver on
// a loop or once past the cap. `final` turns false when an undeclared
// reference was counted as its own text, and the size is then not kept.
size_t EntityGuard::ExpandedSize(Kind kind, std::string_view name, Names& open,
                                 bool& final) {
  if (auto known = expanded_[kind].find(name); known != expanded_[kind].end()) {
    return known->second;
  }
  auto entity = entities_[kind].find(name);
  if (entity == entities_[kind].end()) {
    final = false;
    return name.size() + 2;
  }
  if (!open.emplace(name).second) return kOver;  // refers to itself
  const std::string& content = entity->second;
  size_t size = 0;
  bool this_final = true;
  for (size_t i = 0; i < content.size() && size <= max_bytes_;) {
    const size_t end =
        content[i] == kReferenceMark[kind] ? content.find(';', i) : i;
    if (end == i || end == std::string::npos || content[i + 1] == '#') {
      ++size;
      ++i;
      continue;
    }
    const std::string_view ref(content.data() + i + 1, end - i - 1);
    const size_t inner = kind == kGeneral && IsPredefined(ref)
                             ? 1
                             : ExpandedSize(kind, ref, open, this_final);
    if (inner == kOver) return kOver;
    size += inner;
    i = end + 1;
  }
  open.erase(open.find(name));
  if (size > max_bytes_) return kOver;
  if (this_final) expanded_[kind].emplace(std::string(name), size);
  final = final && this_final;
  return size;
}

}  // namespace newsdedup
