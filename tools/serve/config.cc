#include "tools/serve/config.h"

#include <simdjson.h>

#include <fstream>

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

// "miniflux": {"secret": ..., "api_url": ..., "api_key": ...}.
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
      out->api_ca_file = std::string(text);
    } else {
      return Status::InvalidArgument("unknown key \"miniflux." + key + "\"");
    }
  }
  if (out->secret.empty()) {
    return Status::InvalidArgument(
        "\"miniflux.secret\" is required: unsigned webhooks are refused");
  }
  if (!out->api_url.empty() && out->api_url.rfind("http://", 0) != 0 &&
      out->api_url.rfind("https://", 0) != 0) {
    return Status::InvalidArgument(
        "\"miniflux.api_url\" must start with http:// or https://");
  }
  if (!out->api_ca_file.empty() &&
      std::ifstream(out->api_ca_file).fail()) {
    return Status::InvalidArgument("\"miniflux.api_ca_file\": cannot read " +
                                   out->api_ca_file);
  }
  if (!out->api_url.empty() && out->api_key.empty()) {
    return Status::InvalidArgument(
        "\"miniflux.api_key\" is required with \"miniflux.api_url\"");
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
    } else if (key == "sync_writes") {
      if (field.value.get_bool().get(flag)) return bad("true or false");
      config.sync_writes = flag;
    } else if (key == "queue_capacity" || key == "workers" ||
               key == "max_request_bytes" || key == "max_batch_articles" ||
               key == "idle_timeout_seconds" || key == "max_connections" ||
               key == "max_body_bytes" || key == "max_record_bytes" ||
               key == "max_header_bytes" ||
               key == "max_pending_request_bytes") {
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
  return config;
}

}  // namespace newsdedup
