#include "tools/serve/ui_routes.h"

#include <algorithm>
#include <charconv>

#include "storage/article_records.h"
#include "tools/json_output.h"
#include "tools/pair_evidence.h"
#include "tools/serve/ui_search.h"
#include "tools/serve/web_assets.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

constexpr std::string_view kUi = "/ui";
constexpr std::string_view kStatic = "/ui/static/";
constexpr size_t kMaxEvents = 500;      // per /ui/api/events answer
constexpr size_t kSearchRecent = 5000;  // events a search looks back over
constexpr size_t kSearchResults = 50;
constexpr uint64_t kMaxWaitSeconds = 25;  // a long poll of /ui/api/events

// Scripts and styles from this origin only, nothing inline and nothing
// from elsewhere; no Referer, so the token in a page's URL stays here.
void Secure(HttpResponse& res) {
  res.set("Content-Security-Policy",
          "default-src 'none'; script-src 'self'; style-src 'self'; "
          "connect-src 'self'; img-src 'self'; base-uri 'none'; "
          "form-action 'self'; frame-ancestors 'none'");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Content-Type-Options", "nosniff");
  res.set(http::field::cache_control, "no-store");
}

const char* TypeOf(std::string_view name) {
  if (name.ends_with(".html")) return "text/html; charset=utf-8";
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  return "application/octet-stream";
}

HttpResponse Asset(const HttpRequest& req, std::string_view name) {
  std::optional<std::string_view> content = WebAsset(name);
  if (!content) {
    return HttpError(req, http::status::not_found,
                     "no such file: " + std::string(name));
  }
  HttpResponse res =
      HttpReply(req, http::status::ok, std::string(*content), TypeOf(name));
  Secure(res);
  return res;
}

uint64_t NumberParam(std::string_view query, std::string_view key,
                     uint64_t fallback) {
  const std::string text = QueryParam(query, key);
  uint64_t value = 0;
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return fallback;
  }
  return value;
}

HttpResponse Failure(const HttpRequest& req, const Status& s) {
  const http::status status = s.code() == Status::Code::kNotFound
                                  ? http::status::not_found
                              : s.code() == Status::Code::kInvalidArgument
                                  ? http::status::bad_request
                                  : http::status::internal_server_error;
  return HttpError(req, status, s.message());
}

// The events after `after` (oldest first), or the latest ones when `after`
// is 0, each with its article's source and title.
asio::awaitable<HttpResponse> Events(Pipeline& pipeline, const HttpRequest& req,
                                     std::string_view query) {
  const uint64_t after = NumberParam(query, "after", 0);
  // A long poll: with ?wait=SECONDS, nothing new is answered only after
  // that long (at most kMaxWait), so a page learns of a decision at once
  // without asking every second.
  const uint64_t wait_s =
      std::min<uint64_t>(NumberParam(query, "wait", 0), kMaxWaitSeconds);
  if (after > 0 && wait_s > 0 && pipeline.events().last_sequence() <= after &&
      !pipeline.draining()) {
    co_await pipeline.events().WaitAfter(after, std::chrono::seconds(wait_s));
  }
  const Store& store = pipeline.store();
  // The hub's count, not the store's counters: those belong to the writer.
  const uint64_t last = pipeline.events().last_sequence();
  const uint64_t limit =
      std::clamp<uint64_t>(NumberParam(query, "limit", 100), 1, kMaxEvents);
  const uint64_t from =
      after > 0 ? after + 1 : (last >= limit ? last - limit + 1 : 1);
  std::string events;
  size_t count = 0;
  Status failed;
  Status s = store.ScanEvents(from, [&](const pb::ClusterEvent& e) {
    std::string json = EventJson(e);
    json.pop_back();  // the closing brace: the article's fields go inside
    StatusOr<std::optional<pb::StoredArticle>> a =
        store.GetArticle(e.article_id());
    if (!a.ok()) {
      failed = a.status();
      return false;
    }
    if (a->has_value()) {
      json += ",\"source\":" + JsonString((*a)->article().source()) +
              ",\"title\":" + JsonString((*a)->article().title());
    }
    events += (count ? "," : "") + json + "}";
    return ++count < limit;
  });
  if (!s.ok()) co_return Failure(req, s);
  if (!failed.ok()) co_return Failure(req, failed);
  co_return HttpReply(
      req, http::status::ok,
      "{\"last\":" + std::to_string(last) + ",\"events\":[" + events + "]}");
}

