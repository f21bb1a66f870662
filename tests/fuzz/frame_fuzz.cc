// Fuzzes the Protobuf/TCP input: FrameReader over a byte stream, and each
// frame decoded as the server decodes it (a pb::Hello, a pb::Article through
// ParseArticleProto). Byte 0 sets the frame cap (its value times 16), byte 1
// the size of the pieces the stream arrives in (1-256); the rest is the
// stream.
//
// The frames (and oversized and bad-length reports) must not depend on how
// the stream was cut into pieces, none may be over the cap, and an accepted
// article must survive a round trip through its Protobuf form, and its
// publication time one through RFC 3339.
#include <google/protobuf/stubs/logging.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/formats/article_proto.h"
#include "ingest/sources/frame.h"
#include "ingest/formats/rfc3339.h"
#include "proto/newsdedup.pb.h"
#include "storage/article_records.h"

namespace {

using newsdedup::Article;
using newsdedup::StatusOr;
using newsdedup::FormatRfc3339;
using newsdedup::FrameReader;
using newsdedup::IngestLimits;
using newsdedup::ParseArticleProto;
using newsdedup::ParseRfc3339;

// "F" and the frame, "O" for an oversized frame, "B" for a bad length.
using Events = std::vector<std::string>;

// Takes out what `reader` has; false once the stream is lost.
bool Drain(FrameReader& reader, size_t cap, Events& events) {
  std::string frame;
  for (;;) {
    switch (reader.Next(&frame)) {
      case FrameReader::Result::kFrame:
        if (frame.size() > cap) std::abort();
        events.push_back("F" + frame);
        break;
      case FrameReader::Result::kOversized:
        events.push_back("O");
        break;
      case FrameReader::Result::kNeedMore:
        return true;
      case FrameReader::Result::kBadLength:
        events.push_back("B");
        return false;
    }
  }
}

bool SameArticle(const Article& a, const Article& b) {
  return a.id == b.id && a.body == b.body && a.title == b.title &&
         a.source == b.source && a.url == b.url &&
         a.published_ms == b.published_ms;
}

void Decode(std::string_view frame) {
  newsdedup::pb::Hello hello;
  (void)hello.ParseFromArray(frame.data(), static_cast<int>(frame.size()));
  const IngestLimits limits;
  StatusOr<Article> article = ParseArticleProto(frame, limits);
  if (!article.ok()) return;
  const std::string again =
      newsdedup::ToProto(*article).SerializeAsString();
  StatusOr<Article> reparsed = ParseArticleProto(again, limits);
  if (!reparsed.ok() || !SameArticle(*article, *reparsed)) std::abort();
  // Outputs write the time as RFC 3339: it must read back.
  if (article->published_ms &&
      ParseRfc3339(FormatRfc3339(*article->published_ms)) !=
          article->published_ms) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Invalid UTF-8 in a string field is logged by Protobuf as it is
  // rejected: expected here, and it would drown the fuzzer's output.
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t cap = size_t{data[0]} * 16;
  const size_t piece = size_t{data[1]} + 1;
  const std::string_view stream(reinterpret_cast<const char*>(data) + 2,
                                size - 2);

  Events whole;
  FrameReader at_once(cap);
  at_once.Append(stream);
  Drain(at_once, cap, whole);

  Events pieces;
  FrameReader piecewise(cap);
  for (size_t pos = 0; pos < stream.size(); pos += piece) {
    piecewise.Append(stream.substr(pos, piece));
    if (!Drain(piecewise, cap, pieces)) break;
  }
  if (pieces != whole) std::abort();

  for (const std::string& event : whole) {
    if (event[0] == 'F') Decode(std::string_view(event).substr(1));
  }
  return 0;
}
