// The one call the daemon makes to Miniflux's API: PUT /v1/entries to mark
// entries read (miniflux.h). A client of its own, as small as that call
// needs: HTTP or HTTPS (the peer's certificate verified against the system's
// CAs or api_ca_file, and its name against the URL's host), one request per
// connection, a deadline on the whole exchange and a cap on the answer.
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
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
  bool tls = false;
  std::string host;
  std::string port = "80";
  std::string path;  // without a trailing slash
};

// "http[s]://HOST[:PORT][/PATH]", "http://[::1]:PORT".
StatusOr<HttpUrl> ParseHttpUrl(const std::string& url) {
  HttpUrl out;
  std::string rest;
  if (url.rfind("http://", 0) == 0) {
    rest = url.substr(7);
  } else if (url.rfind("https://", 0) == 0) {
    rest = url.substr(8);
    out.tls = true;
    out.port = "443";
  } else {
    return Status::InvalidArgument("not an http:// or https:// URL: " + url);
  }
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
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
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxAnswerBytes);
  try {
    asio::ip::tcp::resolver resolver(executor);
    const auto endpoints = co_await resolver.async_resolve(
        url->host, url->port, asio::use_awaitable);
    beast::flat_buffer buffer;
    if (!url->tls) {
      beast::tcp_stream stream(executor);
      stream.expires_after(kDeadline);
      co_await stream.async_connect(endpoints, asio::use_awaitable);
      co_await http::async_write(stream, req, asio::use_awaitable);
      co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
    } else {
      asio::ssl::context tls(asio::ssl::context::tls_client);
      tls.set_options(asio::ssl::context::no_tlsv1 |
                      asio::ssl::context::no_tlsv1_1);
      if (config.api_ca_file.empty()) {
        tls.set_default_verify_paths();
      } else {
        tls.load_verify_file(config.api_ca_file);
      }
      beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
      stream.set_verify_mode(asio::ssl::verify_peer);
      stream.set_verify_callback(asio::ssl::host_name_verification(url->host));
      boost::system::error_code not_ip;
      asio::ip::make_address(url->host, not_ip);
      // Server Name Indication, for a host name (never an address).
      if (not_ip && !SSL_set_tlsext_host_name(stream.native_handle(),
                                              url->host.c_str())) {
        co_return Status::Unavailable("TLS: cannot set the server name");
      }
      beast::get_lowest_layer(stream).expires_after(kDeadline);
      co_await beast::get_lowest_layer(stream).async_connect(
          endpoints, asio::use_awaitable);
      co_await stream.async_handshake(asio::ssl::stream_base::client,
                                      asio::use_awaitable);
      co_await http::async_write(stream, req, asio::use_awaitable);
      co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
      // The answer is complete (Content-Length or chunked); no close_notify
      // is awaited, so a peer that never sends one cannot hold us.
    }
  } catch (const boost::system::system_error& e) {
    co_return Status::Unavailable("PUT " + config.api_url + "/v1/entries: " +
                                  e.code().message());
  }
  const unsigned status = parser.get().result_int();
  if (status < 200 || status >= 300) {
    co_return Status::Unavailable(
        "PUT " + config.api_url + "/v1/entries answered " +
        std::to_string(status) + ": " + parser.get().body().substr(0, 200));
  }
  co_return Status::Ok();
}

}  // namespace newsdedup
