// WarcSource: a StreamSource (ingest/stream.h) over a WARC 1.0 or 1.1 file
// of crawled pages — plain, gzip (whole or record by record), zstd, or "-"
// for stdin — one article a page.
//
// Records are read in order on the deciding thread (ingest/sources/
// warc_reader.h). Pages (ingest/sources/warc_pages.h says which records
// are, and what their articles are) become entries tagged with their
// record number; every other record is counted by the reason it is
// skipped (skipped()). On the stream's workers, Parse reads a page's
// article (ParseWarcPage).
//
// Rejected entries (the sink's Rejected): a record whose block is over
// IngestLimits::max_record_bytes (skipped unread), a garbled record the
// reader resynchronised after, and pages that do not decode or hold no
// article. An input that ends inside a record, or a garble with no record
// after it, ends the stream with that error (naming the record number and
// byte offset) once the entries before it are handed over.
//
// Thread safety: as StreamSource. Where() reads only the entry, so it may
// be called on any thread; skipped() only on the deciding thread or after
// the stream.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "ingest/formats/limits.h"
#include "ingest/sources/warc_reader.h"
#include "ingest/stream.h"

namespace newsdedup {

class WarcSource : public StreamSource {
 public:
  // Fails when the file cannot be opened.
  static StatusOr<std::unique_ptr<WarcSource>> Open(const std::string& path,
                                                    const IngestLimits& limits);

  Status Read(size_t max, std::vector<StreamEntry>& chunk) override;
  StatusOr<Article> Parse(StreamEntry& entry) const override;
  std::string Name() const override { return path_; }
  // "in.warc.gz: record 12 (http://example.com/a)".
  std::string Where(const StreamEntry& entry) const override;
  double Fraction() const override;

  // Records skipped so far, by the reasons of ingest/sources/warc_pages.h.
  const std::map<std::string, uint64_t>& skipped() const { return skipped_; }
  // "12 records skipped (8 request, 3 not HTML, 1 redirect)", the most
  // frequent reason first; "" when none was.
  std::string SkippedSummary() const override;

 private:
  WarcSource(std::string path, IngestLimits limits,
             std::unique_ptr<ByteReader> bytes)
      : path_(std::move(path)),
        limits_(limits),
        reader_(std::move(bytes), limits.max_record_bytes) {}

  // Appends the record's entry to `chunk`, or counts it as skipped.
  void Take(WarcRecord& record, std::vector<StreamEntry>& chunk);

  std::string path_;
  IngestLimits limits_;
  WarcReader reader_;
  std::map<std::string, uint64_t> skipped_;
  Status pending_;  // the error that ends the stream, after this chunk
  bool ended_ = false;
};

}  // namespace newsdedup
