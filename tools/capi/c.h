/* newsdedup's C API: a stable interface to the engine for programs and
 * plugins in any language that can call C. Installed as <newsdedup/c.h>,
 * implemented by libnewsdedup.so (tools/capi/c.cc over ingest/engine.h).
 *
 * A store is a directory: newsdedup_open opens (and, unless told otherwise,
 * creates) one. newsdedup_add decides an article against everything stored
 * before it and stores it with its decision; newsdedup_match decides without
 * storing; newsdedup_get_decision and newsdedup_cluster_members read what is
 * stored. The relations, clusters and originals are those of doc/api.md.
 *
 * Conventions (as LevelDB's c.h):
 *  - Every type is opaque; every object the library returns has a destroy
 *    function, and every other allocation it hands out (error messages) is
 *    released with newsdedup_free. Destroy functions, newsdedup_close and
 *    newsdedup_free accept NULL and do nothing.
 *  - A function that can fail takes `char** errptr`, which must point to
 *    NULL or to a message from an earlier call. On failure it is set to a
 *    NUL-terminated message allocated with malloc (an earlier message is
 *    freed first); on success it is left as it was.
 *  - Strings passed in are (pointer, length) pairs in UTF-8 and are copied:
 *    the caller may reuse them once the call returns. Strings returned are
 *    NUL-terminated and belong to the object they came from.
 *  - Booleans are unsigned char: 0 is false, anything else true.
 *  - The header is C99 (it needs <stdint.h>) and C++ clean.
 *
 * Thread safety: a newsdedup_t may be used from any number of threads at
 * once; decisions are serialized inside it (fingerprinting is not). The
 * other objects must not be used by two threads at once. A store may be
 * open for writing in one process at a time; a second newsdedup_open fails
 * with a message saying the store is locked.
 *
 * Durability: when newsdedup_add returns, the article and its decision
 * survive the process being killed (and, with sync_writes, a power cut).
 */
#ifndef NEWSDEDUP_C_H_
#define NEWSDEDUP_C_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define NEWSDEDUP_EXPORT __attribute__((visibility("default")))
#else
#define NEWSDEDUP_EXPORT
#endif

typedef struct newsdedup_t newsdedup_t;
typedef struct newsdedup_options_t newsdedup_options_t;
typedef struct newsdedup_article_t newsdedup_article_t;
typedef struct newsdedup_decision_t newsdedup_decision_t;
typedef struct newsdedup_members_t newsdedup_members_t;

/* The library's release, "MAJOR.MINOR.PATCH". Static; do not free. */
NEWSDEDUP_EXPORT const char* newsdedup_version(void);

/* Releases a message or other memory the library allocated with malloc. */
NEWSDEDUP_EXPORT void newsdedup_free(void* ptr);

/* --- Options --- */

NEWSDEDUP_EXPORT newsdedup_options_t* newsdedup_options_create(void);
NEWSDEDUP_EXPORT void newsdedup_options_destroy(newsdedup_options_t* options);
/* Create the store when the directory holds none. Default 1. */
NEWSDEDUP_EXPORT void newsdedup_options_set_create_if_missing(
    newsdedup_options_t* options, unsigned char value);
/* Open an existing store for lookups and matching only: newsdedup_add
 * fails. Other processes may hold it open for writing. Default 0. */
NEWSDEDUP_EXPORT void newsdedup_options_set_read_only(
    newsdedup_options_t* options, unsigned char value);
/* fsync the write-ahead log on every newsdedup_add, so that a decision
 * survives a power cut, at a cost in latency. Default 0. */
NEWSDEDUP_EXPORT void newsdedup_options_set_sync_writes(
    newsdedup_options_t* options, unsigned char value);
/* The store's block cache, in bytes. Default 256 MiB. */
NEWSDEDUP_EXPORT void newsdedup_options_set_cache_bytes(
    newsdedup_options_t* options, size_t bytes);

/* --- Opening and closing --- */

/* The store in directory `path` (NUL-terminated), or NULL with *errptr set.
 * `options` may be NULL for the defaults, and may be destroyed once this
 * returns. Opening reads every stored fingerprint back into memory. */
NEWSDEDUP_EXPORT newsdedup_t* newsdedup_open(
    const newsdedup_options_t* options, const char* path, char** errptr);
/* Closes the store. Every decision newsdedup_add returned is durable. */
NEWSDEDUP_EXPORT void newsdedup_close(newsdedup_t* db);

/* --- Articles --- */

/* An article to decide: an id (required, at most 256 bytes, unique in the
 * store) and a body (required; HTML is read as its text), with an optional
 * title, source, URL and publication time. */
NEWSDEDUP_EXPORT newsdedup_article_t* newsdedup_article_create(void);
NEWSDEDUP_EXPORT void newsdedup_article_destroy(newsdedup_article_t* article);
NEWSDEDUP_EXPORT void newsdedup_article_set_id(newsdedup_article_t* article,
                                               const char* id, size_t len);
NEWSDEDUP_EXPORT void newsdedup_article_set_body(newsdedup_article_t* article,
                                                 const char* body, size_t len);
NEWSDEDUP_EXPORT void newsdedup_article_set_title(
    newsdedup_article_t* article, const char* title, size_t len);
NEWSDEDUP_EXPORT void newsdedup_article_set_source(
    newsdedup_article_t* article, const char* source, size_t len);
NEWSDEDUP_EXPORT void newsdedup_article_set_url(newsdedup_article_t* article,
                                                const char* url, size_t len);
