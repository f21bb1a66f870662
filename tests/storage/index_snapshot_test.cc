#include "storage/index_snapshot.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

SnapshotCut Cut(uint64_t n) { return SnapshotCut{n, 3 * n + 1, 0xABCDu + n}; }

// Writes `body` as the snapshot's state.
Status WriteBody(const std::string& path, const SnapshotCut& cut,
                 const std::string& body) {
  return WriteIndexSnapshot(path, cut, [&](StateWriter& out) {
    out.Write(body.data(), body.size());
  });
}

// Reads the snapshot back: its cut and state, or the error.
StatusOr<std::pair<SnapshotCut, std::string>> ReadBack(
    const std::string& path) {
  std::pair<SnapshotCut, std::string> got;
  Status s = ReadIndexSnapshot(
      path, [&](const SnapshotCut& cut, StateReader& in) -> Status {
        got.first = cut;
        got.second.resize(in.Remaining());
        return in.Read(got.second.data(), got.second.size());
      });
  if (!s.ok()) return s;
  return got;
}

std::string Body(size_t size) {
  std::string body(size, '\0');
  for (size_t i = 0; i < size; ++i) body[i] = static_cast<char>(i * 31 + 7);
  return body;
}

TEST(IndexSnapshotTest, RoundTripsCutAndState) {
  test::TempDir dir;
  const std::string path = IndexSnapshotPath(dir.path());
  // Bigger than the writer's buffer, so both of its paths are taken.
  const std::string body = Body(3 << 20);
  ASSERT_TRUE(WriteBody(path, Cut(42), body).ok());
  StatusOr<std::pair<SnapshotCut, std::string>> got = ReadBack(path);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->first.next_ordinal, 42u);
  EXPECT_EQ(got->first.next_sequence, 127u);
  EXPECT_EQ(got->first.last_record_hash, 0xABCDu + 42);
  EXPECT_TRUE(got->second == body);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(IndexSnapshotTest, MissingIsNotFound) {
  test::TempDir dir;
  EXPECT_EQ(ReadBack(IndexSnapshotPath(dir.path())).status().code(),
            Status::Code::kNotFound);
}

TEST(IndexSnapshotTest, TornOrDamagedSnapshotIsCorruption) {
  test::TempDir dir;
  const std::string path = IndexSnapshotPath(dir.path());
  ASSERT_TRUE(WriteBody(path, Cut(7), Body(5000)).ok());
  const std::string good = test::ReadFile(path);
  // Torn: every length short of the whole.
  for (size_t size = 0; size < good.size(); size += 1 + good.size() / 61) {
    test::WriteFile(path, good.substr(0, size));
    EXPECT_EQ(ReadBack(path).status().code(), Status::Code::kCorruption)
        << size;
  }
  // One bit flipped anywhere: header, state or trailer.
  for (size_t at = 0; at < good.size(); at += 1 + good.size() / 53) {
    std::string bad = good;
    bad[at] ^= 0x10;
    test::WriteFile(path, bad);
    EXPECT_EQ(ReadBack(path).status().code(), Status::Code::kCorruption)
        << at;
  }
  test::WriteFile(path, good);
  EXPECT_TRUE(ReadBack(path).ok());
}

// A writer killed halfway (kill -9, a power cut before the rename) leaves
// the snapshot before it whole: the new one is written beside it.
TEST(IndexSnapshotTest, WriterKilledHalfwayLeavesTheOldSnapshot) {
  test::TempDir dir;
  const std::string path = IndexSnapshotPath(dir.path());
  const std::string old_body = Body(10000);
  ASSERT_TRUE(WriteBody(path, Cut(1), old_body).ok());
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    (void)WriteIndexSnapshot(path, Cut(2), [](StateWriter& out) {
      const std::string half = Body(4 << 20);
      out.Write(half.data(), half.size());
      _exit(0);  // dies with the new snapshot half written
    });
    _exit(1);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_TRUE(std::filesystem::exists(path + ".tmp"));
  StatusOr<std::pair<SnapshotCut, std::string>> got = ReadBack(path);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->first.next_ordinal, 1u);
  EXPECT_TRUE(got->second == old_body);
  // The next write replaces the leftover.
  ASSERT_TRUE(WriteBody(path, Cut(3), "new").ok());
  EXPECT_EQ(ReadBack(path)->first.next_ordinal, 3u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(IndexSnapshotTest, ReaderErrorIsPassedOn) {
  test::TempDir dir;
  const std::string path = IndexSnapshotPath(dir.path());
  ASSERT_TRUE(WriteBody(path, Cut(1), "state").ok());
  const Status s = ReadIndexSnapshot(path, [](const SnapshotCut&,
                                              StateReader&) {
    return Status::InvalidArgument("stale");
  });
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
}

// A reader that stops short has not seen what the checksum vouches for.
TEST(IndexSnapshotTest, ReaderThatStopsShortIsAnError) {
  test::TempDir dir;
  const std::string path = IndexSnapshotPath(dir.path());
  ASSERT_TRUE(WriteBody(path, Cut(1), "state").ok());
  const Status s = ReadIndexSnapshot(path, [](const SnapshotCut&,
                                              StateReader& in) {
    char first[2];
    return in.Read(first, sizeof first);
  });
  EXPECT_EQ(s.code(), Status::Code::kInternal) << s.ToString();
}

TEST(IndexSnapshotTest, RemoveTakesTheSnapshotAndAnyLeftover) {
  test::TempDir dir;
  const std::string path = IndexSnapshotPath(dir.path());
  EXPECT_TRUE(RemoveIndexSnapshot(path).ok());  // none: fine
  ASSERT_TRUE(WriteBody(path, Cut(1), "state").ok());
  test::WriteFile(path + ".tmp", "half");
  ASSERT_TRUE(RemoveIndexSnapshot(path).ok());
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

}  // namespace
}  // namespace newsdedup
