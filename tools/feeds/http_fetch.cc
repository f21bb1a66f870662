#include "tools/feeds/http_fetch.h"

#include <openssl/ssl.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <memory>
#include <optional>
#include <strings.h>

#include "tools/feeds/address_class.h"
#include "tools/feeds/url.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr auto kAwait = asio::use_awaitable;

Status Failed(const Url& url, const std::string& what, const error_code& ec) {
  return Status::Unavailable(url.ToString() + ": " + what + ": " +
                             ec.message());
}

// Sends `request` over a connected (and, for https, handshaken) stream and
// reads the response within the caps.
template <class Stream>
asio::awaitable<StatusOr<HttpFetchResponse>> Exchange(
    Stream& stream, const Url& url, const HttpFetchRequest& request,
    const HttpFetchOptions& options) {
  auto& lowest = beast::get_lowest_layer(stream);
  error_code ec;
  http::request<http::string_body> req;
  req.method_string(request.method);
  req.target(url.target);
  req.version(11);
  req.set(http::field::host, url.HostHeader());
  req.set(http::field::user_agent, HttpUserAgent());
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : request.headers) req.insert(name, value);
  if (!request.body.empty()) {
    req.body() = request.body;
    req.prepare_payload();
  }
  lowest.expires_after(options.io_timeout);
  co_await http::async_write(stream, req, asio::redirect_error(kAwait, ec));
  if (ec) co_return Failed(url, "sending the request", ec);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  parser.body_limit(options.max_body_bytes);
  if (request.method == "HEAD") parser.skip(true);
  auto over_cap = [&]() -> Status {
    std::string announced;
    if (parser.content_length()) {
      announced = " (Content-Length " +
                  std::to_string(*parser.content_length()) + ")";
    }
    return Status::ResourceExhausted(
        url.ToString() + ": response body over the cap of " +
        std::to_string(options.max_body_bytes) + " bytes" + announced);
  };
  lowest.expires_after(options.io_timeout);
  co_await http::async_read_header(stream, buffer, parser,
                                   asio::redirect_error(kAwait, ec));
  if (ec == http::error::body_limit) co_return over_cap();
  if (ec) co_return Failed(url, "reading the response header", ec);
  if (parser.content_length() &&
      *parser.content_length() > options.max_body_bytes) {
    co_return over_cap();  // refused before reading any of it
  }
  while (!parser.is_done()) {
    lowest.expires_after(options.io_timeout);
    co_await http::async_read_some(stream, buffer, parser,
                                   asio::redirect_error(kAwait, ec));
    if (ec == http::error::body_limit) co_return over_cap();
    if (ec) co_return Failed(url, "reading the response body", ec);
  }
  HttpFetchResponse response;
  response.status = static_cast<int>(parser.get().result_int());
  response.url = url.ToString();
  for (const auto& field : parser.get()) {
    response.headers.emplace_back(std::string(field.name_string()),
                                  std::string(field.value()));
  }
  response.body = std::move(parser.get().body());
  co_return response;
}

