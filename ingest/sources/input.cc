#include "ingest/sources/input.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "ingest/sources/byte_reader.h"
#include "ingest/sources/document_source.h"
#include "ingest/sources/json_lines_source.h"
#include "ingest/sources/warc_source.h"

namespace newsdedup {
namespace {

namespace fs = std::filesystem;

constexpr size_t kSniffBytes = 64 << 10;

StatusOr<Format> SniffInput(const std::string& path) {
  StatusOr<std::unique_ptr<ByteReader>> reader = ByteReader::Open(path);
  if (!reader.ok()) return reader.status();
  std::string head(kSniffBytes, '\0');
  size_t filled = 0;
  while (filled < head.size()) {
    const long n = (*reader)->Read(head.data() + filled, head.size() - filled);
    if (n < 0) return (*reader)->status().WithContext(path);
    if (n == 0) break;
    filled += size_t(n);
  }
  head.resize(filled);
  std::optional<Format> format = SniffFormat(head, path);
  if (!format) {
    return Status::InvalidArgument(
        path + ": cannot tell its format (not JSON Lines, a feed, an HTML "
               "page, ninjs, NewsML-G2, NITF or WARC); name it with "
               "--format");
  }
  return *format;
}

}  // namespace

StatusOr<std::unique_ptr<StreamSource>> OpenInput(
    const std::string& path, std::optional<Format> format,
    const IngestLimits& limits) {
  if (!format) {
    if (path == "-") {
      format = Format::kJsonLines;
    } else {
      StatusOr<Format> sniffed = SniffInput(path);
      if (!sniffed.ok()) return sniffed.status();
      format = *sniffed;
    }
  }
  if (*format == Format::kJsonLines) {
    StatusOr<std::unique_ptr<JsonLinesSource>> source =
        JsonLinesSource::Open(path, limits);
    if (!source.ok()) return source.status();
    return std::unique_ptr<StreamSource>(std::move(*source));
  }
  if (*format == Format::kWarc) {
    StatusOr<std::unique_ptr<WarcSource>> source =
        WarcSource::Open(path, limits);
    if (!source.ok()) return source.status();
    return std::unique_ptr<StreamSource>(std::move(*source));
  }
  StatusOr<std::string> bytes = ReadWhole(path, limits.max_document_bytes);
  if (!bytes.ok()) return bytes.status().WithContext(path);
  DocumentOptions options;
  options.limits = limits;
  options.origin = path;
  StatusOr<DocumentItems> items = ParseDocument(*format, *bytes, options);
  if (!items.ok()) return items.status().WithContext(path);
  return std::unique_ptr<StreamSource>(
      std::make_unique<DocumentSource>(path, std::move(*items)));
}

StatusOr<std::vector<std::string>> ExpandInputs(
    const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code error;
    if (input == "-" || !fs::is_directory(input, error)) {
      files.push_back(input);  // opening it will say what is wrong
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(input, error), end;
    if (error) {
      return Status::IOError("cannot list " + input + ": " + error.message());
    }
    for (; it != end; it.increment(error)) {
      if (error) {
        return Status::IOError("cannot list " + input + ": " +
                               error.message());
      }
      const std::string name = it->path().filename().string();
      if (!name.empty() && name.front() == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_symlink()) continue;  // never leave the folder given
      if (it->is_regular_file()) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

}  // namespace newsdedup
