// FeedSite: what a feed server publishes, for the feed tests: a JSON Lines
// document of items that a test adds to between polls, served with an
// ETag and a Last-Modified that change with it, answering 304 to a request
// that carries the current ones, or a given status while `failing`.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "tests/tools/feeds/feed_server.h"

namespace newsdedup::test {

class FeedSite {
 public:
  // Adds an item with a body of its own, made from `id`.
  void Add(const std::string& id);
  void Fail(int status);  // answer every request with this status
  void Recover();
  // Answers as a server that ignores validators does.
  void set_conditional(bool on);
  std::string Respond(const SeenRequest& request);
  // A handler for FeedServer that calls Respond.
  FeedServer::Handler Handler();
  std::string Etag() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
  int version_ = 0;
  int failing_ = 0;
  bool conditional_ = true;
};

}  // namespace newsdedup::test
