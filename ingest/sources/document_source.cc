#include "ingest/sources/document_source.h"

namespace newsdedup {

Status DocumentSource::Read(size_t max, std::vector<StreamEntry>& chunk) {
  for (size_t taken = 0; taken < max && next_ < items_.size(); ++taken) {
    DocumentItem& item = items_[next_];
    StreamEntry& entry = chunk.emplace_back();
    entry.tag = next_++;
    if (item.article.ok()) {
      entry.article = std::move(*item.article);
    } else {
      entry.error = item.article.status();
    }
  }
  return Status::Ok();
}

std::string DocumentSource::Where(const StreamEntry& entry) const {
  if (entry.tag >= items_.size()) return name_;
  return name_ + ": " + items_[entry.tag].where;
}

double DocumentSource::Fraction() const {
  return items_.empty() ? 1.0 : double(next_) / double(items_.size());
}

}  // namespace newsdedup
