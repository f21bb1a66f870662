// Every usage example in a header is compiled by a test: each folder's
// examples_test.cc holds it between "// Usage of HEADER:" and
// "// End of usage." and checks it equal to the header's text. This test
// finds a header whose example no test compiles.
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

TEST(HeaderExamplesTest, EveryHeaderExampleIsCompiledByATest) {
  const std::filesystem::path root = NEWSDEDUP_SOURCE_DIR;
  size_t examples = 0;
  for (const char* folder : {"dedup", "storage", "ingest", "tools"}) {
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(root / folder)) {
      if (entry.path().extension() != ".h") continue;
      const std::string header =
          std::filesystem::relative(entry.path(), root).string();
      if (test::HeaderUsage(header).empty()) continue;
      ++examples;
      const std::string top = header.substr(0, header.find('/'));
      const std::string test_file = "tests/" + top + "/examples_test.cc";
      EXPECT_EQ(test::UsageInTest(test_file, header), test::HeaderUsage(header))
          << header << "'s example is not in " << test_file;
    }
  }
  EXPECT_GE(examples, 10u);  // the scan found the headers
}

}  // namespace
}  // namespace newsdedup