// One request to one URL, no redirects. Refused when the host resolves to
// an internal address and `internal_allowed` is false; *reached_internal
// says whether it did.
asio::awaitable<StatusOr<HttpFetchResponse>> FetchOnce(
    const Url& url, const HttpFetchRequest& request,
    const HttpFetchOptions& options, bool internal_allowed,
    bool* reached_internal) {
  auto executor = co_await asio::this_coro::executor;
  error_code ec;
  // The resolver has no timeout of its own: a timer cancels it. Its handler
  // may run after this frame is gone, so it shares the resolver.
  auto resolver = std::make_shared<tcp::resolver>(executor);
  asio::steady_timer resolve_timer(executor, options.connect_timeout);
  resolve_timer.async_wait([resolver](const error_code& timer_ec) {
    if (!timer_ec) resolver->cancel();
  });
  const tcp::resolver::results_type endpoints = co_await resolver->async_resolve(
      url.host, std::to_string(url.port), asio::redirect_error(kAwait, ec));
  resolve_timer.cancel();
  if (ec) co_return Failed(url, "resolving " + url.host, ec);
  *reached_internal = false;
  for (const auto& entry : endpoints) {
    if (IsInternalAddress(entry.endpoint().address())) *reached_internal = true;
  }
  if (*reached_internal && !internal_allowed) {
    co_return Status::Unavailable(
        url.ToString() + ": redirect refused: " + url.host +
        " resolves to an internal address, and the fetch began at a "
        "public one");
  }

  if (url.scheme == "http") {
    beast::tcp_stream stream(executor);
    stream.expires_after(options.connect_timeout);
    co_await stream.async_connect(endpoints, asio::redirect_error(kAwait, ec));
    if (ec) co_return Failed(url, "connecting", ec);
    co_return co_await Exchange(stream, url, request, options);
  }

  ssl::context context(ssl::context::tls_client);
  context.set_options(ssl::context::default_workarounds |
                      ssl::context::no_sslv2 | ssl::context::no_sslv3);
  context.set_default_verify_paths(ec);
  if (ec) co_return Failed(url, "loading the system's certificates", ec);
  if (!options.extra_ca_pem.empty()) {
    context.add_certificate_authority(asio::buffer(options.extra_ca_pem), ec);
    if (ec) co_return Failed(url, "loading extra_ca_pem", ec);
  }
  context.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(executor, context);
  stream.set_verify_callback(ssl::host_name_verification(url.host));
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    co_return Status::Unavailable(url.ToString() + ": cannot set SNI");
  }
  beast::get_lowest_layer(stream).expires_after(options.connect_timeout);
  co_await beast::get_lowest_layer(stream).async_connect(
      endpoints, asio::redirect_error(kAwait, ec));
  if (ec) co_return Failed(url, "connecting", ec);
  co_await stream.async_handshake(ssl::stream_base::client,
                                  asio::redirect_error(kAwait, ec));
  if (ec) co_return Failed(url, "TLS handshake", ec);
  co_return co_await Exchange(stream, url, request, options);
}

bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

}  // namespace

std::string HttpFetchResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() &&
        strncasecmp(key.data(), name.data(), name.size()) == 0) {
      return value;
    }
  }
  return "";
}

std::string HttpUserAgent() { return "newsdedup/" NEWSDEDUP_VERSION; }

asio::awaitable<StatusOr<HttpFetchResponse>> HttpFetch(
    HttpFetchRequest request, HttpFetchOptions options) {
  StatusOr<Url> url = ParseUrl(request.url);
  if (!url.ok()) co_return url.status();
  // The URL asked for may be anywhere its owner chose; where it redirects
  // to may be internal only if it was itself.
  bool began_internal = true;
  for (int redirects = 0;; ++redirects) {
    bool reached_internal = false;
    StatusOr<HttpFetchResponse> response = co_await FetchOnce(
        *url, request, options, began_internal, &reached_internal);
    if (redirects == 0) began_internal = reached_internal;
    if (!response.ok() || !IsRedirect(response->status)) co_return response;
    const std::string location = response->Header("Location");
    if (location.empty()) co_return response;  // nothing to follow
    if (redirects >= options.max_redirects) {
      co_return Status::Unavailable(
          request.url + ": more than " + std::to_string(options.max_redirects) +
          " redirects (the last to " + location + ")");
    }
    StatusOr<Url> next = ResolveUrl(*url, location);
    if (!next.ok()) {
      co_return Status::Unavailable(url->ToString() + ": redirect refused: " +
                                    next.status().message());
    }
    const int status = response->status;
    if (status == 303 || ((status == 301 || status == 302) &&
                          request.method != "GET" && request.method != "HEAD")) {
      request.method = "GET";
      request.body.clear();
    }
    if (next->host != url->host || next->port != url->port ||
        next->scheme != url->scheme) {
      std::erase_if(request.headers, [](const auto& header) {
        return strcasecmp(header.first.c_str(), "Authorization") == 0;
      });
    }
    url = std::move(next);
  }
}

}  // namespace newsdedup
