// The one call the daemon makes to Miniflux's API: PUT /v1/entries to mark
// entries read (miniflux.h). A client of its own, as small as that call
// needs: plain HTTP, one request per connection, a deadline on the whole
// exchange and a cap on the answer.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

#include "tools/serve/miniflux.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto kDeadline = std::chrono::seconds(10);
constexpr size_t kMaxAnswerBytes = 64 << 10;

struct HttpUrl {
  std::string host;
  std::string port = "80";
  std::string path;  // without a trailing slash
};

// "http://HOST[:PORT][/PATH]", "http://[::1]:PORT".
StatusOr<HttpUrl> ParseHttpUrl(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) {
    return Status::InvalidArgument("not an http:// URL: " + url);
  }
  const std::string rest = url.substr(kScheme.size());
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  HttpUrl out;
  if (slash != std::string::npos) out.path = rest.substr(slash);
  while (!out.path.empty() && out.path.back() == '/') out.path.pop_back();
  size_t colon = authority.rfind(':');
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) {
      return Status::InvalidArgument("bad host in " + url);
    }
    out.host = authority.substr(1, close - 1);
    colon = authority.size() > close + 1 && authority[close + 1] == ':'
                ? close + 1
                : std::string::npos;
  } else {
    out.host = authority.substr(0, colon);
  }
  if (colon != std::string::npos) out.port = authority.substr(colon + 1);
  if (out.host.empty() || out.port.empty() ||
      out.port.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument("bad host or port in " + url);
  }
  return out;
}

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
  StatusOr<HttpUrl> url = ParseHttpUrl(config.api_url);
  if (!url.ok()) co_return url.status();
  http::request<http::string_body> req{http::verb::put,
                                       url->path + "/v1/entries", 11};
  req.set(http::field::host, url->host + ":" + url->port);
  req.set(http::field::user_agent, "newsdedup/" NEWSDEDUP_VERSION);
  req.set(http::field::content_type, "application/json");
  req.set("X-Auth-Token", config.api_key);
  req.keep_alive(false);
  req.body() = MarkReadBody(entry_ids);
  req.prepare_payload();

  const auto executor = co_await asio::this_coro::executor;
  beast::tcp_stream stream(executor);
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxAnswerBytes);
  try {
    asio::ip::tcp::resolver resolver(executor);
    stream.expires_after(kDeadline);
    const auto endpoints = co_await resolver.async_resolve(
        url->host, url->port, asio::use_awaitable);
    co_await stream.async_connect(endpoints, asio::use_awaitable);
    co_await http::async_write(stream, req, asio::use_awaitable);
    beast::flat_buffer buffer;
    co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
  } catch (const boost::system::system_error& e) {
    co_return Status::Unavailable("PUT " + config.api_url + "/v1/entries: " +
                                  e.code().message());
  }
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  const unsigned status = parser.get().result_int();
  if (status < 200 || status >= 300) {
    co_return Status::Unavailable(
        "PUT " + config.api_url + "/v1/entries answered " +
        std::to_string(status) + ": " + parser.get().body().substr(0, 200));
  }
  co_return Status::Ok();
}

}  // namespace newsdedup
