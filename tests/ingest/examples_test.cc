// The usage examples in ingest's headers, compiled here and held equal to
// the headers' text; those that can run on their own run against a
// scratch store.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdio>

#include "ingest/engine.h"
#include "ingest/event_hub.h"
#include "ingest/formats/format.h"
#include "ingest/recorder.h"
#include "ingest/sources/json_lines_source.h"
#include "ingest/sources/synthetic_source.h"
#include "ingest/stream.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

constexpr const char* kThisFile = "tests/ingest/examples_test.cc";

void ExpectSameUsage(const std::string& header) {
  EXPECT_EQ(test::UsageInTest(kThisFile, header), test::HeaderUsage(header))
      << header;
}

std::vector<std::string> reported;
void Report(const pb::Decision& decision) {
  reported.push_back(decision.article_id());
}

Status EngineExample(const std::string& dir, Article article) {
  // Usage of ingest/engine.h:
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir, {});
  if (!engine.ok()) return engine.status();
  // Fingerprinting, on any thread:
  PreparedArticle prepared = (*engine)->Prepare(std::move(article));
  // Deciding and storing, on one thread at a time:
  StatusOr<Outcome> outcome = (*engine)->Ingest(std::move(prepared));
  if (!outcome.ok()) return outcome.status();
  Report(outcome->decision);  // durable, unless group_commit is on
  // End of usage.
  return Status::Ok();
}

TEST(IngestExamplesTest, Engine) {
  ExpectSameUsage("ingest/engine.h");
  test::TempDir dir;
  ASSERT_TRUE(EngineExample(dir.path(), Article{"a1", "Some text."}).ok());
  EXPECT_EQ(reported, std::vector<std::string>{"a1"});
}

boost::asio::awaitable<void> EventHubExample(EventHub& hub, Store& store,
                                             uint64_t seen) {
  // Usage of ingest/event_hub.h:
  hub.Publish(store.counters().next_sequence - 1);  // after a commit
  co_await hub.WaitAfter(seen, std::chrono::seconds(1));  // a subscriber
  // End of usage.
}

TEST(IngestExamplesTest, EventHub) {
  ExpectSameUsage("ingest/event_hub.h");
  test::TempDir dir;
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir.path(), {});
  ASSERT_TRUE(engine.ok());
  ASSERT_TRUE((*engine)->Ingest((*engine)->Prepare({"a1", "Some text."})).ok());
  EventHub hub;
  boost::asio::io_context io;
  boost::asio::co_spawn(io, EventHubExample(hub, (*engine)->store(), 0),
                        boost::asio::detached);
  io.run();  // returns at once: there is an event after 0
  EXPECT_EQ(hub.last_sequence(), 1u);
}

std::vector<uint64_t> kept;
void Keep(Outcome, uint64_t tag) { kept.push_back(tag); }

Status RecorderExample(Engine& engine, std::vector<PreparedArticle> chunk) {
  uint64_t tag = 0;
  // Usage of ingest/recorder.h:
  Recorder recorder(engine, [&](Outcome outcome, uint64_t tag) {
    Keep(std::move(outcome), tag);  // on the recorder's thread, in order
  });
  for (PreparedArticle& prepared : chunk) {
    Status s = recorder.Decide(std::move(prepared), tag++);
    if (!s.ok()) return s;  // this decision failed, or an earlier recording
  }
  recorder.Then([&] { return engine.Persist(); });  // then report the kept
  Status done = recorder.Wait();  // everything queued is done
  // End of usage.
  return done;
}

TEST(IngestExamplesTest, Recorder) {
  ExpectSameUsage("ingest/recorder.h");
  test::TempDir dir;
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir.path(), {});
  ASSERT_TRUE(engine.ok());
  std::vector<PreparedArticle> chunk;
  chunk.push_back((*engine)->Prepare({"a1", "Some text."}));
  chunk.push_back((*engine)->Prepare({"a2", "Other text, other news."}));
  ASSERT_TRUE(RecorderExample(**engine, std::move(chunk)).ok());
  EXPECT_EQ(kept, (std::vector<uint64_t>{0, 1}));
}

Status StreamExample(Engine& engine) {
  // Usage of ingest/stream.h:
  StatusOr<std::unique_ptr<JsonLinesSource>> source =
      JsonLinesSource::Open("in.jsonl", IngestLimits{});
  if (!source.ok()) return source.status();
  struct Printer : StreamSink {
    void Durable(const StreamEntry&, Outcome outcome) override {
      std::puts(outcome.decision.article_id().c_str());
    }
  } printer;
  Status s = RunStream(engine, **source, printer, StreamOptions{});
  // End of usage.
  return s;
}

Status JsonLinesExample(Engine& engine, StreamSink& sink) {
  // Usage of ingest/sources/json_lines_source.h:
  StatusOr<std::unique_ptr<JsonLinesSource>> source =
      JsonLinesSource::Open("in.jsonl.gz", IngestLimits{});
  if (!source.ok()) return source.status();  // cannot open or decompress
  Status s = RunStream(engine, **source, sink, StreamOptions{});
  // End of usage.
  return s;
}

Status SyntheticExample(Engine& engine, StreamSink& sink) {
  // Usage of ingest/sources/synthetic_source.h:
  SyntheticSource source(SyntheticOptions{}, 100000);
  Status s = RunStream(engine, source, sink, StreamOptions{});
  // In the sink, what a planted copy copies: source.planted(entry.tag)
  // End of usage.
  return s;
}

TEST(IngestExamplesTest, StreamAndSources) {
  ExpectSameUsage("ingest/stream.h");
  ExpectSameUsage("ingest/sources/json_lines_source.h");
  ExpectSameUsage("ingest/sources/synthetic_source.h");
  // Compiled, and run where they find nothing to read: a missing input is
  // an error that names it.
  test::TempDir dir;
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(dir.path(), {});
  ASSERT_TRUE(engine.ok());
  Status s = StreamExample(**engine);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("in.jsonl"), std::string::npos);
  StreamSink sink;
  EXPECT_FALSE(JsonLinesExample(**engine, sink).ok());
  (void)&SyntheticExample;  // a hundred thousand articles: compiled only
}

Status FormatExample(std::string_view bytes, size_t* articles) {
  // Usage of ingest/formats/format.h:
  std::optional<Format> format = SniffFormat(bytes, "feed.xml");
  if (!format) return Status::InvalidArgument("unknown format");
  StatusOr<DocumentItems> items =
      ParseDocument(*format, bytes, DocumentOptions{});
  // End of usage.
  if (!items.ok()) return items.status();
  *articles = items->size();
  return Status::Ok();
}

TEST(IngestExamplesTest, Formats) {
  ExpectSameUsage("ingest/formats/format.h");
  size_t articles = 0;
  ASSERT_TRUE(FormatExample("{\"id\":\"a\",\"body\":\"Text.\"}\n"
                            "{\"id\":\"b\",\"body\":\"More.\"}\n",
                            &articles)
                  .ok());
  EXPECT_EQ(articles, 2u);
  EXPECT_FALSE(FormatExample("plain words", &articles).ok());
}

}  // namespace
}  // namespace newsdedup
