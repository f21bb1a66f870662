#include "tools/serve/config.h"

#include <simdjson.h>

#include <fstream>
#include <set>

#include "tools/feeds/url.h"

namespace newsdedup {

StatusOr<Endpoint> ParseEndpoint(const std::string& text) {
  Endpoint endpoint;
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) {
    return Status::InvalidArgument("endpoint \"" + text +
                                   "\" is not HOST:PORT");
  }
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (!host.empty()) endpoint.host = host;
  const std::string port = text.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) > 65535) {
    return Status::InvalidArgument("endpoint \"" + text +
                                   "\" has no valid port");
  }
  endpoint.port = static_cast<uint16_t>(std::stoul(port));
  return endpoint;
}

namespace {

// The contents of `path`, when it is readable and at most `cap` bytes.
StatusOr<std::string> ReadSmallFile(const std::string& path, size_t cap) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read " + path);
  std::string out(cap + 1, '\0');
  in.read(out.data(), static_cast<std::streamsize>(out.size()));
  if (static_cast<size_t>(in.gcount()) > cap) {
    return Status::InvalidArgument(path + " is over " + std::to_string(cap) +
                                   " bytes");
  }
  out.resize(static_cast<size_t>(in.gcount()));
  return out;
}

// "miniflux": {"secret", "api_url", "api_key", "api_ca_file"}.
Status ParseMiniflux(simdjson::dom::element value, MinifluxConfig* out) {
  simdjson::dom::object object;
  if (value.get_object().get(object)) {
    return Status::InvalidArgument("\"miniflux\" must be an object");
  }
  for (auto field : object) {
    const std::string key(field.key);
    std::string_view text;
    if (field.value.get_string().get(text)) {
      return Status::InvalidArgument("\"miniflux." + key +
                                     "\" must be a string");
    }
    if (key == "secret") {
      out->secret = std::string(text);
    } else if (key == "api_url") {
      out->api_url = std::string(text);
    } else if (key == "api_key") {
      out->api_key = std::string(text);
    } else if (key == "api_ca_file") {
      StatusOr<std::string> pem = ReadSmallFile(std::string(text), 64 << 10);
      if (!pem.ok()) {
        return Status::InvalidArgument("\"miniflux.api_ca_file\": " +
                                       pem.status().message());
      }
      out->api_ca_pem = std::move(*pem);
    } else {
      return Status::InvalidArgument("unknown key \"miniflux." + key + "\"");
    }
  }
  if (out->secret.empty()) {
    return Status::InvalidArgument(
        "\"miniflux.secret\" is required: unsigned webhooks are refused");
  }
  if (!out->api_url.empty()) {
    StatusOr<Url> url = ParseUrl(out->api_url);
    if (!url.ok()) {
      return Status::InvalidArgument("\"miniflux.api_url\": " +
                                     url.status().message());
    }
  }
  if (!out->api_url.empty() && out->api_key.empty()) {
    return Status::InvalidArgument(
        "\"miniflux.api_key\" is required with \"miniflux.api_url\"");
  }
  return Status::Ok();
}

// "feeds": an array of {"url", "interval_seconds", "name"}.
Status ParseFeeds(const std::string& path, simdjson::dom::element value,
                  std::vector<FeedSpec>* feeds) {
  auto bad = [&](size_t i, const std::string& why) {
    return Status::InvalidArgument("config " + path + ": feeds[" +
                                   std::to_string(i) + "]: " + why);
  };
  simdjson::dom::array array;
  if (value.get_array().get(array)) {
    return Status::InvalidArgument("config " + path +
                                   ": \"feeds\" must be an array");
  }
  std::set<std::string> urls;
  size_t i = 0;
  for (simdjson::dom::element entry : array) {
    simdjson::dom::object object;
    if (entry.get_object().get(object)) return bad(i, "not an object");
    FeedSpec feed;
    uint64_t interval = kDefaultFeedIntervalSeconds;
    for (auto field : object) {
      const std::string key(field.key);
      std::string_view text;
      if (key == "url" || key == "name") {
        if (field.value.get_string().get(text)) {
          return bad(i, "\"" + key + "\" must be a string");
        }
        (key == "url" ? feed.url : feed.name) = std::string(text);
      } else if (key == "interval_seconds") {
        if (field.value.get_uint64().get(interval) ||
            interval < kMinFeedIntervalSeconds || interval > 7 * 86400) {
          return bad(i, "\"interval_seconds\" must be a whole number from " +
                            std::to_string(kMinFeedIntervalSeconds) +
                            " to 604800");
        }
      } else {
        return bad(i, "unknown key \"" + key + "\"");
      }
    }
    if (feed.url.empty()) return bad(i, "\"url\" is missing");
    StatusOr<Url> url = ParseUrl(feed.url);
    if (!url.ok()) return bad(i, url.status().message());
    if (!urls.insert(feed.url).second) {
      return bad(i, "\"" + feed.url + "\" is listed twice");
    }
    feed.interval = std::chrono::seconds(interval);
    feeds->push_back(std::move(feed));
    ++i;
  }
  return Status::Ok();
}

}  // namespace

