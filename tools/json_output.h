// JSON renderings of decisions, clusters and evidence, shared by the command
// line (`batch`, `cluster`, `explain`) and the HTTP API, so that every
// interface answers in the same shape.
#pragma once

#include <string>
#include <optional>
#include <string_view>

#include "dedup/detector.h"
#include "ingest/engine.h"
#include "proto/newsdedup.pb.h"
#include "storage/clusters.h"

namespace newsdedup {

// `text` as a JSON string literal, quotes included. Bytes that are not
// UTF-8 become U+FFFD, so that the result is valid JSON whatever `text`
// holds (an id or a path from a request that was not).
std::string JsonString(std::string_view text);

// {"id","cluster","relation","matched","score","original"}; with
// `known`, a "known":true field says the id was already stored.
std::string DecisionJson(const pb::Decision& decision, bool known = false);

// The same with an "evidence" object (the decision's scores and reason).
std::string DecisionJsonWithEvidence(const pb::Decision& decision,
                                     bool known = false);

// {"sequence","kind","article","cluster","matched","relation","score",
//  "original","previous_original","merged_cluster","published","time"}.
std::string EventJson(const pb::ClusterEvent& event);

// A stored article with its decision: {"id","title","source","url",
// "published","body","decision":{...}}.
std::string StoredArticleJson(const pb::StoredArticle& stored);

// {"deleted": id, "events": [EventJson...]}: what a deletion did.
std::string RemovalJson(const Removal& removal);

// A cluster (storage/clusters.h): {"cluster","original","size",
// "members":[{"id","relation","matched","title","source","published"}]}.
std::string ClusterJson(const ClusterView& view);

}  // namespace newsdedup
