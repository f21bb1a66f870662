#include "ingest/formats/xml_entity_guard.h"

#include <gtest/gtest.h>

#include <string>

namespace newsdedup {
namespace {

TEST(EntityGuardTest, CountsFullExpansions) {
  EntityGuard guard(10, 100);
  EXPECT_TRUE(
      guard.Declare(EntityGuard::kGeneral, "a", "0123456789", "", false).ok());
  // 4 x 10 bytes, plus one predefined and one character reference.
  EXPECT_TRUE(guard
                  .Declare(EntityGuard::kGeneral, "b", "&a;&a;&a;&a;&amp;&#38;",
                           "", false)
                  .ok());
  // a (10) + b (46) + c (2 x 46) = 148 > 100.
  Status status =
      guard.Declare(EntityGuard::kGeneral, "c", "&b;&b;", "", false);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("expand past 100 bytes"), std::string::npos);
}

TEST(EntityGuardTest, ForwardReferencesAreCheckedWhenTheDtdEnds) {
  EntityGuard guard(10, 100);
  std::string tens;
  for (int i = 0; i < 10; ++i) tens += "&later;";
  EXPECT_TRUE(
      guard.Declare(EntityGuard::kGeneral, "early", tens, "", false).ok());
  EXPECT_FALSE(guard
                   .Declare(EntityGuard::kGeneral, "later",
                            std::string(20, 'x'), "", false)
                   .ok());
  EntityGuard loop(10, 100);
  EXPECT_TRUE(loop.Declare(EntityGuard::kGeneral, "a", "&b;", "", false).ok());
  EXPECT_FALSE(loop.Declare(EntityGuard::kGeneral, "b", "&a;", "", false).ok());
  EXPECT_TRUE(EntityGuard(10, 100).Check().ok());
}

TEST(EntityGuardTest, KindsHaveTheirOwnNamesAndMarks) {
  EntityGuard guard(10, 100);
  EXPECT_TRUE(guard
                  .Declare(EntityGuard::kParameter, "p", std::string(40, 'x'),
                           "", false)
                  .ok());
  // "&p;" in a general entity is no reference to the parameter entity p.
  EXPECT_TRUE(
      guard.Declare(EntityGuard::kGeneral, "g", "&p;&p;&p;", "", false).ok());
  EXPECT_FALSE(
      guard.Declare(EntityGuard::kParameter, "q", "%p;%p;", "", false).ok());
}

TEST(EntityGuardTest, ExternalAndTooManyDeclarationsAreRefused) {
  EntityGuard guard(2, 100);
  Status external =
      guard.Declare(EntityGuard::kGeneral, "e", "", "file:///etc/passwd", true);
  EXPECT_EQ(external.message(),
            "XML declares the external entity \"e\" (file:///etc/passwd); "
            "external entities are never loaded");
  EntityGuard few(2, 100);
  EXPECT_TRUE(few.Declare(EntityGuard::kGeneral, "a", "x", "", false).ok());
  EXPECT_TRUE(few.Declare(EntityGuard::kGeneral, "b", "x", "", false).ok());
  EXPECT_EQ(few.Declare(EntityGuard::kGeneral, "c", "x", "", false).message(),
            "XML declares more than 2 entities");
}

}  // namespace
}  // namespace newsdedup
