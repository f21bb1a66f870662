// FrontHttp (front_servers.h): reads requests as the daemon does, answers
// them through the cluster gate.
#include <utility>  // before asio's awaitable with GCC 12

#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string_view>

#include "tools/json_output.h"
#include "tools/nats/front_servers.h"
#include "tools/serve/http_read.h"
#include "tools/serve/http_routes.h"
#include "tools/serve/request_items.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

HttpResponse Unavailable(const HttpRequest& req, const std::string& what) {
  HttpResponse res = HttpError(req, http::status::service_unavailable, what);
  res.set(http::field::retry_after, "1");
  return res;
}

HttpResponse NotAllowed(const HttpRequest& req, const char* allowed) {
  HttpResponse res = HttpError(req, http::status::method_not_allowed,
                               std::string("use ") + allowed);
  res.set(http::field::allow, allowed);
  return res;
}

bool Authorized(const HttpRequest& req, const ServeConfig& config) {
  if (config.token.empty()) return true;
  auto it = req.find(http::field::authorization);
  return it != req.end() && it->value() == "Bearer " + config.token;
}

HttpResponse Busy(const HttpRequest& req, const ClusterGate& gate) {
  return Unavailable(req, std::to_string(gate.max_in_flight()) +
                              " requests are in flight, the cap; retry later");
}

asio::awaitable<HttpResponse> PostArticles(const HttpRequest& req,
                                           ClusterGate& gate,
                                           const ServeConfig& config) {
  HttpResponse refusal;
  StatusOr<RequestItems> request = ReadRequestItemsOrAnswer(
      req, config.limits, config.max_batch_articles, &refusal);
  if (!request.ok()) co_return refusal;
  DocumentItems& items = request->items;
  // One JSON article gets one JSON answer; anything else a line per item.
  const bool single = request->json_lines && items.size() == 1;
  if (single && !items[0].article.ok()) {
    co_return HttpError(req, http::status::bad_request,
                        items[0].article.status().message());
  }
  std::vector<Article> articles;
  std::vector<size_t> item_of;
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].article.ok()) continue;
    articles.push_back(std::move(*items[i].article));
    item_of.push_back(i);
  }
  std::vector<ClusterOutcome> outcomes;
  if (!articles.empty()) {
    ClusterGate::Ticket ticket = gate.TryEnter();
    if (!ticket) co_return Busy(req, gate);
    StatusOr<std::vector<ClusterOutcome>> decided =
        co_await gate.Decide(std::move(articles));
    if (!decided.ok()) co_return Unavailable(req, decided.status().ToString());
    outcomes = std::move(*decided);
  }
  if (single) {
    const pb::DecisionMessage& m = outcomes[0].message;
    if (!m.has_decision()) {
      co_return HttpError(req, http::status::bad_request, m.error());
    }
    if (outcomes[0].known) {
      co_return HttpReply(
          req, http::status::conflict,
          "{\"error\":" +
              JsonString("id " + JsonString(m.decision().article_id()) +
                         " is already stored") +
              ",\"decision\":" + DecisionJson(m.decision(), true) + "}");
    }
    co_return HttpReply(req, http::status::ok, DecisionJson(m.decision()));
  }
  std::vector<std::string> out(items.size());
  for (size_t i = 0; i < items.size(); ++i) {
    if (!items[i].article.ok()) {
      out[i] = ItemError(*request, i, items[i].article.status().message());
    }
  }
  // (No ?: between two strings here: GCC 12 mishandles such temporaries
  // in a coroutine.)
  for (size_t k = 0; k < outcomes.size(); ++k) {
    const pb::DecisionMessage& m = outcomes[k].message;
    if (m.has_decision()) {
      out[item_of[k]] = DecisionJson(m.decision(), outcomes[k].known);
    } else {
      out[item_of[k]] = ItemError(*request, item_of[k], m.error());
    }
  }
  std::string body;
  for (const std::string& line : out) body += line + "\n";
  co_return HttpReply(req, http::status::ok, std::move(body),
                      "application/x-ndjson");
}

asio::awaitable<HttpResponse> DeleteArticle(const HttpRequest& req,
                                            ClusterGate& gate,
                                            const std::string& id) {
  if (id.empty()) {
    co_return HttpError(req, http::status::bad_request, "no article id");
  }
  ClusterGate::Ticket ticket = gate.TryEnter();
  if (!ticket) co_return Busy(req, gate);
  StatusOr<pb::DecisionMessage> done = co_await gate.Delete(id);
  if (!done.ok()) co_return Unavailable(req, done.status().ToString());
  if (done->deleted_id().empty()) {
    // The decider's only refusal of a deletion: the id is not stored.
    co_return HttpError(req, http::status::not_found,
                        "no article with id " + JsonString(id));
  }
  co_return HttpReply(req, http::status::ok,
                      "{\"deleted\":" + JsonString(id) + "}");
}

asio::awaitable<HttpResponse> Handle(const HttpRequest& req, ClusterGate& gate,
                                     const ServeConfig& config) {
  const std::string_view target(req.target().data(), req.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/healthz") {
    if (req.method() != http::verb::get) co_return NotAllowed(req, "GET");
    co_return HttpReply(req, http::status::ok, "{\"status\":\"ok\"}");
  }
  if (!Authorized(req, config)) {
    HttpResponse res = HttpError(req, http::status::unauthorized,
                                 "missing or wrong bearer token");
    res.set(http::field::www_authenticate, "Bearer");
    co_return res;
  }
  if (path == "/v1/articles") {
    if (req.method() != http::verb::post) co_return NotAllowed(req, "POST");
    co_return co_await PostArticles(req, gate, config);
  }
  constexpr std::string_view kArticle = "/v1/articles/";
  if (path.substr(0, kArticle.size()) == kArticle) {
    if (req.method() != http::verb::delete_) {
      co_return NotAllowed(req, "DELETE");
    }
    const std::string id = PercentDecode(path.substr(kArticle.size()));
    co_return co_await DeleteArticle(req, gate, id);
  }
  co_return HttpError(req, http::status::not_found,
                      "no such endpoint: " + std::string(path));
}

}  // namespace

asio::awaitable<void> FrontHttp::Serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer = RequestBuffer(config_);
  for (;;) {
    std::optional<HttpRequest> next =
        co_await ReadNextRequest(stream, buffer, config_, budget_);
    if (!next) break;
    HttpRequest req = std::move(*next);
    HttpResponse res = co_await AnswerOrInternalError(
        req, [&] { return Handle(req, gate_, config_); });
    req = HttpRequest();  // its body's share of the budget goes back now
    if (!co_await WriteResponse(stream, res, config_) || !res.keep_alive()) {
      break;
    }
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

}  // namespace newsdedup
