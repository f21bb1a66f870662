// HttpRoutes: what the daemon answers to each HTTP request, once the request
// is read (http_server.h reads and writes; this decides). No sockets here.
//
//   POST /v1/articles      one JSON article, or JSON Lines for many; answers
//                          once every article is durable (doc/api.md)
//   POST /v1/match         what one article would match, storing nothing
//   GET  /v1/articles/{id} the stored article and its decision
//   GET  /v1/clusters/{id} a cluster's members and original
//   GET  /healthz          liveness, never needs the token
//   GET  /metrics          Prometheus text format
//   POST /v1/integrations/miniflux  Miniflux's webhook, when configured
//                          (miniflux.h; signed, so no bearer token)
//   GET  /ui/...           the web view (ui_routes.h; its pages also take
//                          the token as ?token=)
// (GET /v1/events is a stream, served by the connection itself.)
//
// Paths match exactly. Bad input gets 400 with {"error": "..."} naming what
// was wrong; a duplicate id 409; too many articles in one request 413; full
// queues 503 with Retry-After; an unknown path 404. Every error body is
// valid JSON, whatever bytes the request held.
//
// Thread safety: one HttpRoutes per connection, on the network thread.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <string_view>

#include "ingest/pipeline.h"
#include "tools/serve/config.h"
#include "tools/serve/request_body.h"

namespace newsdedup {

using HttpRequest = boost::beast::http::request<RequestBody>;
using HttpResponse = boost::beast::http::response<
    boost::beast::http::string_body>;

// A response to `req` (its HTTP version and keep-alive) with `body`, which
// gets a final newline.
HttpResponse HttpReply(const HttpRequest& req,
                       boost::beast::http::status status, std::string body,
                       const char* type = "application/json");
// {"error": what}.
HttpResponse HttpError(const HttpRequest& req,
                       boost::beast::http::status status,
                       const std::string& what);

// `in` with %XX escapes decoded and '+' read as a space (a path segment
// or a query value).
std::string PercentDecode(std::string_view in);

// The percent-decoded value of `key` in a query string, or empty.
std::string QueryParam(std::string_view query, std::string_view key);

class HttpRoutes {
 public:
  // `pipeline` and `config` must outlive the routes.
  HttpRoutes(Pipeline& pipeline, const ServeConfig& config)
      : pipeline_(pipeline), config_(config) {}

  boost::asio::awaitable<HttpResponse> Handle(const HttpRequest& req);
  // True when no token is configured or the request carries it.
  bool Authorized(const HttpRequest& req) const;

 private:
  HttpResponse NotAllowed(const HttpRequest& req, const char* allowed);
  HttpResponse Overloaded(const HttpRequest& req, size_t articles);
  boost::asio::awaitable<HttpResponse> PostArticles(const HttpRequest& req);
  boost::asio::awaitable<HttpResponse> PostMatch(const HttpRequest& req);
  HttpResponse GetArticle(const HttpRequest& req, const std::string& id);
  HttpResponse GetCluster(const HttpRequest& req, const std::string& id);
  boost::asio::awaitable<HttpResponse> DeleteArticle(const HttpRequest& req,
                                                     const std::string& id);

  Pipeline& pipeline_;
  const ServeConfig& config_;
};

}  // namespace newsdedup
