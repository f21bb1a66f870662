#include "tools/feeds/fetch_command.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>

#include "tools/commands.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace asio = boost::asio;

namespace {

struct FetchSummary {
  uint64_t feeds_failed = 0, not_modified = 0, items = 0, seen = 0;
  uint64_t stored = 0, copies = 0, known = 0, failed_items = 0;
};

asio::awaitable<void> FetchAll(Engine& engine, const FetchOptions& options,
                               FetchSummary& summary) {
  // The engine decides on this thread, one article at a time; each commit
  // goes through the log before Ingest returns, so what is printed is kept.
  IngestArticles ingest = [&engine](std::vector<Article> articles)
      -> asio::awaitable<std::vector<StatusOr<Outcome>>> {
    std::vector<StatusOr<Outcome>> outcomes;
    for (Article& article : articles) {
      outcomes.push_back(engine.Ingest(engine.Prepare(std::move(article))));
    }
    co_return outcomes;
  };
  for (const std::string& url : options.urls) {
    FeedSpec feed;
    feed.url = url;
    FeedPollResult r = co_await PollFeed(engine.store(), feed, ingest,
                                         options.poll);
    for (const Outcome& o : r.outcomes) {
      const std::string json =
          options.with_evidence
              ? DecisionJsonWithEvidence(o.decision, o.already_known)
              : DecisionJson(o.decision, o.already_known);
      std::fprintf(options.out, "%s\n", json.c_str());
      if (o.already_known) {
        ++summary.known;
      } else {
        ++summary.stored;
        if (o.decision.relation() != pb::NEW) ++summary.copies;
      }
    }
    std::fflush(options.out);
    for (const Status& e : r.item_errors) {
      std::fprintf(options.err, "newsdedup fetch: %s\n", e.message().c_str());
    }
    summary.failed_items += r.item_errors.size();
    summary.items += r.items;
    summary.seen += r.seen;
    if (r.not_modified) ++summary.not_modified;
    if (!r.status.ok()) {
      ++summary.feeds_failed;
      std::fprintf(options.err, "newsdedup fetch: %s\n",
                   r.status.ToString().c_str());
    }
  }
}

}  // namespace

int FetchCommand(const FetchOptions& options) {
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(options.db, DefaultEngineOptions());
  if (!engine.ok()) {
    std::fprintf(options.err, "newsdedup: %s\n",
                 engine.status().ToString().c_str());
    return 2;
  }
  FetchSummary s;
  asio::io_context io(1);
  asio::co_spawn(io, FetchAll(**engine, options, s), asio::detached);
  io.run();
  std::fprintf(options.err,
               "newsdedup fetch: %zu feeds, %llu not modified, %llu failed; "
               "%llu items, %llu seen before, %llu stored (%llu copies), "
               "%llu already known, %llu failed\n",
               options.urls.size(),
               static_cast<unsigned long long>(s.not_modified),
               static_cast<unsigned long long>(s.feeds_failed),
               static_cast<unsigned long long>(s.items),
               static_cast<unsigned long long>(s.seen),
               static_cast<unsigned long long>(s.stored),
               static_cast<unsigned long long>(s.copies),
               static_cast<unsigned long long>(s.known),
               static_cast<unsigned long long>(s.failed_items));
  return s.feeds_failed > 0 || s.failed_items > 0 ? 1 : 0;
}

}  // namespace newsdedup
