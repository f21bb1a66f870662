// The web view's files (tools/serve/web/: pages, style, scripts), built
// into the binary by tools/serve/web/embed.cmake, so the daemon needs
// nothing on disk and a page nothing from elsewhere.
//
// Thread safety: constant data; safe from any thread.
#pragma once

#include <optional>
#include <string_view>

namespace newsdedup {

// The content of the file named `name` (a bare file name, "live.html"), or
// nullopt when there is none.
std::optional<std::string_view> WebAsset(std::string_view name);

}  // namespace newsdedup
