#include "tools/serve/http_routes.h"

#include <chrono>
#include <string_view>

#include "ingest/formats/article_json.h"
#include "ingest/formats/charset.h"
#include "ingest/formats/format.h"
#include "tools/json_output.h"
#include "tools/serve/miniflux.h"
#include "tools/serve/request_items.h"
#include "tools/serve/ui_routes.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace http = boost::beast::http;

using Request = HttpRequest;
using Response = HttpResponse;

Response HttpReply(const Request& req, http::status status, std::string body,
                   const char* type) {
  Response res{status, req.version()};
  res.set(http::field::server, "newsdedup");
  res.set(http::field::content_type, type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  if (!res.body().empty() && res.body().back() != '\n') res.body() += "\n";
  res.prepare_payload();
  return res;
}

Response HttpError(const Request& req, http::status status,
                   const std::string& what) {
  return HttpReply(req, status, "{\"error\":" + JsonString(what) + "}");
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

namespace {

double MsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

asio::awaitable<Response> HttpRoutes::Handle(const Request& req) {
  const std::string_view target(req.target().data(), req.target().size());
  const size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  if (path == "/healthz" && req.method() == http::verb::get) {
    co_return HttpReply(req, http::status::ok,
                    pipeline_.draining() ? "{\"status\":\"draining\"}"
                                         : "{\"status\":\"ok\"}");
  }
  // Miniflux signs its webhooks instead of sending the bearer token.
  if (path == kMinifluxWebhookPath && !config_.miniflux.secret.empty()) {
    co_return co_await HandleMinifluxWebhook(pipeline_, config_, req);
  }
  if (IsUiPath(path)) {
    co_return co_await HandleUi(pipeline_, config_, req, Authorized(req));
  }
  if (!Authorized(req)) {
    Response res = HttpError(req, http::status::unauthorized,
                         "missing or wrong bearer token");
    res.set(http::field::www_authenticate, "Bearer");
    co_return res;
  }
  if (path == "/metrics" && req.method() == http::verb::get) {
    const Counters& c = pipeline_.store().counters();
    co_return HttpReply(req, http::status::ok,
                    pipeline_.metrics().Render(c.live(), c.clusters,
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
    const std::string id = PercentDecode(path.substr(kArticle.size()));
    if (req.method() == http::verb::delete_) {
      co_return co_await DeleteArticle(req, id);
    }
    if (req.method() != http::verb::get) {
      co_return NotAllowed(req, "GET, DELETE");
    }
    co_return GetArticle(req, id);
  }
  if (path.substr(0, kCluster.size()) == kCluster) {
    if (req.method() != http::verb::get) co_return NotAllowed(req, "GET");
    co_return GetCluster(req, PercentDecode(path.substr(kCluster.size())));
  }
  co_return HttpError(req, http::status::not_found,
                  "no such endpoint: " + std::string(path));
}

bool HttpRoutes::Authorized(const Request& req) const {
  if (config_.token.empty()) return true;
  auto it = req.find(http::field::authorization);
  return it != req.end() && it->value() == "Bearer " + config_.token;
}

Response HttpRoutes::NotAllowed(const Request& req, const char* allowed) {
  Response res = HttpError(req, http::status::method_not_allowed,
                       std::string("use ") + allowed);
  res.set(http::field::allow, allowed);
  return res;
}

Response HttpRoutes::Overloaded(const Request& req, size_t articles) {
  pipeline_.metrics().overloaded.fetch_add(articles);
  Response res = HttpError(req, http::status::service_unavailable,
                       pipeline_.draining()
                           ? "shutting down; retry against another instance"
                           : "queues are full; retry later");
  res.set(http::field::retry_after, "1");
  return res;
}

asio::awaitable<Response> HttpRoutes::PostArticles(const Request& req) {
  const auto start = std::chrono::steady_clock::now();
  HttpResponse refusal;
  StatusOr<RequestItems> request = ReadRequestItemsOrAnswer(
      req, config_.limits, config_.max_batch_articles, &refusal);
  if (!request.ok()) co_return refusal;
  DocumentItems& items = request->items;
  Metrics& m = pipeline_.metrics();
  m.articles_received.fetch_add(items.size());
  std::vector<Status> errors(items.size());
  std::vector<Article> articles;
  std::vector<size_t> item_of;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].article.ok()) {
      errors[i] = items[i].article.status();
      m.articles_rejected.fetch_add(1);
      continue;
    }
    articles.push_back(std::move(*items[i].article));
    item_of.push_back(i);
  }
  // One JSON article gets one JSON answer; anything else a line per item.
  const bool single = request->json_lines && items.size() == 1;
  if (single && !errors[0].ok()) {
    co_return HttpError(req, http::status::bad_request, errors[0].message());
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
      co_return HttpError(req, http::status::internal_server_error,
                      o.status().ToString());
    }
    if (o->already_known) {
      co_return HttpReply(
          req, http::status::conflict,
          "{\"error\":" +
              JsonString("id " + JsonString(o->decision.article_id()) +
                         " is already stored") +
              ",\"decision\":" + DecisionJson(o->decision, true) + "}");
    }
    co_return HttpReply(req, http::status::ok, DecisionJson(o->decision));
  }
  std::vector<std::string> out(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (!errors[i].ok()) out[i] = ItemError(*request, i, errors[i].message());
  }
  for (size_t k = 0; k < outcomes.size(); ++k) {
    const size_t i = item_of[k];
    const StatusOr<Outcome>& o = outcomes[k];
    out[i] = o.ok() ? DecisionJson(o->decision, o->already_known)
                    : ItemError(*request, i, o.status().ToString());
  }
  std::string body;
  for (const std::string& line : out) body += line + "\n";
  co_return HttpReply(req, http::status::ok, std::move(body),
                  "application/x-ndjson");
}

asio::awaitable<Response> HttpRoutes::PostMatch(const Request& req) {
  StatusOr<Article> a = ParseArticleJson(req.body().text, config_.limits);
  if (!a.ok()) {
    co_return HttpError(req, http::status::bad_request, a.status().message());
  }
  Pipeline::Admission admission = pipeline_.TryAdmit(1);
  if (!admission) co_return Overloaded(req, 1);
  StatusOr<pb::Decision> d = co_await pipeline_.Match(std::move(*a));
  if (!d.ok()) {
    co_return HttpError(req, http::status::internal_server_error,
                    d.status().ToString());
  }
  co_return HttpReply(req, http::status::ok, DecisionJsonWithEvidence(*d));
}

Response HttpRoutes::GetArticle(const Request& req, const std::string& id) {
  StatusOr<std::optional<pb::StoredArticle>> a =
      pipeline_.engine().FindArticle(id);
  if (!a.ok()) {
    return HttpError(req, http::status::internal_server_error,
                 a.status().ToString());
  }
  if (!a->has_value()) {
    return HttpError(req, http::status::not_found,
                 "no article with id " + JsonString(id));
  }
  return HttpReply(req, http::status::ok, StoredArticleJson(**a));
}

asio::awaitable<Response> HttpRoutes::DeleteArticle(const Request& req,
                                                    const std::string& id) {
  if (pipeline_.draining()) {
    co_return HttpError(req, http::status::service_unavailable,
                        "shutting down");
  }
  // Durable when answered, as an ingest is: the deletion is committed on
  // the writer thread, in order with the decisions around it.
  StatusOr<Removal> removal = co_await pipeline_.Forget(id);
  if (removal.status().code() == Status::Code::kNotFound) {
    co_return HttpError(req, http::status::not_found,
                        "no article with id " + JsonString(id));
  }
  if (!removal.ok()) {
    co_return HttpError(req, http::status::internal_server_error,
                        removal.status().ToString());
  }
  co_return HttpReply(req, http::status::ok, RemovalJson(*removal));
}

Response HttpRoutes::GetCluster(const Request& req, const std::string& id) {
  StatusOr<std::optional<ClusterView>> view =
      pipeline_.engine().FindCluster(id);
  if (!view.ok()) {
    return HttpError(req, http::status::internal_server_error,
                 view.status().ToString());
  }
  if (!view->has_value()) {
    return HttpError(req, http::status::not_found,
                 "no cluster or article with id " + JsonString(id));
  }
  return HttpReply(req, http::status::ok, ClusterJson(**view));
}

}  // namespace newsdedup
