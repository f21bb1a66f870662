#include "tests/test_util.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace newsdedup::test {

TempDir::TempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "newsdedup-test-XXXXXX")
          .string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "cannot create a temporary directory";
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
}

CommandResult RunNewsdedup(const std::string& args) {
  TempDir scratch;
  const std::string out = scratch.path() + "/out";
  const std::string err = scratch.path() + "/err";
  const std::string command = std::string(NEWSDEDUP_BINARY) + " " + args +
                              " >" + out + " 2>" + err + " </dev/null";
  CommandResult result;
  const int status = std::system(command.c_str());
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  return result;
}

std::vector<Article> SeedArticles() {
  const std::filesystem::path dir =
      std::filesystem::path(NEWSDEDUP_FIXTURES_DIR) / "seeds";
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Article> articles;
  for (const auto& file : files) {
    Article a;
    a.id = file.stem().string();
    a.body = ReadFile(file.string());
    articles.push_back(std::move(a));
  }
  return articles;
}

std::string DataFile(const std::string& relative) {
  const std::filesystem::path path =
      std::filesystem::path(NEWSDEDUP_DATA_DIR) / relative;
  if (!std::filesystem::exists(path)) {
    ADD_FAILURE() << "development data not found at " << path.string()
                  << ": configure with -DNEWSDEDUP_DATA_DIR=<dir holding "
                     "seeds/ and wirecopy/>";
  }
  return path.string();
}

}  // namespace newsdedup::test
