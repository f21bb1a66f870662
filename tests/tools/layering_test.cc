// The house rules of the tree, checked on the sources: four floors, each
// including only those below it (tools -> ingest -> storage -> dedup, with
// proto beside), RocksDB only in storage, no sockets in dedup or storage,
// and an engine that reads no format.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

namespace fs = std::filesystem;

// Every "#include" of every source file under `folder`, by file.
std::map<std::string, std::vector<std::string>> IncludesUnder(
    const std::string& folder) {
  const fs::path root = NEWSDEDUP_SOURCE_DIR;
  const std::regex include(R"(^\s*#\s*include\s*[<"]([^>"]+)[>"])");
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& entry : fs::recursive_directory_iterator(root / folder)) {
    const std::string ext = entry.path().extension().string();
    if (ext != ".h" && ext != ".cc") continue;
    const std::string file = fs::relative(entry.path(), root).string();
    std::istringstream lines(test::ReadFile(entry.path().string()));
    std::vector<std::string>& includes = out[file];
    std::smatch m;
    for (std::string line; std::getline(lines, line);) {
      if (std::regex_search(line, m, include)) includes.push_back(m[1]);
    }
  }
  return out;
}

// The project folder an include names ("ingest" for "ingest/engine.h"),
// or "" for a system or library header.
std::string FolderOf(const std::string& include) {
  static const std::set<std::string> kFolders = {"dedup", "storage", "ingest",
                                                 "tools", "proto", "tests"};
  const std::string top = include.substr(0, include.find('/'));
  return kFolders.count(top) && include.find('/') != std::string::npos ? top
                                                                       : "";
}

TEST(LayeringTest, EachFloorIncludesOnlyTheFloorsBelow) {
  const std::map<std::string, std::set<std::string>> allowed = {
      {"dedup", {"dedup"}},
      {"storage", {"storage", "dedup", "proto"}},
      {"ingest", {"ingest", "storage", "dedup", "proto"}},
      {"tools", {"tools", "ingest", "storage", "dedup", "proto"}},
  };
  size_t files = 0;
  for (const auto& [floor, may] : allowed) {
    for (const auto& [file, includes] : IncludesUnder(floor)) {
      ++files;
      for (const std::string& include : includes) {
        const std::string folder = FolderOf(include);
        if (folder.empty()) continue;
        EXPECT_TRUE(may.count(folder))
            << file << " includes " << include << ", above its floor";
      }
    }
  }
  EXPECT_GT(files, 50u);  // the scan found the sources
}

TEST(LayeringTest, OnlyStorageTouchesRocksDbAndOnlyUpperFloorsSockets) {
  for (const char* floor : {"dedup", "storage", "ingest", "tools"}) {
    for (const auto& [file, includes] : IncludesUnder(floor)) {
      for (const std::string& include : includes) {
        if (include.rfind("rocksdb/", 0) == 0) {
          EXPECT_EQ(std::string(floor), "storage")
              << file << " includes " << include;
        }
        if (include.rfind("boost/", 0) == 0) {
          EXPECT_TRUE(std::string(floor) == "ingest" ||
                      std::string(floor) == "tools")
              << file << " includes " << include;
        }
        if (include.rfind("nats/", 0) == 0) {
          // The NATS C client stays behind ingest/nats/nats_client.h.
          EXPECT_EQ(std::string(floor), "ingest")
              << file << " includes " << include;
        }
        if (include.rfind("boost/beast", 0) == 0 ||
            include.rfind("CLI/", 0) == 0) {
          // The ingest library links without Beast or the command line.
          EXPECT_EQ(std::string(floor), "tools")
              << file << " includes " << include;
        }
      }
    }
  }
}

TEST(LayeringTest, TheEngineReadsNoFormatAndNoSource) {
  for (const auto& [file, includes] : IncludesUnder("ingest")) {
    if (file.rfind("ingest/engine", 0) != 0) continue;
    for (const std::string& include : includes) {
      EXPECT_EQ(include.rfind("ingest/formats/", 0), std::string::npos)
          << file << " includes " << include;
      EXPECT_EQ(include.rfind("ingest/sources/", 0), std::string::npos)
          << file << " includes " << include;
    }
  }
}

// The C API's public header (installed as <newsdedup/c.h>) stands alone:
// a C program that includes it must need no project header and no C++.
TEST(LayeringTest, TheCApiHeaderIncludesOnlyTheCLibrary) {
  const std::set<std::string> c_headers = {"stddef.h", "stdint.h"};
  const auto all = IncludesUnder("tools/capi");
  const auto header = all.find("tools/capi/c.h");
  ASSERT_NE(header, all.end());
  for (const std::string& include : header->second) {
    EXPECT_TRUE(c_headers.count(include)) << "tools/capi/c.h includes "
                                          << include;
  }
}

}  // namespace
}  // namespace newsdedup
