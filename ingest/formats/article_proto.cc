#include "ingest/formats/article_proto.h"

#include "ingest/formats/article_json.h"
#include "storage/article_records.h"

namespace newsdedup {

StatusOr<Article> ParseArticleProto(std::string_view bytes,
                                    const IngestLimits& limits) {
  if (bytes.size() > limits.max_record_bytes) {
    return Status::InvalidArgument("message is over the cap of " +
                                   std::to_string(limits.max_record_bytes) +
                                   " bytes");
  }
  pb::Article message;
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return Status::InvalidArgument("not a valid Protobuf Article message");
  }
  Article article = FromProto(message);
  Status valid = ValidateArticle(article, limits);
  if (!valid.ok()) return valid;
  return article;
}

}  // namespace newsdedup
