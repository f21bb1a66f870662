#include "tools/scratch_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace newsdedup {
namespace {

namespace fs = std::filesystem;

TEST(ScratchStoreTest, MakesAFreshDirectoryAndRemovesIt) {
  std::string path;
  {
    StatusOr<ScratchStore> store = ScratchStore::For("", "test");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    path = store->path();
    EXPECT_TRUE(fs::is_directory(path));
    EXPECT_NE(fs::path(path).filename().string().find("newsdedup-test-"),
              std::string::npos);
    std::ofstream(fs::path(path) / "file") << "x";
    ScratchStore moved = std::move(*store);  // ownership moves, no removal
    EXPECT_TRUE(fs::exists(fs::path(path) / "file"));
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(ScratchStoreTest, KeepsADirectoryTheUserNamed) {
  const fs::path named = fs::temp_directory_path() / "newsdedup-named-store";
  fs::create_directories(named);
  {
    StatusOr<ScratchStore> store = ScratchStore::For(named.string(), "test");
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(store->path(), named.string());
  }
  EXPECT_TRUE(fs::is_directory(named));
  fs::remove_all(named);
}

}  // namespace
}  // namespace newsdedup
