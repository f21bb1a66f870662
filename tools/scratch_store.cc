#include "tools/scratch_store.h"

#include <stdlib.h>

#include <filesystem>
#include <system_error>

namespace newsdedup {

StatusOr<ScratchStore> ScratchStore::For(const std::string& db,
                                         const std::string& purpose) {
  if (!db.empty()) return ScratchStore(db, false);
  std::error_code ec;
  const std::filesystem::path base = std::filesystem::temp_directory_path(ec);
  if (ec) return Status::IOError("no temporary directory: " + ec.message());
  std::string pattern = (base / ("newsdedup-" + purpose + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return Status::IOError("cannot make a temporary store under " +
                           base.string());
  }
  return ScratchStore(pattern, true);
}

ScratchStore::ScratchStore(ScratchStore&& other) noexcept
    : path_(std::move(other.path_)), owned_(other.owned_) {
  other.owned_ = false;
}

ScratchStore::~ScratchStore() {
  if (!owned_) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace newsdedup
