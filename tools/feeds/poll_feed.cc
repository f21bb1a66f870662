#include "tools/feeds/poll_feed.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <random>

#include "ingest/formats/format.h"
#include "tools/feeds/url.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double SystemRandom() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0, 1)(rng);
}

// The charset parameter of a Content-Type, unquoted; empty when none.
std::string CharsetOf(std::string_view content_type) {
  std::string lower(content_type);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string value = lower.substr(at + 8);
  value = value.substr(0, value.find(';'));
  value.erase(std::remove_if(value.begin(), value.end(),
                             [](char c) { return c == '"' || c == ' '; }),
              value.end());
  return value;
}

}  // namespace

std::chrono::milliseconds BackoffDelay(std::chrono::milliseconds interval,
                                       uint32_t failures,
                                       std::chrono::milliseconds max_backoff,
                                       double unit_random) {
  const auto cap = std::max(interval, max_backoff);
  auto delay = interval;
  for (uint32_t i = 1; i < failures && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  const double jitter = 0.8 + 0.2 * std::clamp(unit_random, 0.0, 0.999999);
  return std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(delay.count()) * jitter));
}

asio::awaitable<FeedPollResult> PollFeed(Store& store, FeedSpec feed,
                                         IngestArticles ingest,
                                         FeedPollOptions options) {
  if (!options.now_ms) options.now_ms = SystemNowMs;
  if (!options.random) options.random = SystemRandom;
  FeedPollResult result;
  StatusOr<FeedState> loaded = LoadFeedState(store, feed.url);
  if (!loaded.ok()) {
    result.status = loaded.status();
    co_return result;
  }
  FeedState& state = result.state;
  state = std::move(*loaded);
  const int64_t fetched_ms = options.now_ms();

  HttpFetchRequest request;
  request.url = feed.url;
  request.headers.emplace_back(
      "Accept",
      "application/rss+xml, application/atom+xml, application/rdf+xml, "
      "application/x-ndjson, application/xml;q=0.9, text/xml;q=0.9, "
      "application/json;q=0.8, text/html;q=0.5, */*;q=0.1");
  if (!state.etag.empty()) {
    request.headers.emplace_back("If-None-Match", state.etag);
  }
  if (!state.last_modified.empty()) {
    request.headers.emplace_back("If-Modified-Since", state.last_modified);
  }
  StatusOr<HttpFetchResponse> response =
      co_await HttpFetch(std::move(request), options.http);
  bool keep_validators = true;
  if (!response.ok()) {
    result.status = response.status();
  } else {
    result.http_status = response->status;
    if (response->status == 304) {
      result.not_modified = true;
    } else if (response->status != 200) {
      result.status = Status::Unavailable(
          feed.url + ": HTTP " + std::to_string(response->status) +
          (response->url != feed.url ? " from " + response->url : ""));
    }
  }
  if (result.status.ok() && !result.not_modified) {
    const std::string content_type = response->Header("Content-Type");
    std::optional<Format> format = FormatOfContentType(content_type);
    if (!format) {
      StatusOr<Url> url = ParseUrl(response->url);
      const std::string path = url.ok() ? url->target : response->url;
      format = SniffFormat(std::string_view(response->body).substr(0, 8192),
                           path.substr(0, path.find('?')));
    }
    if (!format) {
      result.status = Status::InvalidArgument(
          response->url + ": not a format newsdedup reads (Content-Type \"" +
          content_type + "\")");
    } else {
      DocumentOptions document;
      document.limits = options.limits;
      document.origin = response->url;
      document.fallback_published_ms = fetched_ms;
      document.charset = CharsetOf(content_type);
      StatusOr<DocumentItems> items =
          ParseDocument(*format, response->body, document);
      if (!items.ok()) {
        result.status = Status::InvalidArgument(
            response->url + ": " + items.status().message());
      } else {
        result.items = items->size();
        std::vector<Article> fresh;
        for (DocumentItem& item : *items) {
          if (!item.article.ok()) {
            result.item_errors.push_back(Status::InvalidArgument(
                response->url + ": " + item.where + ": " +
                item.article.status().message()));
          } else if (state.Seen(item.article->id)) {
            ++result.seen;
          } else {
            fresh.push_back(std::move(*item.article));
          }
        }
        for (size_t at = 0; at < fresh.size(); at += options.ingest_batch) {
          const size_t end = std::min(fresh.size(), at + options.ingest_batch);
          std::vector<Article> batch(
              std::make_move_iterator(fresh.begin() + at),
              std::make_move_iterator(fresh.begin() + end));
          std::vector<std::string> ids;
          for (const Article& a : batch) ids.push_back(a.id);
          std::vector<StatusOr<Outcome>> outcomes =
              co_await ingest(std::move(batch));
          for (size_t k = 0; k < ids.size(); ++k) {
            if (k < outcomes.size() && outcomes[k].ok()) {
              state.MarkSeen(ids[k]);  // durable: it may be skipped now
              result.outcomes.push_back(std::move(*outcomes[k]));
            } else {
              keep_validators = false;  // fetch it all again next time
              result.item_errors.push_back(
                  k < outcomes.size()
                      ? outcomes[k].status()
                      : Status::Internal("no outcome for " + ids[k]));
            }
          }
        }
      }
    }
  }

  state.last_fetch_ms = options.now_ms();
  if (result.status.ok()) {
    if (!result.not_modified && keep_validators) {
      state.etag = response->Header("ETag");
      state.last_modified = response->Header("Last-Modified");
    }
    state.last_outcome = result.not_modified ? "not modified" : "ok";
    state.consecutive_failures = 0;
    state.next_poll_ms = state.last_fetch_ms + feed.interval.count();
  } else {
    state.last_outcome = result.status.message();
    ++state.consecutive_failures;
    state.next_poll_ms =
        state.last_fetch_ms +
        BackoffDelay(feed.interval, state.consecutive_failures,
                     options.max_backoff, options.random())
            .count();
  }
  Status saved = SaveFeedState(store, feed.url, state);
  if (!saved.ok() && result.status.ok()) result.status = saved;
  co_return result;
}

}  // namespace newsdedup
