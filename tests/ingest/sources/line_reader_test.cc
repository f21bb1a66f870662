#include "ingest/sources/line_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include "tests/ingest/sources/piecewise_line_reader.h"
#include "tests/test_util.h"

namespace newsdedup {
namespace {

std::vector<std::string> ReadAll(LineReader& reader, int* oversized = nullptr) {
  std::vector<std::string> lines;
  std::string line;
  for (;;) {
    LineReader::Result r = reader.Next(&line);
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

std::vector<std::string> ReadAll(const std::string& path, size_t cap,
                                 int* oversized = nullptr) {
  StatusOr<std::unique_ptr<LineReader>> reader = LineReader::Open(path, cap);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  return ReadAll(**reader, oversized);
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

TEST(LineReaderTest, SkipsAnOversizedLineReadWholeInOneRead) {
  test::TempDir dir;
  test::WriteFile(dir.path() + "/a.jsonl",
                  "short\n" + std::string(2000, 'x') + "\nafter\n");
  EXPECT_EQ(ReadAll(dir.path() + "/a.jsonl", 1000),
            (std::vector<std::string>{"short", "<oversized>", "after"}));
}

TEST(LineReaderTest, CapHoldsWhateverTheReadBoundaries) {
  // Lines at the cap of 8 are returned and lines over it skipped, with
  // either line ending and at the end of the input, for every read size
  // (so with every line and "\r\n" split across reads).
  const std::string text =
      "1234567\n12345678\n123456789\n12345678\r\n123456789\r\n"
      "\r\n1234567890123456789\nend\n123456789";
  const std::vector<std::string> expected = {
      "1234567", "12345678",    "<oversized>", "12345678", "<oversized>",
      "",        "<oversized>", "end",         "<oversized>"};
  for (size_t read_size = 1; read_size <= text.size(); ++read_size) {
    PiecewiseLineReader reader(text, 8, read_size);
    EXPECT_EQ(ReadAll(reader), expected) << "read size " << read_size;
    EXPECT_EQ(reader.line_number(), expected.size());
  }
  PiecewiseLineReader at_cap("12345678", 8, 3);
  EXPECT_EQ(ReadAll(at_cap), std::vector<std::string>{"12345678"});
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
