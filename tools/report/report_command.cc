// ReportCommand: the store opened read-only, the page written whole.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ingest/formats/rfc3339.h"
#include "tools/report/report.h"

namespace newsdedup {

std::optional<int64_t> ReportSince(const std::string& text) {
  if (std::optional<int64_t> t = ParseRfc3339(text)) return t;
  if (text.size() == 10) return ParseRfc3339(text + "T00:00:00Z");
  return std::nullopt;
}

int ReportCommand(const std::string& db, const ReportOptions& options,
                  const std::string& out_path) {
  StoreOptions store_options;
  store_options.read_only = true;
  // The scan reads past the cache; the cache serves the top clusters only.
  store_options.block_cache_bytes = 32 << 20;
  StatusOr<std::unique_ptr<Store>> store = Store::Open(db, store_options);
  if (!store.ok()) {
    std::fprintf(stderr, "%s\n", store.status().ToString().c_str());
    return 2;
  }
  StatusOr<ReportData> data = AggregateReport(**store, options);
  if (!data.ok()) {
    std::fprintf(stderr, "%s\n", data.status().ToString().c_str());
    return 2;
  }
  const std::string html = RenderReportHtml(*data);
  // Written beside the target and renamed, so a reader never sees half a
  // page and a failed run leaves the last report as it was.
  const std::string tmp = out_path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(html.data(), static_cast<std::streamsize>(html.size()));
    out.close();
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", tmp.c_str());
      std::filesystem::remove(tmp);
      return 2;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, out_path, ec);
  if (ec) {
    std::fprintf(stderr, "cannot write %s: %s\n", out_path.c_str(),
                 ec.message().c_str());
    std::filesystem::remove(tmp);
    return 2;
  }
  std::fprintf(stderr, "report: %llu articles, %llu clusters -> %s\n",
               static_cast<unsigned long long>(data->articles),
               static_cast<unsigned long long>(data->clusters),
               out_path.c_str());
  return 0;
}

}  // namespace newsdedup
