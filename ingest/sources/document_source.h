// DocumentSource: a StreamSource (ingest/stream.h) over the items of one
// parsed document (ingest/formats/document.h): a feed, a page, an IPTC
// file. The document is parsed before the stream starts; its items are
// handed out in document order, each article ready (so the stream's
// workers only fingerprint it) or rejected with the reason its parser
// gave. Where(entry) names the document and the item: "feed.xml: item 3".
#pragma once

#include <string>

#include "ingest/formats/document.h"
#include "ingest/stream.h"

namespace newsdedup {

class DocumentSource : public StreamSource {
 public:
  DocumentSource(std::string name, DocumentItems items)
      : name_(std::move(name)), items_(std::move(items)) {}

  Status Read(size_t max, std::vector<StreamEntry>& chunk) override;
  std::string Name() const override { return name_; }
  std::string Where(const StreamEntry& entry) const override;
  double Fraction() const override;

 private:
  std::string name_;
  DocumentItems items_;
  size_t next_ = 0;
};

}  // namespace newsdedup
