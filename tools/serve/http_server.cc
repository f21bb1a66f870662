#include "tools/serve/http_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string_view>

#include "ingest/formats/article_json.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

Response Reply(const Request& req, http::status status, std::string body,
               const char* type = "application/json") {
  Response res{status, req.version()};
  res.set(http::field::server, "newsdedup");
  res.set(http::field::content_type, type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  if (!res.body().empty() && res.body().back() != '\n') res.body() += "\n";
  res.prepare_payload();
  return res;
}

Response Error(const Request& req, http::status status,
               const std::string& what) {
  return Reply(req, status, "{\"error\":" + JsonString(what) + "}");
}

std::string PercentDecode(std::string_view in) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(in[i + 1]) &&
        std::isxdigit(in[i + 2])) {
      out.push_back(static_cast<char>(
          std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(in[i] == '+' ? ' ' : in[i]);
    }
  }
  return out;
}

// The value of `key` in a query string, or empty.
std::string QueryParam(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    const size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key && eq != std::string_view::npos) {
      return PercentDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return "";
}

std::vector<std::string_view> NonBlankLines(std::string_view body) {
  std::vector<std::string_view> lines;
  while (!body.empty()) {
    const size_t nl = body.find('\n');
    std::string_view line = body.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) {
      lines.push_back(line);
    }
    if (nl == std::string_view::npos) break;
    body.remove_prefix(nl + 1);
  }
  return lines;
}

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

class Handler {
 public:
  Handler(Pipeline& pipeline, const ServeConfig& config)
      : pipeline_(pipeline), config_(config) {}

  asio::awaitable<Response> Handle(const Request& req) {
    const std::string_view target(req.target().data(), req.target().size());
    const size_t q = target.find('?');
    const std::string_view path = target.substr(0, q);
    if (path == "/healthz" && req.method() == http::verb::get) {
      co_return Reply(req, http::status::ok,
                      pipeline_.draining() ? "{\"status\":\"draining\"}"
                                           : "{\"status\":\"ok\"}");
    }
    if (!Authorized(req)) {
      Response res = Error(req, http::status::unauthorized,
                           "missing or wrong bearer token");
      res.set(http::field::www_authenticate, "Bearer");
      co_return res;
    }
    if (path == "/metrics" && req.method() == http::verb::get) {
      const Counters& c = pipeline_.store().counters();
      co_return Reply(req, http::status::ok,
                      pipeline_.metrics().Render(c.next_ordinal, c.clusters,
                                                 c.next_sequence - 1,
                                                 pipeline_.store().DiskBytes()),
                      "text/plain; version=0.0.4");
    }
    if (path == "/v1/articles") {
      if (req.method() != http::verb::post) co_return NotAllowed(req, "POST");
      co_return co_await PostArticles(req);
    }
    if (path == "/v1/match") {
      if (req.method() != http::verb::post) co_return NotAllowed(req, "POST");
      co_return co_await PostMatch(req);
    }
    constexpr std::string_view kArticle = "/v1/articles/";
    constexpr std::string_view kCluster = "/v1/clusters/";
    if (path.substr(0, kArticle.size()) == kArticle) {
      if (req.method() != http::verb::get) co_return NotAllowed(req, "GET");
      co_return GetArticle(req, PercentDecode(path.substr(kArticle.size())));
    }
    if (path.substr(0, kCluster.size()) == kCluster) {
      if (req.method() != http::verb::get) co_return NotAllowed(req, "GET");
      co_return GetCluster(req, PercentDecode(path.substr(kCluster.size())));
    }
    co_return Error(req, http::status::not_found,
                    "no such endpoint: " + std::string(path));
  }

  bool Authorized(const Request& req) const {
    if (config_.token.empty()) return true;
    auto it = req.find(http::field::authorization);
    return it != req.end() && it->value() == "Bearer " + config_.token;
  }

 private:
  Response NotAllowed(const Request& req, const char* allowed) {
    Response res = Error(req, http::status::method_not_allowed,
                         std::string("use ") + allowed);
    res.set(http::field::allow, allowed);
    return res;
  }

  Response Overloaded(const Request& req, size_t articles) {
    pipeline_.metrics().overloaded.fetch_add(articles);
    Response res = Error(req, http::status::service_unavailable,
                         pipeline_.draining()
                             ? "shutting down; retry against another instance"
                             : "queues are full; retry later");
    res.set(http::field::retry_after, "1");
    return res;
  }

