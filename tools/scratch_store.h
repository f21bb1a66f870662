// ScratchStore: where a one-off run (eval, bench) keeps its store when the
// user names none: a fresh temporary directory, removed with everything in
// it when the ScratchStore goes, whichever way the run ends.
#pragma once

#include <string>

#include "dedup/status.h"

namespace newsdedup {

class ScratchStore {
 public:
  // `db` itself when not empty (kept afterwards); otherwise a new directory
  // under the system's temporary directory, named after `purpose`.
  static StatusOr<ScratchStore> For(const std::string& db,
                                    const std::string& purpose);

  ScratchStore(ScratchStore&& other) noexcept;
  ScratchStore& operator=(ScratchStore&&) = delete;
  ~ScratchStore();

  const std::string& path() const { return path_; }

 private:
  ScratchStore(std::string path, bool owned)
      : path_(std::move(path)), owned_(owned) {}
  std::string path_;
  bool owned_;  // made here, so removed here
};

}  // namespace newsdedup
