// Conversions between the detector's values (Article, Relation, Evidence)
// and the records the store keeps and the events carry
// (proto/newsdedup.proto). The one table that pairs a Relation with its
// wire value is here; a relation's name is dedup's RelationName.
//
// Pure functions, safe from any thread.
#pragma once

#include "dedup/article.h"
#include "dedup/decision.h"
#include "dedup/evidence.h"
#include "proto/newsdedup.pb.h"

namespace newsdedup {

// Plain conversions, no validation (formats validate what they read).
pb::Article ToProto(const Article& article);
Article FromProto(const pb::Article& message);

pb::Relation ToProto(Relation relation);
// RELATION_UNSPECIFIED, and values a newer release may add, read as kNew.
Relation FromProto(pb::Relation relation);

// The decision's figures as stored and sent in events: `score` is the
// verdict's, the rest is the evidence behind it.
pb::Scores ScoresOf(const Evidence& evidence, double score);

}  // namespace newsdedup
