// Fuzzes WarcReader and the WARC and HTTP parsing under it. Byte 0 picks
// the reader: odd, ByteReader::OverMemory (which decompresses gzip or
// zstd by their magic); even, the bytes as they are in reads of
// byte 0 / 2 + 1 bytes. Byte 1 is the block cap; the rest is the input.
//
// Records are numbered 1, 2, 3, ... with rising offsets; a block held is
// exactly its Content-Length and within the cap; nothing follows an error;
// a decoded HTTP body is within its cap.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "ingest/formats/warc.h"
#include "ingest/sources/warc_reader.h"
#include "tests/ingest/sources/piecewise_line_reader.h"

using namespace newsdedup;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const bool decompress = data[0] & 1;
  const size_t read_size = size_t{data[0]} / 2 + 1;
  const size_t cap = data[1];
  const std::string input(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::unique_ptr<ByteReader> bytes;
  if (decompress) {
    bytes = ByteReader::OverMemory(input);
  } else {
    bytes = std::make_unique<PiecewiseByteReader>(input, read_size);
  }
  WarcReader reader(std::move(bytes), cap);
  WarcRecord record;
  uint64_t number = 0;
  uint64_t offset = 0;
  for (;;) {
    const WarcReader::Result result = reader.Next(&record);
    if (result == WarcReader::Result::kEnd) break;
    if (record.number != ++number) std::abort();
    if (number > 1 && record.offset <= offset) std::abort();
    if (!decompress && record.offset > input.size()) std::abort();
    offset = record.offset;
    if (result == WarcReader::Result::kError) {
      if (reader.error().ok()) std::abort();
      if (reader.Next(&record) != WarcReader::Result::kError) std::abort();
      break;
    }
    if (result == WarcReader::Result::kGarbled && reader.error().ok()) {
      std::abort();
    }
    if (result == WarcReader::Result::kOversized &&
        (!record.block.empty() || record.header.content_length <= cap)) {
      std::abort();
    }
    if (result != WarcReader::Result::kRecord) continue;
    if (record.block.size() != record.header.content_length ||
        record.block.size() > cap) {
      std::abort();
    }
    (void)ParseContentType(
        record.header.fields.Get("Content-Type").value_or(""));
    StatusOr<HttpHead> head = ParseHttpHead(record.block);
    if (!head.ok()) continue;
    if (head->body_offset > record.block.size()) std::abort();
    StatusOr<std::string> body = DecodeHttpBody(*head, record.block, cap);
    if (body.ok() && body->size() > cap) std::abort();
  }
  return 0;
}
