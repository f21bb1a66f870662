#include "ingest/sources/frame.h"

#include <gtest/gtest.h>

namespace newsdedup {
namespace {

TEST(FrameTest, EncodesVarintLengths) {
  EXPECT_EQ(EncodeFrame("abc"), std::string("\x03"
                                            "abc"));
  EXPECT_EQ(EncodeFrame(std::string(300, 'x')).substr(0, 2),
            std::string("\xAC\x02"));
}

TEST(FrameTest, ReassemblesFramesSplitAnywhere) {
  const std::string stream = EncodeFrame("first") +
                             EncodeFrame(std::string(200, 'y')) +
                             EncodeFrame("");
  FrameReader reader(1000);
  std::vector<std::string> frames;
  std::string frame;
  for (char c : stream) {
    reader.Append(std::string(1, c));
    while (reader.Next(&frame) == FrameReader::Result::kFrame)
      frames.push_back(frame);
  }
  ASSERT_EQ(frames.size(), 3u);
  EXPECT_EQ(frames[0], "first");
  EXPECT_EQ(frames[1], std::string(200, 'y'));
  EXPECT_EQ(frames[2], "");
}

TEST(FrameTest, SkipsOversizedFramesAndCarriesOn) {
  FrameReader reader(10);
  reader.Append(EncodeFrame(std::string(50, 'z')).substr(0, 20));
  std::string frame;
  EXPECT_EQ(reader.Next(&frame), FrameReader::Result::kOversized);
  EXPECT_EQ(reader.Next(&frame), FrameReader::Result::kNeedMore);
  reader.Append(std::string(31, 'z') + EncodeFrame("ok"));
  EXPECT_EQ(reader.Next(&frame), FrameReader::Result::kFrame);
  EXPECT_EQ(frame, "ok");
}

TEST(FrameTest, RejectsALengthThatIsNotAVarint) {
  FrameReader reader(1000);
  reader.Append(std::string(11, '\xff'));
  std::string frame;
  EXPECT_EQ(reader.Next(&frame), FrameReader::Result::kBadLength);
}

}  // namespace
}  // namespace newsdedup
