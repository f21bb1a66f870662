#include "tests/tools/feeds/feed_site.h"

namespace newsdedup::test {

void FeedSite::Add(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::string n = std::to_string(lines_.size() + 1);
  lines_.push_back(
      "{\"id\":\"" + id + "\",\"title\":\"Harbour report " + n +
      "\",\"body\":\"The harbour authority said on Monday that berth " + n +
      " would reopen after repairs costing " + n +
      "0 million crowns, with ferry traffic resuming at " + n +
      " o'clock. Item " + id + ".\",\"published\":\"2026-12-0" +
      std::to_string(1 + lines_.size() % 8) + "T08:00:00Z\"}");
  ++version_;
}

void FeedSite::Fail(int status) {
  std::lock_guard<std::mutex> lock(mu_);
  failing_ = status;
}

void FeedSite::Recover() { Fail(0); }

void FeedSite::set_conditional(bool on) {
  std::lock_guard<std::mutex> lock(mu_);
  conditional_ = on;
}

std::string FeedSite::Etag() const {
  std::lock_guard<std::mutex> lock(mu_);
  return "\"v" + std::to_string(version_) + "\"";
}

std::string FeedSite::Respond(const SeenRequest& request) {
  const std::string etag = Etag();
  std::lock_guard<std::mutex> lock(mu_);
  if (failing_ != 0) return HttpResponseText(failing_, "try later");
  const std::string modified =
      "Tue, 01 Dec 2026 0" + std::to_string(version_ % 10) + ":00:00 GMT";
  const std::vector<std::pair<std::string, std::string>> validators = {
      {"ETag", etag}, {"Last-Modified", modified}};
  if (conditional_ && request.Header("if-none-match") == etag &&
      request.Header("if-modified-since") == modified) {
    return HttpResponseText(304, "", validators);
  }
  std::string body;
  for (const std::string& line : lines_) body += line + "\n";
  auto headers = validators;
  headers.emplace_back("Content-Type", "application/x-ndjson; charset=utf-8");
  return HttpResponseText(200, body, headers);
}

FeedServer::Handler FeedSite::Handler() {
  return [this](const SeenRequest& request) { return Respond(request); };
}

}  // namespace newsdedup::test
