// The one call the daemon makes to Miniflux's API: PUT /v1/entries to mark
// entries read (miniflux.h), through the shared client for servers we do
// not trust (tools/feeds/http_fetch.h: http or verified https, timeouts,
// capped answers).
#include "tools/feeds/http_fetch.h"
#include "tools/feeds/url.h"
#include "tools/serve/miniflux.h"

namespace newsdedup {
namespace asio = boost::asio;

namespace {

std::string MarkReadBody(const std::vector<int64_t>& entry_ids) {
  std::string ids;
  for (int64_t id : entry_ids) {
    ids += (ids.empty() ? "" : ",") + std::to_string(id);
  }
  return "{\"entry_ids\":[" + ids + "],\"status\":\"read\"}";
}

}  // namespace

asio::awaitable<Status> MarkMinifluxEntriesRead(
    const MinifluxConfig& config, const std::vector<int64_t>& entry_ids) {
  StatusOr<Url> base = ParseUrl(config.api_url);
  if (!base.ok()) co_return base.status();
  // The API lives under the base URL's path ("https://host/reader/").
  std::string path = base->target;
  while (!path.empty() && path.back() == '/') path.pop_back();
  base->target = path + "/v1/entries";

  HttpFetchRequest request;
  request.method = "PUT";
  request.url = base->ToString();
  request.headers = {{"Content-Type", "application/json"},
                     {"X-Auth-Token", config.api_key}};
  request.body = MarkReadBody(entry_ids);
  HttpFetchOptions options;
  options.max_body_bytes = 64 << 10;  // Miniflux answers 204, or an error
  options.connect_timeout = std::chrono::seconds(10);
  options.io_timeout = std::chrono::seconds(10);
  // Never followed: a redirect would carry the API key to wherever it
  // points, and Miniflux's API does not redirect a correct URL.
  options.max_redirects = 0;
  options.extra_ca_pem = config.api_ca_pem;
  StatusOr<HttpFetchResponse> response =
      co_await HttpFetch(std::move(request), options);
  if (!response.ok()) co_return response.status();
  if (response->status < 200 || response->status >= 300) {
    co_return Status::Unavailable(
        "PUT " + base->ToString() + " answered " +
        std::to_string(response->status) + ": " +
        response->body.substr(0, 200));
  }
  co_return Status::Ok();
}

}  // namespace newsdedup
