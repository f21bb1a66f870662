// Helpers shared by the tests: scratch directories, files, running the
// newsdedup binary, and the data the data-driven tests read.
#pragma once

#include <string>
#include <vector>

#include "dedup/article.h"

namespace newsdedup::test {

// A fresh directory, removed with everything in it when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& contents);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the built `newsdedup` binary with `args` (shell-quoted by the caller)
// and captures its output.
CommandResult RunNewsdedup(const std::string& args);

// The seed documents (tests/fixtures/seeds), in file-name order, with ids
// taken from the file names.
std::vector<Article> SeedArticles();

// The usage example in a header's opening comment (the indented lines
// after "// Usage:" or "// Example:"), and the code in a test file between
// the lines "// Usage of HEADER:" and "// End of usage.", each without its
// comment marks or common indentation, so that a test can hold the two
// equal: the test compiles the code, so the header's example compiles.
// Paths are from the repository root.
std::string HeaderUsage(const std::string& header);
std::string UsageInTest(const std::string& test_file,
                        const std::string& header);

// Path of a development data file under NEWSDEDUP_DATA_DIR. Fails the
// current test with a message naming the directory when it is absent.
std::string DataFile(const std::string& relative);

}  // namespace newsdedup::test
