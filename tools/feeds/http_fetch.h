// HttpFetch: one HTTP exchange with a server newsdedup does not trust — a
// feed, later an aggregator's API — over http:// or https://.
//
// It follows redirects (at most max_redirects, relative Locations resolved,
// only to http(s); 303, and 301/302 after anything but GET or HEAD, turn
// into a GET without a body), caps the response body (a Content-Length over
// the cap is refused before any of the body is read; a chunked or
// unannounced body is counted as it is read), bounds connecting and every
// read and write by a timeout, and names itself "newsdedup/VERSION". https
// verifies the server's certificate against the system's trust store
// (OpenSSL's default paths, plus extra_ca_pem), sends SNI and checks the
// host name; there is no way to turn that off. Authorization headers are not carried to another
// host on a redirect, and a fetch that started at a public address is never
// redirected to an internal one (tools/feeds/address_class.h): a feed on
// the internet cannot make the daemon probe loopback or the local network.
//
// Any HTTP status is a response, not an error: the caller judges 304, 404
// or 500. Errors (StatusOr) are what kept a response from being had: a bad
// or non-http URL, name resolution, connection, TLS, a timeout, a malformed
// or oversized response, too many redirects; each message names the URL.
//
// Thread safety: HttpFetch may run concurrently on any executor; each call
// owns its own connection (no pooling: a feed is fetched every few minutes).
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dedup/status.h"

namespace newsdedup {

struct HttpFetchOptions {
  // The response body at most, bytes.
  size_t max_body_bytes = 8 << 20;
  // The response header at most, bytes.
  size_t max_header_bytes = 64 << 10;
  // Resolving and connecting (and the TLS handshake), each attempt.
  std::chrono::milliseconds connect_timeout{10'000};
  // Each write of the request and each read of the response.
  std::chrono::milliseconds io_timeout{30'000};
  // Redirects followed at most; the next one is an error.
  int max_redirects = 5;
  // PEM certificates trusted for https besides the system's (a private
  // CA's); empty: the system's alone.
  std::string extra_ca_pem;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpFetchRequest {
  std::string method = "GET";
  std::string url;
  HttpHeaders headers;  // added to Host, User-Agent and Content-Length
  std::string body;     // sent when not empty (Content-Length set)
};

struct HttpFetchResponse {
  int status = 0;
  std::string url;  // the URL that answered, after redirects
  HttpHeaders headers;
  std::string body;
  // The first header named `name` (any case), empty when there is none.
  std::string Header(std::string_view name) const;
};

// What the client calls itself: "newsdedup/VERSION".
std::string HttpUserAgent();

boost::asio::awaitable<StatusOr<HttpFetchResponse>> HttpFetch(
    HttpFetchRequest request, HttpFetchOptions options);

}  // namespace newsdedup
