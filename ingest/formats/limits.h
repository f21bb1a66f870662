// IngestLimits: the size caps every input path enforces, so that no single
// article or line can exhaust memory or stall the pipeline.
#pragma once

#include <cstddef>

namespace newsdedup {

struct IngestLimits {
  // A JSON line (or a Protobuf frame) longer than this is rejected whole.
  size_t max_record_bytes = 8 << 20;
  // Article bodies above this are rejected: no real news article is this
  // long, and fingerprinting cost grows with it.
  size_t max_body_bytes = 2 << 20;
  // Ids are keys in the store and names in every output line.
  size_t max_id_bytes = 256;
  // title, source, url, published.
  size_t max_field_bytes = 64 << 10;
  // A document read whole (a feed, a page, an IPTC file), decompressed.
  // Formats that can be larger than memory (JSON Lines, WARC) are streamed
  // instead and capped per record.
  size_t max_document_bytes = 256 << 20;
};

}  // namespace newsdedup
