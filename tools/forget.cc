// `newsdedup forget`: deletes articles from a store, as DELETE
// /v1/articles/{id} does in the daemon, and prints what each deletion did.
#include <cstdio>

#include "tools/commands.h"
#include "tools/json_output.h"

namespace newsdedup {

int ForgetCommand(const CommonOptions& common, const ForgetOptions& forget) {
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(common.db, DefaultEngineOptions());
  if (!engine.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", engine.status().ToString().c_str());
    return 2;
  }
  size_t deleted = 0, unknown = 0;
  for (const std::string& id : forget.ids) {
    StatusOr<Removal> removal = (*engine)->Forget(id);
    if (removal.status().code() == Status::Code::kNotFound) {
      std::fprintf(stderr, "newsdedup forget: no article %s is stored\n",
                   JsonString(id).c_str());
      ++unknown;
      continue;
    }
    if (!removal.ok()) {
      std::fprintf(stderr, "newsdedup forget: %s: %s\n", JsonString(id).c_str(),
                   removal.status().ToString().c_str());
      return 2;
    }
    // Committed through the log: it survives a kill from here on.
    std::printf("%s\n", RemovalJson(*removal).c_str());
    std::fflush(stdout);
    ++deleted;
  }
  // The next open reads the index back instead of rebuilding it.
  if (Status saved = (*engine)->Checkpoint(); !saved.ok()) {
    std::fprintf(stderr, "newsdedup: index snapshot not saved: %s\n",
                 saved.ToString().c_str());
  }
  if (forget.compact) {
    if (Status s = (*engine)->store().Compact(); !s.ok()) {
      std::fprintf(stderr, "newsdedup forget: compacting: %s\n",
                   s.ToString().c_str());
      return 2;
    }
  }
  const Counters& counters = (*engine)->store().counters();
  std::fprintf(stderr,
               "newsdedup forget: %zu deleted, %zu not stored; %llu articles "
               "in store, %llu deleted in all, %.1f MB on disk\n",
               deleted, unknown,
               static_cast<unsigned long long>(counters.live()),
               static_cast<unsigned long long>(counters.deleted),
               (*engine)->store().DiskBytes() / 1e6);
  return unknown > 0 ? 1 : 0;
}

}  // namespace newsdedup
