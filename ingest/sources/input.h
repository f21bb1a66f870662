// OpenInput: the StreamSource for one input of `batch` or `eval`, in
// whichever format it holds (ingest/formats/format.h).
//
// The format is `format` when given (--format), else sniffed from the
// input's first bytes, decompressed, and its name. JSON Lines and WARC are
// streamed record by record; every other format is one document, read
// whole (at most IngestLimits::max_document_bytes) and parsed before the
// stream starts. Standard input ("-") cannot be read twice to sniff it: it
// is JSON Lines unless `format` says otherwise.
//
// ExpandInputs turns a directory among the inputs into the regular files
// beneath it, in path order, so that a folder of pages or NITF files is
// one input each; symbolic links and hidden files are left out, so a walk
// never leaves the folder it was given.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ingest/formats/format.h"
#include "ingest/formats/limits.h"
#include "ingest/stream.h"

namespace newsdedup {

StatusOr<std::unique_ptr<StreamSource>> OpenInput(
    const std::string& path, std::optional<Format> format,
    const IngestLimits& limits);

StatusOr<std::vector<std::string>> ExpandInputs(
    const std::vector<std::string>& inputs);

}  // namespace newsdedup