/* Milliseconds since the Unix epoch. Unset, the time is unknown. */
NEWSDEDUP_EXPORT void newsdedup_article_set_published_ms(
    newsdedup_article_t* article, int64_t published_ms);
NEWSDEDUP_EXPORT void newsdedup_article_clear_published_ms(
    newsdedup_article_t* article);

/* --- Deciding --- */

/* Decides `article` and stores it with its decision. When its id is stored
 * already, nothing is written and the stored decision is returned
 * (newsdedup_decision_already_known says so). NULL with *errptr set when
 * the article is invalid (a missing id or body, a field over its size cap,
 * invalid UTF-8) or the store fails. Destroy the result. */
NEWSDEDUP_EXPORT newsdedup_decision_t* newsdedup_add(
    newsdedup_t* db, const newsdedup_article_t* article, char** errptr);
/* The decision newsdedup_add would make now, storing nothing. */
NEWSDEDUP_EXPORT newsdedup_decision_t* newsdedup_match(
    newsdedup_t* db, const newsdedup_article_t* article, char** errptr);
/* The stored decision for article `id`. NULL with *errptr untouched when
 * no such article is stored; NULL with *errptr set when the store fails. */
NEWSDEDUP_EXPORT newsdedup_decision_t* newsdedup_get_decision(
    newsdedup_t* db, const char* id, size_t len, char** errptr);

NEWSDEDUP_EXPORT void newsdedup_decision_destroy(
    newsdedup_decision_t* decision);
NEWSDEDUP_EXPORT const char* newsdedup_decision_article_id(
    const newsdedup_decision_t* decision);
/* "new" (no copy found: the article starts a cluster), "exact",
 * "near_duplicate", "contained", "contains" or "rewrite". */
NEWSDEDUP_EXPORT const char* newsdedup_decision_relation(
    const newsdedup_decision_t* decision);
/* 1 when the relation is "new", 0 when the article copies another. */
NEWSDEDUP_EXPORT unsigned char newsdedup_decision_is_new(
    const newsdedup_decision_t* decision);
/* The cluster the article belongs (or, from newsdedup_match, would
 * belong) to; a new article's cluster is named after it. */
NEWSDEDUP_EXPORT const char* newsdedup_decision_cluster_id(
    const newsdedup_decision_t* decision);
/* The cluster's original (its earliest-published member) after this
 * decision. */
NEWSDEDUP_EXPORT const char* newsdedup_decision_original_id(
    const newsdedup_decision_t* decision);
/* The article it copies; "" when it is new. */
NEWSDEDUP_EXPORT const char* newsdedup_decision_matched_id(
    const newsdedup_decision_t* decision);
/* The similarity the decision rests on, 0 to 1 (0 when new). */
NEWSDEDUP_EXPORT double newsdedup_decision_score(
    const newsdedup_decision_t* decision);
/* The rule that fired and its threshold, for people. */
NEWSDEDUP_EXPORT const char* newsdedup_decision_reason(
    const newsdedup_decision_t* decision);
/* 1 when newsdedup_add found the id stored already and wrote nothing. */
NEWSDEDUP_EXPORT unsigned char newsdedup_decision_already_known(
    const newsdedup_decision_t* decision);

/* --- Forgetting --- */

/* Keeps only a window of articles findable: "count:N" (the newest N),
 * "ingested:DURATION" or "published:DURATION" (a whole number and s, m, h,
 * d or w: "published:14d"); NULL or "none" keeps everything (the default).
 * Each newsdedup_add then expires what fell out of the window from the
 * index, and from the store too when `delete_from_store` is 1. A window
 * that does not parse makes newsdedup_open fail with a message. */
NEWSDEDUP_EXPORT void newsdedup_options_set_retention(
    newsdedup_options_t* options, const char* window,
    unsigned char delete_from_store);

/* Deletes the stored article `id` from the store and the index (a
 * takedown, a wrong import). Its cluster keeps its other members and its
 * id; when it was the original, the earliest published of the others
 * becomes it. Durable when it returns, as newsdedup_add is; the id may be
 * added again afterwards, as a new article. 1 when deleted; 0 with *errptr
 * untouched when no such article is stored; 0 with *errptr set when the
 * store fails or was opened read-only. */
NEWSDEDUP_EXPORT unsigned char newsdedup_forget(newsdedup_t* db,
                                                const char* id, size_t len,
                                                char** errptr);

/* --- Clusters --- */

/* The members of the cluster named `id`, else of the cluster of the article
 * named `id`, in key order. NULL with *errptr untouched when there is
 * neither; NULL with *errptr set when the store fails. */
NEWSDEDUP_EXPORT newsdedup_members_t* newsdedup_cluster_members(
    newsdedup_t* db, const char* id, size_t len, char** errptr);
NEWSDEDUP_EXPORT void newsdedup_members_destroy(newsdedup_members_t* members);
NEWSDEDUP_EXPORT const char* newsdedup_members_cluster_id(
    const newsdedup_members_t* members);
NEWSDEDUP_EXPORT const char* newsdedup_members_original_id(
    const newsdedup_members_t* members);
NEWSDEDUP_EXPORT size_t newsdedup_members_count(
    const newsdedup_members_t* members);
/* The id of member `i`, 0 <= i < count. */
NEWSDEDUP_EXPORT const char* newsdedup_members_id(
    const newsdedup_members_t* members, size_t i);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NEWSDEDUP_C_H_ */
