// The C API's handles (tools/capi/c.h) and the helpers every part of it
// uses: internal to the library, never installed.
#pragma once

#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "ingest/engine.h"
#include "ingest/formats/article_json.h"
#include "tools/capi/c.h"

using newsdedup::Article;
using newsdedup::Engine;
using newsdedup::EngineOptions;
using newsdedup::Status;
using newsdedup::StatusOr;

struct newsdedup_options_t {
  bool create_if_missing = true;
  bool read_only = false;
  bool sync_writes = false;
  size_t cache_bytes = 256 << 20;
  std::string retention;  // ParseRetention's text; empty: keep everything
  bool retention_deletes = false;
};

struct newsdedup_t {
  std::unique_ptr<Engine> engine;
  // Engine::Ingest and Match run one at a time (ingest/engine.h); the C
  // API promises any number of threads, so they take turns here.
  std::mutex decide_mu;
};

struct newsdedup_article_t {
  Article article;
};

struct newsdedup_decision_t {
  newsdedup::pb::Decision decision;
  bool already_known = false;
};

struct newsdedup_members_t {
  std::string cluster_id;
  std::string original_id;
  std::vector<std::string> ids;
};

namespace newsdedup::capi {

// Sets *errptr to a malloc'd copy of `message`, freeing what it held.
inline void SetError(char** errptr, const std::string& message) {
  if (errptr == nullptr) return;
  std::free(*errptr);
  *errptr = static_cast<char*>(std::malloc(message.size() + 1));
  if (*errptr != nullptr) {
    std::memcpy(*errptr, message.c_str(), message.size() + 1);
  }
}

// True when `status` is ok; else sets *errptr from it.
inline bool Ok(const Status& status, char** errptr) {
  if (status.ok()) return true;
  SetError(errptr, status.ToString());
  return false;
}

inline std::string Copy(const char* data, size_t len) {
  return data == nullptr ? std::string() : std::string(data, len);
}

// Runs `body`, turning an exception (out of memory, a library's throw)
// into an error message and `fallback`.
template <typename T, typename F>
T Guarded(char** errptr, T fallback, F&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    SetError(errptr, std::string("newsdedup: ") + e.what());
  } catch (...) {
    SetError(errptr, "newsdedup: unknown exception");
  }
  return fallback;
}

// The store's on-disk marker: RocksDB's CURRENT file.
inline bool StoreExists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec);
}

inline newsdedup_decision_t* Decided(newsdedup::pb::Decision decision,
                              bool already_known) {
  auto* out = new newsdedup_decision_t;
  out->decision = std::move(decision);
  out->already_known = already_known;
  return out;
}

// The article as the engine takes it, or NULL with *errptr set.
inline bool Validated(const newsdedup_article_t* article, char** errptr) {
  if (article == nullptr) {
    SetError(errptr, "newsdedup: no article given");
    return false;
  }
  return Ok(newsdedup::ValidateArticle(article->article,
                                       newsdedup::IngestLimits{}),
            errptr);
}

}  // namespace newsdedup::capi
