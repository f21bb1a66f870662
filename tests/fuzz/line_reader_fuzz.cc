// Fuzzes LineReader. Byte 0 picks the input: 0 bytes in memory served in
// reads of byte 2's size (1-256; but at most about 16 reads, as each costs
// the reader a 64 KiB buffer extension), 1 a plain file, 2 a .gz file, 3 a
// .zst file (compressed or not, valid or not: what a user may hand over).
// Byte 1 is the line cap. The rest is the input.
//
// Every line returned is within the cap and holds no "\n", and line numbers
// count every line. Plain input must split exactly as a plain reading of the
// rules says, whatever the read sizes (unless it starts with a compression
// magic, which makes it compressed input).
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/sources/line_reader.h"
#include "tests/ingest/sources/piecewise_line_reader.h"

namespace {

using newsdedup::LineReader;
using Lines = std::vector<std::optional<std::string>>;  // nullopt: oversized

// Lines end at "\n" or the end of the input; a "\r" before the "\n" is not
// part of the line; a line longer than the cap is reported, not returned.
Lines Expected(std::string_view data, size_t cap) {
  Lines lines;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    const size_t next = end + 1;
    if (end > pos && data[end - 1] == '\r') --end;
    if (end - pos > cap) {
      lines.emplace_back(std::nullopt);
    } else {
      lines.emplace_back(std::string(data.substr(pos, end - pos)));
    }
    pos = next;
  }
  return lines;
}

// A few hundred bytes of zstd can hold millions of empty lines: more than
// kMaxLines tells nothing new and would slow the fuzzer to a crawl.
constexpr size_t kMaxLines = 8192;

Lines ReadAll(LineReader& reader, size_t cap) {
  Lines lines;
  std::string line;
  while (lines.size() < kMaxLines) {
    const LineReader::Result r = reader.Next(&line);
    if (r == LineReader::Result::kEnd || r == LineReader::Result::kError) {
      break;
    }
    if (r == LineReader::Result::kLine) {
      if (line.size() > cap || line.find('\n') != std::string::npos) {
        std::abort();
      }
      lines.emplace_back(line);
    } else {
      lines.emplace_back(std::nullopt);
    }
    if (reader.line_number() != lines.size()) std::abort();
  }
  return lines;
}

// A scratch directory for the files, removed at exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "line-reader-fuzz-XXXXXX")
            .string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  static const ScratchDir dir;
  const int mode = data[0] % 4;
  const size_t cap = data[1];
  const std::string input(reinterpret_cast<const char*>(data) + 3, size - 3);
  const size_t read_size = std::max(size_t{data[2]} + 1, input.size() / 16);
  std::unique_ptr<LineReader> reader;
  if (mode == 0) {
    reader =
        std::make_unique<newsdedup::PiecewiseLineReader>(input, cap, read_size);
  } else {
    const char* kNames[] = {"", "/in.jsonl", "/in.jsonl.gz", "/in.jsonl.zst"};
    const std::string path = dir.path() + kNames[mode];
    std::ofstream(path, std::ios::binary | std::ios::trunc) << input;
    auto opened = LineReader::Open(path, cap);
    if (!opened.ok()) std::abort();  // the file is there
    reader = std::move(*opened);
  }
  const Lines lines = ReadAll(*reader, cap);
  // A file that starts with gzip's or zstd's magic is decompressed
  // whatever its name (ingest/sources/byte_reader.h).
  const bool looks_compressed = input.rfind("\x1f\x8b", 0) == 0 ||
                                input.rfind("\x28\xb5\x2f\xfd", 0) == 0;
  if (mode == 0 || (mode == 1 && !looks_compressed)) {
    Lines expected = Expected(input, cap);
    if (expected.size() > kMaxLines) expected.resize(kMaxLines);
    if (lines != expected) std::abort();
  }
  return 0;
}
