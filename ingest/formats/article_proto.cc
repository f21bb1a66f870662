#include "ingest/formats/article_proto.h"

#include "ingest/formats/article_json.h"

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

Article FromProto(const pb::Article& message) {
  Article article;
  article.id = message.id();
  article.body = message.body();
  article.title = message.title();
  article.source = message.source();
  article.url = message.url();
  if (message.has_published_ms()) article.published_ms = message.published_ms();
  return article;
}

pb::Article ToProto(const Article& article) {
  pb::Article message;
  message.set_id(article.id);
  message.set_body(article.body);
  message.set_title(article.title);
  message.set_source(article.source);
  message.set_url(article.url);
  if (article.published_ms) message.set_published_ms(*article.published_ms);
  return message;
}

}  // namespace newsdedup
