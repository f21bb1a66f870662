#include "tools/serve/miniflux.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <simdjson.h>

#include "ingest/formats/article_json.h"
#include "ingest/formats/rfc3339.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

constexpr size_t kDigestBytes = 32;  // SHA-256

bool Digest(std::string_view secret, std::string_view body,
            unsigned char out[kDigestBytes]) {
  unsigned int len = 0;
  return HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
              reinterpret_cast<const unsigned char*>(body.data()),
              body.size(), out, &len) != nullptr &&
         len == kDigestBytes;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Go's zero time.Time, which Miniflux sends for a date it does not know.
constexpr int64_t kGoZeroTimeMs = -62135596800000;

// The string at `value`; "" when it is missing or not a string. (Taking
// the lookup's result, not an element, so that a missing field is not a
// simdjson exception.)
std::string Text(simdjson::simdjson_result<simdjson::dom::element> value) {
  std::string_view text;
  return value.get_string().get(text) ? std::string() : std::string(text);
}

MinifluxEntry ParseEntry(simdjson::dom::object entry,
                         const std::string& feed_title,
                         const IngestLimits& limits) {
  MinifluxEntry out;
  if (entry["id"].get_int64().get(out.entry_id)) {
    out.article = Status::InvalidArgument("entry has no numeric \"id\"");
    return out;
  }
  Article a;
  a.id = "miniflux:" + std::to_string(out.entry_id);
  a.body = Text(entry["content"]);
  a.title = Text(entry["title"]);
  a.url = Text(entry["url"]);
  a.source = feed_title;
  const std::string published = Text(entry["published_at"]);
  if (!published.empty()) {
    std::optional<int64_t> ms = ParseRfc3339(published);
    if (ms && *ms != kGoZeroTimeMs) a.published_ms = ms;
  }
  Status valid = ValidateArticle(a, limits);
  if (valid.ok()) {
    out.article = std::move(a);
  } else {
    out.article = Status::InvalidArgument("entry " +
                                          std::to_string(out.entry_id) +
                                          ": " + valid.message());
  }
  return out;
}

}  // namespace

std::string MinifluxSignature(std::string_view secret, std::string_view body) {
  unsigned char digest[kDigestBytes];
  if (!Digest(secret, body, digest)) return "";
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex.push_back(kHex[byte >> 4]);
    hex.push_back(kHex[byte & 15]);
  }
  return hex;
}