HttpResponse Search(Pipeline& pipeline, const HttpRequest& req,
                    std::string_view query) {
  const std::string q = QueryParam(query, "q");
  StatusOr<std::vector<pb::StoredArticle>> found =
      SearchRecent(pipeline.store(), q, pipeline.events().last_sequence(),
                   kSearchRecent, kSearchResults);
  if (!found.ok()) return Failure(req, found.status());
  std::string body = "{\"results\":[";
  for (size_t i = 0; i < found->size(); ++i) {
    const pb::StoredArticle& a = (*found)[i];
    body += (i ? "," : "") + std::string("{\"id\":") +
            JsonString(a.article().id()) +
            ",\"title\":" + JsonString(a.article().title()) +
            ",\"source\":" + JsonString(a.article().source()) +
            ",\"url\":" + JsonString(a.article().url()) +
            ",\"cluster\":" + JsonString(a.decision().cluster_id()) +
            ",\"matched\":" + JsonString(a.decision().matched_id()) +
            ",\"relation\":\"" +
            RelationName(FromProto(a.decision().relation())) + "\"}";
  }
  return HttpReply(req, http::status::ok, body + "]}");
}

asio::awaitable<HttpResponse> Pair(Pipeline& pipeline, const HttpRequest& req,
                                   std::string_view query) {
  const std::string a = QueryParam(query, "a");
  std::string b = QueryParam(query, "b");
  if (a.empty()) {
    co_return HttpError(req, http::status::bad_request, "give ?a=ID");
  }
  if (b.empty()) {
    StatusOr<std::optional<pb::StoredArticle>> stored =
        pipeline.engine().FindArticle(a);
    if (!stored.ok()) co_return Failure(req, stored.status());
    if (!stored->has_value()) {
      co_return HttpError(req, http::status::not_found,
                          "no article with id " + JsonString(a));
    }
    b = (*stored)->decision().matched_id();
    if (b.empty()) {
      co_return HttpError(req, http::status::not_found,
                          JsonString(a) + " matched no article; give ?b=ID");
    }
  }
  std::string body;
  Status s = co_await pipeline.WithEngine([&](Engine& engine) -> Status {
    StatusOr<PairEvidence> pair = ComparePair(engine, a, b);
    if (!pair.ok()) return pair.status();
    body = PairEvidenceJson(*pair, engine.options().detector.decision);
    return Status::Ok();
  });
  if (!s.ok()) co_return Failure(req, s);
  co_return HttpReply(req, http::status::ok, std::move(body));
}

HttpResponse Refused(const HttpRequest& req, bool page) {
  HttpResponse res =
      page ? HttpReply(req, http::status::unauthorized,
                       "<!DOCTYPE html><title>newsdedup</title><p>This "
                       "server needs its token: add ?token=... to the "
                       "address.</p>",
                       "text/html; charset=utf-8")
           : HttpError(req, http::status::unauthorized,
                       "missing or wrong bearer token");
  res.set(http::field::www_authenticate, "Bearer");
  Secure(res);
  return res;
}

}  // namespace

bool IsUiPath(std::string_view path) {
  return path == kUi || path.starts_with("/ui/");
}

asio::awaitable<HttpResponse> HandleUi(Pipeline& pipeline,
                                       const ServeConfig& config,
                                       const HttpRequest& req,
                                       bool authorized) {
  const std::string_view target(req.target().data(), req.target().size());
  const size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query =
      q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    HttpResponse res =
        HttpError(req, http::status::method_not_allowed, "use GET");
    res.set(http::field::allow, "GET");
    co_return res;
  }
  // Code and style, the same for everyone and holding no data.
  if (path.starts_with(kStatic)) {
    const std::string_view name = path.substr(kStatic.size());
    if (name.ends_with(".html") || name.find('/') != std::string_view::npos) {
      co_return HttpError(req, http::status::not_found, "no such file");
    }
    co_return Asset(req, name);
  }
  const bool api = path.starts_with("/ui/api/");
  if (!authorized &&
      (config.token.empty() || QueryParam(query, "token") != config.token)) {
    co_return Refused(req, !api);
  }
  if (path == "/ui" || path == "/ui/") co_return Asset(req, "live.html");
  if (path == "/ui/cluster") co_return Asset(req, "cluster.html");
  if (path == "/ui/pair") co_return Asset(req, "pair.html");
  if (path == "/ui/search") co_return Asset(req, "search.html");
  if (path == "/ui/api/events") {
    co_return co_await Events(pipeline, req, query);
  }
  if (path == "/ui/api/search") co_return Search(pipeline, req, query);
  if (path == "/ui/api/pair") co_return co_await Pair(pipeline, req, query);
  co_return HttpError(req, http::status::not_found,
                      "no such page: " + std::string(path));
}

}  // namespace newsdedup