  asio::awaitable<Response> PostArticles(const Request& req) {
    const auto start = std::chrono::steady_clock::now();
    const std::vector<std::string_view> lines = NonBlankLines(req.body());
    if (lines.empty()) {
      co_return Error(req, http::status::bad_request, "empty request body");
    }
    if (lines.size() > config_.max_batch_articles) {
      co_return Error(req, http::status::payload_too_large,
                      std::to_string(lines.size()) +
                          " articles in one request, over the cap of " +
                          std::to_string(config_.max_batch_articles));
    }
    Metrics& m = pipeline_.metrics();
    m.articles_received.fetch_add(lines.size());
    std::vector<Status> errors(lines.size());
    std::vector<Article> articles;
    std::vector<size_t> line_of;
    for (size_t i = 0; i < lines.size(); ++i) {
      StatusOr<Article> a = ParseArticleJson(lines[i], config_.limits);
      if (!a.ok()) {
        errors[i] = a.status();
        m.articles_rejected.fetch_add(1);
        continue;
      }
      articles.push_back(std::move(*a));
      line_of.push_back(i);
    }
    const bool single = lines.size() == 1;
    if (single && !errors[0].ok()) {
      co_return Error(req, http::status::bad_request, errors[0].message());
    }
    std::vector<StatusOr<Outcome>> outcomes;
    if (!articles.empty()) {
      Pipeline::Admission admission = pipeline_.TryAdmit(articles.size());
      if (!admission) co_return Overloaded(req, articles.size());
      outcomes = co_await pipeline_.Ingest(std::move(articles));
    }
    const double ack_ms = MsSince(start);
    for (size_t k = 0; k < outcomes.size(); ++k) m.ack_latency.Record(ack_ms);

    if (single) {
      const StatusOr<Outcome>& o = outcomes[0];
      if (!o.ok()) {
        co_return Error(req, http::status::internal_server_error,
                        o.status().ToString());
      }
      if (o->already_known) {
        co_return Reply(
            req, http::status::conflict,
            "{\"error\":" +
                JsonString("id " + JsonString(o->decision.article_id()) +
                           " is already stored") +
                ",\"decision\":" + DecisionJson(o->decision, true) + "}");
      }
      co_return Reply(req, http::status::ok, DecisionJson(o->decision));
    }
    std::vector<std::string> out(lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      if (!errors[i].ok()) {
        out[i] = "{\"line\":" + std::to_string(i + 1) +
                 ",\"error\":" + JsonString(errors[i].message()) + "}";
      }
    }
    for (size_t k = 0; k < outcomes.size(); ++k) {
      const size_t i = line_of[k];
      const StatusOr<Outcome>& o = outcomes[k];
      out[i] = o.ok() ? DecisionJson(o->decision, o->already_known)
                      : "{\"line\":" + std::to_string(i + 1) +
                            ",\"error\":" + JsonString(o.status().ToString()) +
                            "}";
    }
    std::string body;
    for (const std::string& line : out) body += line + "\n";
    co_return Reply(req, http::status::ok, std::move(body),
                    "application/x-ndjson");
  }

  asio::awaitable<Response> PostMatch(const Request& req) {
    StatusOr<Article> a = ParseArticleJson(req.body(), config_.limits);
    if (!a.ok()) {
      co_return Error(req, http::status::bad_request, a.status().message());
    }
    Pipeline::Admission admission = pipeline_.TryAdmit(1);
    if (!admission) co_return Overloaded(req, 1);
    StatusOr<pb::Decision> d = co_await pipeline_.Match(std::move(*a));
    if (!d.ok()) {
      co_return Error(req, http::status::internal_server_error,
                      d.status().ToString());
    }
    co_return Reply(req, http::status::ok, DecisionJsonWithEvidence(*d));
  }

  Response GetArticle(const Request& req, const std::string& id) {
    StatusOr<std::optional<pb::StoredArticle>> a =
        pipeline_.engine().FindArticle(id);
    if (!a.ok()) {
      return Error(req, http::status::internal_server_error,
                   a.status().ToString());
    }
    if (!a->has_value()) {
      return Error(req, http::status::not_found,
                   "no article with id " + JsonString(id));
    }
    return Reply(req, http::status::ok, StoredArticleJson(**a));
  }