bool MinifluxSignatureValid(std::string_view secret, std::string_view body,
                            std::string_view signature) {
  if (signature.size() != 2 * kDigestBytes) return false;
  unsigned char given[kDigestBytes];
  for (size_t i = 0; i < kDigestBytes; ++i) {
    const int hi = HexValue(signature[2 * i]);
    const int lo = HexValue(signature[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    given[i] = static_cast<unsigned char>(hi << 4 | lo);
  }
  unsigned char expected[kDigestBytes];
  return Digest(secret, body, expected) &&
         CRYPTO_memcmp(given, expected, kDigestBytes) == 0;
}

StatusOr<MinifluxEvent> ParseMinifluxEvent(std::string_view body,
                                           const IngestLimits& limits,
                                           size_t max_entries) {
  simdjson::dom::parser parser;
  simdjson::dom::object root;
  if (auto error = parser.parse(body.data(), body.size()).get(root)) {
    return Status::InvalidArgument(std::string("not a JSON object: ") +
                                   simdjson::error_message(error));
  }
  MinifluxEvent event;
  event.event_type = Text(root["event_type"]);
  if (event.event_type.empty()) {
    return Status::InvalidArgument("no \"event_type\"");
  }
  if (event.event_type != "new_entries") return event;
  std::string feed_title;
  simdjson::dom::object feed;
  if (!root["feed"].get_object().get(feed)) feed_title = Text(feed["title"]);
  simdjson::dom::array entries;
  if (root["entries"].get_array().get(entries)) {
    return Status::InvalidArgument("new_entries without an \"entries\" array");
  }
  if (entries.size() > max_entries) {
    return Status::ResourceExhausted(
        std::to_string(entries.size()) + " entries in one event, over the cap of " +
        std::to_string(max_entries));
  }
  for (simdjson::dom::element element : entries) {
    simdjson::dom::object entry;
    if (element.get_object().get(entry)) {
      return Status::InvalidArgument("an entry is not a JSON object");
    }
    event.entries.push_back(ParseEntry(entry, feed_title, limits));
  }
  return event;
}

asio::awaitable<HttpResponse> HandleMinifluxWebhook(Pipeline& pipeline,
                                                    const ServeConfig& config,
                                                    const HttpRequest& req) {
  if (req.method() != http::verb::post) {
    HttpResponse res =
        HttpError(req, http::status::method_not_allowed, "use POST");
    res.set(http::field::allow, "POST");
    co_return res;
  }
  const std::string_view body = req.body().text;
  auto signature = req.find("X-Miniflux-Signature");
  if (signature == req.end() ||
      !MinifluxSignatureValid(
          config.miniflux.secret, body,
          std::string_view(signature->value().data(),
                           signature->value().size()))) {
    co_return HttpError(req, http::status::unauthorized,
                        "missing or wrong X-Miniflux-Signature");
  }
  StatusOr<MinifluxEvent> event =
      ParseMinifluxEvent(body, config.limits, config.max_batch_articles);
  if (!event.ok()) {
    co_return HttpError(req,
                        event.status().code() == Status::Code::kResourceExhausted
                            ? http::status::payload_too_large
                            : http::status::bad_request,
                        event.status().message());
  }
  if (event->event_type != "new_entries") {
    co_return HttpReply(req, http::status::ok,
                        "{\"ignored\":" + JsonString(event->event_type) + "}");
  }
  std::string errors;
  auto note_error = [&](int64_t entry_id, const std::string& what) {
    errors += std::string(errors.empty() ? "" : ",") + "{\"entry\":" +
              std::to_string(entry_id) + ",\"error\":" + JsonString(what) + "}";
  };
  Metrics& metrics = pipeline.metrics();
  metrics.articles_received.fetch_add(event->entries.size());
  std::vector<Article> articles;
  std::vector<int64_t> entry_ids;
  for (MinifluxEntry& entry : event->entries) {
    if (!entry.article.ok()) {
      metrics.articles_rejected.fetch_add(1);
      note_error(entry.entry_id, entry.article.status().message());
      continue;
    }
    articles.push_back(std::move(*entry.article));
    entry_ids.push_back(entry.entry_id);
  }
  std::vector<int64_t> copies;
  size_t decided = 0;
  if (!articles.empty()) {
    Pipeline::Admission admission = pipeline.TryAdmit(articles.size());
    if (!admission) {
      metrics.overloaded.fetch_add(articles.size());
      HttpResponse res = HttpError(req, http::status::service_unavailable,
                                   "queues are full; retry later");
      res.set(http::field::retry_after, "1");
      co_return res;
    }
    const std::vector<StatusOr<Outcome>> outcomes =
        co_await pipeline.Ingest(std::move(articles));
    for (size_t i = 0; i < outcomes.size(); ++i) {
      if (!outcomes[i].ok()) {
        note_error(entry_ids[i], outcomes[i].status().ToString());
        continue;
      }
      ++decided;
      if (outcomes[i]->decision.relation() != pb::NEW) {
        copies.push_back(entry_ids[i]);
      }
    }
  }
  std::string copies_json;
  for (int64_t id : copies) {
    copies_json += (copies_json.empty() ? "" : ",") + std::to_string(id);
  }
  Status marked = Status::Ok();
  if (!copies.empty() && !config.miniflux.api_url.empty()) {
    marked = co_await MarkMinifluxEntriesRead(config.miniflux, copies);
  }
  const bool sent = !copies.empty() && !config.miniflux.api_url.empty();
  std::string answer = "{\"decided\":" + std::to_string(decided) +
                       ",\"copies\":[" + copies_json + "],\"marked_read\":" +
                       std::to_string(sent && marked.ok() ? copies.size() : 0) +
                       ",\"errors\":[" + errors + "]";
  if (!marked.ok()) {
    answer += ",\"error\":" + JsonString("marking copies read in Miniflux: " +
                                         marked.ToString());
    co_return HttpReply(req, http::status::bad_gateway, answer + "}");
  }
  co_return HttpReply(req, http::status::ok, answer + "}");
}

}  // namespace newsdedup
