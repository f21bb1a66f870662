#include "ingest/sources/line_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

std::vector<std::string> ReadAll(const std::string& path, size_t cap,
                                 int* oversized = nullptr) {
  StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path, cap);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string> lines;
  std::string line;
  for (;;) {
    LineReader::Result r = (*reader)->Next(&line);
    if (r == LineReader::Result::kEnd) break;
    if (r == LineReader::Result::kOversized) {
      if (oversized) ++*oversized;
      lines.push_back("<oversized>");
      continue;
    }
    EXPECT_EQ(r, LineReader::Result::kLine);
    lines.push_back(line);
  }
  return lines;
}

const std::vector<std::string> kExpected = {"first", "second", "", "last"};
const std::string kText = "first\r\nsecond\n\nlast";

TEST(LineReaderTest, ReadsPlainFilesWithAnyLineEnding) {
  test::TempDir dir;
  test::WriteFile(dir.path() + "/a.jsonl", kText);
  EXPECT_EQ(ReadAll(dir.path() + "/a.jsonl", 1 << 20), kExpected);
}

TEST(LineReaderTest, ReadsGzip) {
  test::TempDir dir;
  const std::string path = dir.path() + "/a.jsonl.gz";
  gzFile gz = gzopen(path.c_str(), "wb");
  gzwrite(gz, kText.data(), static_cast<unsigned>(kText.size()));
  gzclose(gz);
  EXPECT_EQ(ReadAll(path, 1 << 20), kExpected);
}

TEST(LineReaderTest, ReadsZstd) {
  test::TempDir dir;
  std::string compressed(ZSTD_compressBound(kText.size()), '\0');
  compressed.resize(ZSTD_compress(compressed.data(), compressed.size(),
                                  kText.data(), kText.size(), 3));
  test::WriteFile(dir.path() + "/a.jsonl.zst", compressed);
  EXPECT_EQ(ReadAll(dir.path() + "/a.jsonl.zst", 1 << 20), kExpected);
}

TEST(LineReaderTest, SkipsOversizedLinesAndCarriesOn) {
  test::TempDir dir;
  const std::string huge(300000, 'x');
  test::WriteFile(dir.path() + "/a.jsonl",
                  "short\n" + huge + "\nafter\n" + huge);
  int oversized = 0;
  EXPECT_EQ(ReadAll(dir.path() + "/a.jsonl", 1000, &oversized),
            (std::vector<std::string>{"short", "<oversized>", "after",
                                      "<oversized>"}));
  EXPECT_EQ(oversized, 2);
}

TEST(LineReaderTest, MissingFileIsAnError) {
  StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open("/nonexistent/file.jsonl", 100);
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("/nonexistent/file.jsonl"),
            std::string::npos);
}

}  // namespace
}  // namespace newsdedup