  Response GetCluster(const Request& req, const std::string& id) {
    StatusOr<std::optional<ClusterView>> view =
        pipeline_.engine().FindCluster(id);
    if (!view.ok()) {
      return Error(req, http::status::internal_server_error,
                   view.status().ToString());
    }
    if (!view->has_value()) {
      return Error(req, http::status::not_found,
                   "no cluster or article with id " + JsonString(id));
    }
    return Reply(req, http::status::ok, ClusterJson(**view));
  }

  Pipeline& pipeline_;
  const ServeConfig& config_;
};

// Streams events from `from` on as chunked JSON lines until the client goes
// away or the server drains.
asio::awaitable<void> StreamEvents(beast::tcp_stream& stream,
                                   const Request& req, Pipeline& pipeline,
                                   uint64_t from) {
  http::response<http::empty_body> res{http::status::ok, req.version()};
  res.set(http::field::server, "newsdedup");
  res.set(http::field::content_type, "application/x-ndjson");
  res.chunked(true);
  http::response_serializer<http::empty_body> serializer{res};
  boost::system::error_code ec;
  stream.expires_never();
  co_await http::async_write_header(
      stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  co_await pipeline.FollowEvents(
      from,
      [](const pb::ClusterEvent& e, std::string* batch) {
        *batch += EventJson(e) + "\n";
      },
      [&](const std::string& batch) -> asio::awaitable<bool> {
        co_await asio::async_write(
            stream, http::make_chunk(asio::buffer(batch)),
            asio::redirect_error(asio::use_awaitable, ec));
        co_return !ec;
      });
  if (!ec) {
    co_await asio::async_write(stream, http::make_chunk_last(),
                               asio::redirect_error(asio::use_awaitable, ec));
  }
}

}  // namespace

asio::awaitable<void> HttpServer::Serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  Handler handler(pipeline_, config_);
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(config_.max_request_bytes);
    parser.header_limit(16 << 10);
    stream.expires_after(std::chrono::seconds(config_.idle_timeout_seconds));
    boost::system::error_code ec;
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec == http::error::body_limit || ec == http::error::header_limit) {
      Request req;
      req.version(11);
      req.keep_alive(false);
      Response res =
          Error(req, http::status::payload_too_large,
                ec == http::error::body_limit
                    ? "request body is over the cap of " +
                          std::to_string(config_.max_request_bytes) + " bytes"
                    : "request headers are too large");
      co_await http::async_write(stream, res,
                                 asio::redirect_error(asio::use_awaitable, ec));
      break;
    }
    if (ec) {
      if (ec != http::error::end_of_stream && ec != beast::error::timeout &&
          ec != asio::error::eof && ec != asio::error::connection_reset) {
        // A malformed request: say so, then drop the connection (the byte
        // stream can no longer be trusted to line up with requests).
        Request req;
        req.version(11);
        req.keep_alive(false);
        Response res = Error(req, http::status::bad_request,
                             "malformed HTTP request: " + ec.message());
        co_await http::async_write(
            stream, res, asio::redirect_error(asio::use_awaitable, ec));
      }
      break;
    }
    Request req = parser.release();
    const std::string_view target(req.target().data(), req.target().size());
    if (target.substr(0, 10) == "/v1/events" &&
        req.method() == http::verb::get && handler.Authorized(req)) {
      const size_t q = target.find('?');
      const std::string from = q == std::string_view::npos
                                   ? ""
                                   : QueryParam(target.substr(q + 1), "from");
      uint64_t from_sequence = 1;
      if (!from.empty()) {
        if (from.find_first_not_of("0123456789") != std::string::npos ||
            from.size() > 19) {
          Response res = Error(req, http::status::bad_request,
                               "\"from\" must be a sequence number");
          co_await http::async_write(
              stream, res, asio::redirect_error(asio::use_awaitable, ec));
          continue;
        }
        from_sequence = std::stoull(from);
      }
      co_await StreamEvents(stream, req, pipeline_, from_sequence);
      break;
    }
    Response res = co_await handler.Handle(req);
    const bool keep_alive = res.keep_alive() && !pipeline_.draining();
    res.keep_alive(keep_alive);
    co_await http::async_write(stream, res,
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep_alive) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace newsdedup