StatusOr<ServeConfig> LoadServeConfig(const std::string& path) {
  ServeConfig config;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.load(path).get(root)) {
    return Status::InvalidArgument("config " + path + ": " +
                                   simdjson::error_message(error));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    return Status::InvalidArgument("config " + path + ": not a JSON object");
  }
  for (auto field : object) {
    const std::string key(field.key);
    auto bad = [&](const char* want) {
      return Status::InvalidArgument("config " + path + ": \"" + key +
                                     "\" must be " + want);
    };
    uint64_t number = 0;
    bool flag = false;
    std::string_view text;
    if (key == "http" || key == "tcp") {
      if (field.value.get_string().get(text)) return bad("\"HOST:PORT\"");
      StatusOr<Endpoint> endpoint = ParseEndpoint(std::string(text));
      if (!endpoint.ok()) return endpoint.status();
      (key == "http" ? config.http : config.tcp) = *endpoint;
    } else if (key == "token") {
      if (field.value.get_string().get(text)) return bad("a string");
      config.token = std::string(text);
    } else if (key == "feeds") {
      Status s = ParseFeeds(path, field.value, &config.feeds);
      if (!s.ok()) return s;
    } else if (key == "sync_writes") {
      if (field.value.get_bool().get(flag)) return bad("true or false");
      config.sync_writes = flag;
    } else if (key == "retention") {
      if (field.value.get_string().get(text)) {
        return bad("\"count:N\", \"ingested:14d\", \"published:14d\" or "
                   "\"none\"");
      }
      const bool deletes = config.retention.delete_from_store;
      StatusOr<RetentionOptions> retention = ParseRetention(text);
      if (!retention.ok()) {
        return retention.status().WithContext("config " + path);
      }
      config.retention = *retention;
      config.retention.delete_from_store = deletes;
    } else if (key == "retention_deletes") {
      if (field.value.get_bool().get(flag)) return bad("true or false");
      config.retention.delete_from_store = flag;
    } else if (key == "queue_capacity" || key == "workers" ||
               key == "max_request_bytes" || key == "max_batch_articles" ||
               key == "idle_timeout_seconds" || key == "max_connections" ||
               key == "max_body_bytes" || key == "max_record_bytes" ||
               key == "max_header_bytes" ||
               key == "max_pending_request_bytes" ||
               key == "max_feed_bytes") {
      if (field.value.get_uint64().get(number)) return bad("a whole number");
      if (key == "queue_capacity") config.queue_capacity = number;
      if (key == "workers") config.workers = static_cast<unsigned>(number);
      if (key == "max_request_bytes") config.max_request_bytes = number;
      if (key == "max_batch_articles") config.max_batch_articles = number;
      if (key == "idle_timeout_seconds") {
        config.idle_timeout_seconds = static_cast<unsigned>(number);
      }
      if (key == "max_connections") config.max_connections = number;
      if (key == "max_body_bytes") config.limits.max_body_bytes = number;
      if (key == "max_record_bytes") config.limits.max_record_bytes = number;
      if (key == "max_header_bytes") config.max_header_bytes = number;
      if (key == "max_pending_request_bytes") {
        config.max_pending_request_bytes = number;
      }
      if (key == "max_feed_bytes") config.max_feed_bytes = number;
    } else if (key == "miniflux") {
      Status s = ParseMiniflux(field.value, &config.miniflux);
      if (!s.ok()) return Status::InvalidArgument("config " + path + ": " +
                                                  s.message());
    } else {
      return Status::InvalidArgument("config " + path + ": unknown key \"" +
                                     key + "\"");
    }
  }
  if (config.max_pending_request_bytes < config.max_request_bytes) {
    return Status::InvalidArgument(
        "config " + path + ": \"max_pending_request_bytes\" (" +
        std::to_string(config.max_pending_request_bytes) +
        ") is below \"max_request_bytes\" (" +
        std::to_string(config.max_request_bytes) +
        "): no request of the largest size could be read");
  }
  if (config.max_header_bytes < 1024 || config.max_header_bytes > (1 << 20)) {
    return Status::InvalidArgument("config " + path +
                                   ": \"max_header_bytes\" must be between "
                                   "1024 and 1048576");
  }
  if (config.max_feed_bytes < 1024 || config.max_feed_bytes > (1u << 30)) {
    return Status::InvalidArgument("config " + path +
                                   ": \"max_feed_bytes\" must be between "
                                   "1024 and 1073741824");
  }
  return config;
}

}  // namespace newsdedup
