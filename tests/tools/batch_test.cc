#include "tools/batch.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

std::string Line(const std::string& id, const std::string& body) {
  return "{\"id\":\"" + id + "\",\"body\":\"" + body + "\"}\n";
}

// With group commit a batch reports a decision only once it is durable: a
// process that dies the moment it reports the first one (without closing
// the store, as a killed one would) keeps it, and the chunk decided with it.
TEST(BatchTest, WhatIsReportedSurvivesTheProcessDying) {
  test::TempDir dir;
  const std::string input = dir.path() + "/in.jsonl";
  test::WriteFile(input, Line("a", "Tin prices rose in London on Monday.") +
                             Line("b", "Coffee output fell in Brazil.") +
                             Line("c", "Rain delayed the wheat harvest."));
  const std::string db = dir.path() + "/db";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    EngineOptions options;
    options.store.group_commit = true;
    StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(db, options);
    if (!engine.ok()) _exit(2);
    BatchOptions batch;
    batch.inputs = {input};
    batch.threads = 1;
    batch.out = nullptr;
    batch.on_decision = [](const Outcome&) { _exit(0); };
    (void)RunBatch(**engine, batch);
    _exit(3);  // never reported anything
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(db, {});
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  for (const char* id : {"a", "b", "c"}) {
    StatusOr<std::optional<pb::StoredArticle>> stored =
        (*engine)->store().GetArticle(id);
    ASSERT_TRUE(stored.ok());
    EXPECT_TRUE(stored->has_value()) << id;
  }
  EXPECT_EQ((*engine)->detector().article_count(), 3u);
}

}  // namespace
}  // namespace newsdedup
