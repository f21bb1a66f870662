#include "ingest/sources/warc_reader.h"

#include <gtest/gtest.h>

#include "tests/ingest/sources/piecewise_line_reader.h"
#include "tests/ingest/sources/warc_writer.h"

namespace newsdedup {
namespace {

using test::WarcRecordText;

// What the reader makes of `data`, read `read_size` bytes at a time: one
// line a result, "record N TYPE URI BLOCK", "oversized N", "garbled N:
// reason", "error: message".
std::vector<std::string> ReadAll(const std::string& data, size_t read_size,
                                 size_t max_block = 1 << 20) {
  WarcReader reader(std::make_unique<PiecewiseByteReader>(data, read_size),
                    max_block);
  std::vector<std::string> out;
  WarcRecord record;
  for (;;) {
    switch (reader.Next(&record)) {
      case WarcReader::Result::kRecord:
        out.push_back("record " + std::to_string(record.number) + " " +
                      std::string(record.header.Type()) + " " +
                      std::string(record.header.TargetUri()) + " " +
                      record.block);
        break;
      case WarcReader::Result::kOversized:
        out.push_back("oversized " + std::to_string(record.number));
        break;
      case WarcReader::Result::kGarbled:
        out.push_back("garbled: " + reader.error().message());
        break;
      case WarcReader::Result::kEnd:
        return out;
      case WarcReader::Result::kError:
        out.push_back("error: " + reader.error().message());
        return out;
    }
  }
}

TEST(WarcReaderTest, ReadsRecordsWhateverTheReadBoundaries) {
  const std::string data =
      WarcRecordText("resource", "http://a.example/", "first block") +
      "\r\n" +  // one blank line too many
      "WARC/1.0\nWARC-Type: metadata\nContent-Length: 5\n\nab\ncd\n\n" +
      WarcRecordText("resource", "http://b.example/", std::string(50, 'b')) +
      WarcRecordText("response", "http://c.example/", "");
  const std::vector<std::string> expected = {
      "record 1 resource http://a.example/ first block",
      "record 2 metadata  ab\ncd",
      "oversized 3",
      "record 4 response http://c.example/ ",
  };
  for (size_t read_size = 1; read_size <= data.size(); read_size += 7) {
    EXPECT_EQ(ReadAll(data, read_size, 40), expected)
        << "read size " << read_size;
  }
}

TEST(WarcReaderTest, NamesTheRecordAndOffsetOfDamage) {
  const std::string good = WarcRecordText("resource", "http://a.example/", "x");
  EXPECT_EQ(ReadAll(good + "junk\r\n" + good, 5),
            (std::vector<std::string>{
                "record 1 resource http://a.example/ x",
                "garbled: record 2 at byte " + std::to_string(good.size()) +
                    ": no WARC/1.0 or WARC/1.1 record starts here",
                "record 3 resource http://a.example/ x"}));
  const std::string cut_header = good.substr(0, 30);
  EXPECT_EQ(ReadAll(good + cut_header, 5),
            (std::vector<std::string>{
                "record 1 resource http://a.example/ x",
                "error: record 2 at byte " + std::to_string(good.size()) +
                    ": the input ends inside the header"}));
  const std::string long_header =
      "WARC/1.1\r\nX: " + std::string(WarcReader::kMaxHeaderBytes, 'h') +
      "\r\nContent-Length: 0\r\n\r\n";
  const std::vector<std::string> read = ReadAll(long_header + good, 4096);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_NE(read[0].find("header is longer than"), std::string::npos);
  EXPECT_EQ(read[1], "record 2 resource http://a.example/ x");
}

}  // namespace
}  // namespace newsdedup
