#include "ingest/sources/synthetic_source.h"

#include "ingest/threads.h"

namespace newsdedup {
namespace {

// Articles generated at once, and chunks generated ahead at most.
constexpr size_t kGeneratedChunk = 1024;
constexpr size_t kChunksAhead = 4;

}  // namespace

SyntheticSource::SyntheticSource(SyntheticOptions options, uint64_t count)
    : count_(count),
      planted_(count),
      generator_([this, options] { Generate(options); }) {}

SyntheticSource::~SyntheticSource() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  generator_.join();
}

void SyntheticSource::Generate(SyntheticOptions options) {
  RunAtBackgroundPriority();
  SyntheticStream stream(options);
  for (uint64_t done = 0; done < count_;) {
    std::vector<Article> chunk;
    chunk.reserve(kGeneratedChunk);
    for (size_t i = 0; i < kGeneratedChunk && done < count_; ++i, ++done) {
      chunk.push_back(stream.Next());
      Planted& planted = planted_[done];
      if (!stream.last_original().empty()) {
        planted.original = stream.last_original_index();
      }
      planted.kind = stream.last_kind();
    }
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return stop_ || ready_.size() < kChunksAhead; });
    if (stop_) return;
    ready_.push_back(std::move(chunk));
    cv_.notify_all();
  }
  std::lock_guard<std::mutex> lock(mu_);
  generated_all_ = true;
  cv_.notify_all();
}

Status SyntheticSource::Read(size_t max, std::vector<StreamEntry>& chunk) {
  while (max > 0) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !ready_.empty() || generated_all_; });
    if (ready_.empty()) break;
    std::vector<Article>& front = ready_.front();
    const size_t take = std::min(max, front.size());
    for (size_t i = 0; i < take; ++i) {
      StreamEntry& entry = chunk.emplace_back();
      entry.tag = read_++;
      body_bytes_ += front[i].body.size();
      entry.article = std::move(front[i]);
    }
    front.erase(front.begin(), front.begin() + static_cast<long>(take));
    if (front.empty()) {
      ready_.pop_front();
      cv_.notify_all();
    }
    max -= take;
  }
  return Status::Ok();
}

}  // namespace newsdedup
