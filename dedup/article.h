// Article: one news article as newsdedup sees it, independent of where it came
// from (JSON Lines, HTTP, Protobuf over TCP) and of how it is stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace newsdedup {

struct Article {
  std::string id;      // required, unique within a store
  std::string body;    // required, valid UTF-8
  std::string title;   // optional
  std::string source;  // optional: the outlet or wire service
  std::string url;     // optional
  // Publication time in milliseconds since the Unix epoch, when known. Decides
  // which article of a cluster is its original.
  std::optional<int64_t> published_ms;
};

}  // namespace newsdedup
