#include "ingest/sources/byte_reader.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

// One gzip member holding `text`.
std::string Gzip(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Zstd(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  out.resize(
      ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3));
  return out;
}

// Everything the reader gives, read `read_size` bytes at a time; the
// status when a read fails. Unless `trailing`, the whole file is consumed.
StatusOr<std::string> ReadAll(const std::string& path, size_t read_size = 7,
                              bool trailing = false) {
  StatusOr<std::unique_ptr<ByteReader>> reader = ByteReader::Open(path);
  if (!reader.ok()) return reader.status();
  std::string all, buffer(read_size, '\0');
  for (;;) {
    const long n = (*reader)->Read(buffer.data(), buffer.size());
    if (n < 0) return (*reader)->status();
    if (n == 0) break;
    all.append(buffer, 0, static_cast<size_t>(n));
  }
  if (!trailing) {
    EXPECT_EQ((*reader)->bytes_consumed(), (*reader)->total_bytes()) << path;
  }
  return all;
}

TEST(ByteReaderTest, ReadsPlainGzipAndZstdByNameOrByMagic) {
  test::TempDir dir;
  const std::string text = "some text\nand more\n";
  const std::pair<std::string, std::string> files[] = {
      {"a.txt", text},
      {"a.gz", Gzip(text)},
      {"a.zst", Zstd(text)},
      {"gz.bin", Gzip(text)},
      {"zst.bin", Zstd(text)},
      {"plain.gz", text},  // not gzip after all: read as it is
  };
  for (const auto& [name, contents] : files) {
    test::WriteFile(dir.path() + "/" + name, contents);
    StatusOr<std::string> read = ReadAll(dir.path() + "/" + name);
    ASSERT_TRUE(read.ok()) << name << ": " << read.status().ToString();
    EXPECT_EQ(*read, text) << name;
  }
}

TEST(ByteReaderTest, ReadsConcatenatedGzipMembersAndIgnoresWhatFollows) {
  test::TempDir dir;
  std::string members;
  std::string expected;
  for (int i = 0; i < 50; ++i) {
    const std::string record = "record " + std::to_string(i) + "\n";
    members += Gzip(record);
    expected += record;
  }
  test::WriteFile(dir.path() + "/a.warc.gz", members);
  for (size_t read_size : {1, 5, 100, 1 << 16}) {
    StatusOr<std::string> read = ReadAll(dir.path() + "/a.warc.gz", read_size);
    ASSERT_TRUE(read.ok()) << read.status().ToString();
    EXPECT_EQ(*read, expected) << "read size " << read_size;
  }
  test::WriteFile(dir.path() + "/b.gz", members + std::string("\0\0junk", 6));
  StatusOr<std::string> read = ReadAll(dir.path() + "/b.gz", 7, true);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, expected);
}

TEST(ByteReaderTest, HandsOutWhatPrecedesACorruptMemberBeforeTheError) {
  test::TempDir dir;
  std::string members, expected;
  for (int i = 0; i < 50; ++i) {
    const std::string record = "record " + std::to_string(i) + "\n";
    members += Gzip(record);
    expected += record;
  }
  std::string numbers;
  for (int i = 0; i < 1000; ++i) numbers += std::to_string(i * 7919 % 1009);
  const std::string bad = Gzip(numbers);
  const std::string path = dir.path() + "/a.warc.gz";
  test::WriteFile(path, members + bad.substr(0, 10) + std::string(20, '\xff') +
                            bad.substr(30));
  StatusOr<std::unique_ptr<ByteReader>> reader = ByteReader::Open(path);
  ASSERT_TRUE(reader.ok());
  std::string all, buffer(1 << 16, '\0');
  long n;
  while ((n = (*reader)->Read(buffer.data(), buffer.size())) > 0) {
    all.append(buffer, 0, static_cast<size_t>(n));
  }
  EXPECT_EQ(n, -1);
  EXPECT_FALSE((*reader)->status().ok());
  EXPECT_EQ(all, expected);
  EXPECT_EQ((*reader)->Read(buffer.data(), buffer.size()), -1);
}

TEST(ByteReaderTest, TruncatedOrCorruptCompressedInputIsAnError) {
  test::TempDir dir;
  const std::string text(5000, 'x');
  const std::string gz = Gzip(text + "a") + Gzip(text + "b");
  const std::string zst = Zstd(text);
  const std::pair<std::string, std::string> files[] = {
      {"cut.gz", gz.substr(0, gz.size() - 5)},
      {"corrupt.gz",
       gz.substr(0, 12) + std::string(20, '\xff') + gz.substr(32)},
      {"cut.zst", zst.substr(0, zst.size() - 3)},
      {"notzstd.zst", "plain text"},
  };
  for (const auto& [name, contents] : files) {
    test::WriteFile(dir.path() + "/" + name, contents);
    StatusOr<std::string> read = ReadAll(dir.path() + "/" + name);
    EXPECT_FALSE(read.ok()) << name;
  }
}

TEST(ByteReaderTest, MissingFileIsAnErrorNamingIt) {
  StatusOr<std::unique_ptr<ByteReader>> reader =
      ByteReader::Open("/nonexistent/in.warc");
  ASSERT_FALSE(reader.ok());
  EXPECT_NE(reader.status().message().find("/nonexistent/in.warc"),
            std::string::npos);
}

TEST(ByteReaderTest, ReadWholeHonoursTheCapAfterDecompression) {
  test::TempDir dir;
  const std::string path = dir.path() + "/page.html.gz";
  test::WriteFile(path, Gzip(std::string(1000, 'y')));
  StatusOr<std::string> whole = ReadWhole(path, 1000);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ(*whole, std::string(1000, 'y'));
  StatusOr<std::string> over = ReadWhole(path, 999);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), Status::Code::kResourceExhausted);
  EXPECT_NE(over.status().message().find("page.html.gz"), std::string::npos);
  test::WriteFile(dir.path() + "/empty", "");
  StatusOr<std::string> empty = ReadWhole(dir.path() + "/empty", 10);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "");
}

}  // namespace
}  // namespace newsdedup
