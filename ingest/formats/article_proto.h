// Articles from Protobuf (`pb::Article`, the TCP ingest format): decoded and
// held to the same checks as JSON input (ValidateArticle).
#pragma once

#include <string_view>

#include "dedup/article.h"
#include "dedup/status.h"
#include "ingest/formats/limits.h"
#include "proto/newsdedup.pb.h"

namespace newsdedup {

StatusOr<Article> ParseArticleProto(std::string_view bytes,
                                    const IngestLimits& limits);

}  // namespace newsdedup
