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

namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos;
       start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// The lines joined, less the indentation they all share and trailing
// spaces.
std::string Dedented(std::vector<std::string> lines) {
  size_t indent = std::string::npos;
  for (std::string& line : lines) {
    line.erase(line.find_last_not_of(' ') + 1);
    if (!line.empty()) indent = std::min(indent, line.find_first_not_of(' '));
  }
  std::string out;
  for (const std::string& line : lines) {
    out += line.empty() ? "" : line.substr(indent);
    out += '\n';
  }
  return out;
}

std::string SourceFile(const std::string& relative) {
  return ReadFile(std::string(NEWSDEDUP_SOURCE_DIR) + "/" + relative);
}

}  // namespace

std::string HeaderUsage(const std::string& header) {
  std::vector<std::string> block;
  bool in_block = false;
  for (const std::string& line : Lines(SourceFile(header))) {
    if (!in_block) {
      in_block = line == "// Usage:" || line == "// Example:";
      continue;
    }
    if (line == "//") {
      block.emplace_back();
      continue;
    }
    if (line.rfind("//   ", 0) != 0) break;
    block.push_back(line.substr(2));
  }
  while (!block.empty() && block.back().empty()) block.pop_back();
  return Dedented(block);
}

std::string UsageInTest(const std::string& test_file,
                        const std::string& header) {
  std::vector<std::string> block;
  bool in_block = false;
  for (const std::string& line : Lines(SourceFile(test_file))) {
    const size_t text = line.find_first_not_of(' ');
    const std::string trimmed =
        text == std::string::npos ? "" : line.substr(text);
    if (trimmed == "// Usage of " + header + ":") {
      in_block = true;
    } else if (in_block && trimmed == "// End of usage.") {
      return Dedented(block);
    } else if (in_block) {
      block.push_back(line);
    }
  }
  return "";  // no such block
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
