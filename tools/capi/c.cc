// The C API (tools/capi/c.h) over the engine: each handle wraps its C++
// object, each Status that is not ok becomes a malloc'd message, and no
// exception crosses the boundary (a C caller could not catch it).
#include "tools/capi/c.h"
#include "tools/capi/handles.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "dedup/decision.h"
#include "ingest/engine.h"
#include "ingest/formats/article_json.h"
#include "ingest/formats/html_text.h"
#include "storage/article_records.h"

using namespace newsdedup::capi;

extern "C" {

const char* newsdedup_version(void) { return NEWSDEDUP_VERSION; }

void newsdedup_free(void* ptr) { std::free(ptr); }

newsdedup_options_t* newsdedup_options_create(void) {
  return new newsdedup_options_t;
}
void newsdedup_options_destroy(newsdedup_options_t* options) {
  delete options;
}
void newsdedup_options_set_create_if_missing(newsdedup_options_t* options,
                                             unsigned char value) {
  options->create_if_missing = value != 0;
}
void newsdedup_options_set_read_only(newsdedup_options_t* options,
                                     unsigned char value) {
  options->read_only = value != 0;
}
void newsdedup_options_set_sync_writes(newsdedup_options_t* options,
                                       unsigned char value) {
  options->sync_writes = value != 0;
}
void newsdedup_options_set_cache_bytes(newsdedup_options_t* options,
                                       size_t bytes) {
  options->cache_bytes = bytes;
}

newsdedup_t* newsdedup_open(const newsdedup_options_t* options,
                            const char* path, char** errptr) {
  return Guarded<newsdedup_t*>(errptr, nullptr, [&]() -> newsdedup_t* {
    const newsdedup_options_t defaults;
    const newsdedup_options_t& o = options != nullptr ? *options : defaults;
    if (path == nullptr || *path == '\0') {
      SetError(errptr, "newsdedup: no store path given");
      return nullptr;
    }
    if (!o.create_if_missing && !StoreExists(path)) {
      SetError(errptr, std::string("newsdedup: no store at ") + path +
                           " (create_if_missing is off)");
      return nullptr;
    }
    EngineOptions engine_options;
    // As the command line and the daemon: feed HTML is fingerprinted as
    // its text, and every engine on one store must agree on that.
    engine_options.body_text = newsdedup::HtmlBodyText;
    engine_options.store.read_only = o.read_only;
    engine_options.store.sync_writes = o.sync_writes;
    engine_options.store.block_cache_bytes = o.cache_bytes;
    if (!o.retention.empty()) {
      StatusOr<newsdedup::RetentionOptions> retention =
          newsdedup::ParseRetention(o.retention);
      if (!Ok(retention.status(), errptr)) return nullptr;
      engine_options.retention = *retention;
      engine_options.retention.delete_from_store = o.retention_deletes;
    }
    StatusOr<std::unique_ptr<Engine>> engine =
        Engine::Open(path, std::move(engine_options));
    if (!Ok(engine.status(), errptr)) return nullptr;
    auto* db = new newsdedup_t;
    db->engine = std::move(*engine);
    return db;
  });
}

void newsdedup_close(newsdedup_t* db) { delete db; }

newsdedup_article_t* newsdedup_article_create(void) {
  return new newsdedup_article_t;
}
void newsdedup_article_destroy(newsdedup_article_t* article) {
  delete article;
}
void newsdedup_article_set_id(newsdedup_article_t* article, const char* id,
                              size_t len) {
  article->article.id = Copy(id, len);
}
void newsdedup_article_set_body(newsdedup_article_t* article,
                                const char* body, size_t len) {
  article->article.body = Copy(body, len);
}
void newsdedup_article_set_title(newsdedup_article_t* article,
                                 const char* title, size_t len) {
  article->article.title = Copy(title, len);
}
void newsdedup_article_set_source(newsdedup_article_t* article,
                                  const char* source, size_t len) {
  article->article.source = Copy(source, len);
}
void newsdedup_article_set_url(newsdedup_article_t* article, const char* url,
                               size_t len) {
  article->article.url = Copy(url, len);
}
void newsdedup_article_set_published_ms(newsdedup_article_t* article,
                                        int64_t published_ms) {
  article->article.published_ms = published_ms;
}
void newsdedup_article_clear_published_ms(newsdedup_article_t* article) {
  article->article.published_ms.reset();
}

newsdedup_decision_t* newsdedup_add(newsdedup_t* db,
                                    const newsdedup_article_t* article,
                                    char** errptr) {
  return Guarded<newsdedup_decision_t*>(
      errptr, nullptr, [&]() -> newsdedup_decision_t* {
        if (!Validated(article, errptr)) return nullptr;
        newsdedup::PreparedArticle prepared =
            db->engine->Prepare(article->article);
        std::lock_guard<std::mutex> lock(db->decide_mu);
        StatusOr<newsdedup::Outcome> outcome =
            db->engine->Ingest(std::move(prepared));
        if (!Ok(outcome.status(), errptr)) return nullptr;
        return Decided(std::move(outcome->decision), outcome->already_known);
      });
}

newsdedup_decision_t* newsdedup_match(newsdedup_t* db,
                                      const newsdedup_article_t* article,
                                      char** errptr) {
  return Guarded<newsdedup_decision_t*>(
      errptr, nullptr, [&]() -> newsdedup_decision_t* {
        if (!Validated(article, errptr)) return nullptr;
        const newsdedup::PreparedArticle prepared =
            db->engine->Prepare(article->article);
        std::lock_guard<std::mutex> lock(db->decide_mu);
        StatusOr<newsdedup::pb::Decision> decision =
            db->engine->Match(prepared);
        if (!Ok(decision.status(), errptr)) return nullptr;
        return Decided(std::move(*decision), false);
      });
}

newsdedup_decision_t* newsdedup_get_decision(newsdedup_t* db, const char* id,
                                             size_t len, char** errptr) {
  return Guarded<newsdedup_decision_t*>(
      errptr, nullptr, [&]() -> newsdedup_decision_t* {
        StatusOr<std::optional<newsdedup::pb::StoredArticle>> stored =
            db->engine->FindArticle(Copy(id, len));
        if (!Ok(stored.status(), errptr) || !stored->has_value()) {
          return nullptr;
        }
        return Decided(std::move(*(*stored)->mutable_decision()), false);
      });
}

void newsdedup_decision_destroy(newsdedup_decision_t* decision) {
  delete decision;
}
const char* newsdedup_decision_article_id(const newsdedup_decision_t* d) {
  return d->decision.article_id().c_str();
}
const char* newsdedup_decision_relation(const newsdedup_decision_t* d) {
  return newsdedup::RelationName(newsdedup::FromProto(d->decision.relation()));
}
unsigned char newsdedup_decision_is_new(const newsdedup_decision_t* d) {
  return d->decision.relation() == newsdedup::pb::NEW ? 1 : 0;
}
const char* newsdedup_decision_cluster_id(const newsdedup_decision_t* d) {
  return d->decision.cluster_id().c_str();
}
const char* newsdedup_decision_original_id(const newsdedup_decision_t* d) {
  return d->decision.original_id().c_str();
}
const char* newsdedup_decision_matched_id(const newsdedup_decision_t* d) {
  return d->decision.matched_id().c_str();
}
double newsdedup_decision_score(const newsdedup_decision_t* d) {
  return d->decision.scores().score();
}
const char* newsdedup_decision_reason(const newsdedup_decision_t* d) {
  return d->decision.reason().c_str();
}
unsigned char newsdedup_decision_already_known(const newsdedup_decision_t* d) {
  return d->already_known ? 1 : 0;
}

newsdedup_members_t* newsdedup_cluster_members(newsdedup_t* db,
                                               const char* id, size_t len,
                                               char** errptr) {
  return Guarded<newsdedup_members_t*>(
      errptr, nullptr, [&]() -> newsdedup_members_t* {
        StatusOr<std::optional<newsdedup::ClusterView>> view =
            db->engine->FindCluster(Copy(id, len));
        if (!Ok(view.status(), errptr) || !view->has_value()) return nullptr;
        auto* out = new newsdedup_members_t;
        out->cluster_id = (*view)->cluster.id();
        out->original_id = (*view)->cluster.original_id();
        for (const newsdedup::pb::StoredArticle& member : (*view)->members) {
          out->ids.push_back(member.article().id());
        }
        return out;
      });
}

void newsdedup_members_destroy(newsdedup_members_t* members) {
  delete members;
}
const char* newsdedup_members_cluster_id(const newsdedup_members_t* m) {
  return m->cluster_id.c_str();
}
const char* newsdedup_members_original_id(const newsdedup_members_t* m) {
  return m->original_id.c_str();
}
size_t newsdedup_members_count(const newsdedup_members_t* m) {
  return m->ids.size();
}
const char* newsdedup_members_id(const newsdedup_members_t* m, size_t i) {
  return i < m->ids.size() ? m->ids[i].c_str() : "";
}

}  // extern "C"
