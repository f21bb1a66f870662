// EventHub: wakes the daemon's event subscribers when new cluster events
// are committed. Subscribers do not receive events from the hub: they read
// them back from the store at their own pace (Pipeline::FollowEvents), so a
// slow one only falls behind; the hub only tells them there is more.
//
// Usage:
//   hub.Publish(store.counters().next_sequence - 1);  // after a commit
//   co_await hub.WaitAfter(seen, std::chrono::seconds(1));  // a subscriber
//
// Thread safety: every member is safe from any thread. A waiter is woken on
// its own executor.
#pragma once

#include <utility>  // before asio's awaitable with GCC 12

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace newsdedup {

// Wakes event subscribers when new events are committed.
class EventHub {
 public:
  // The sequence number of the last committed event.
  uint64_t last_sequence() const { return last_.load(); }
  void Publish(uint64_t last_sequence);
  // Completes when an event after `seen` is committed, on Close, or after
  // `max_wait` (so a waiting subscriber notices a closed connection).
  boost::asio::awaitable<void> WaitAfter(uint64_t seen,
                                         std::chrono::milliseconds max_wait);
  void Close();
  bool closed() const { return closed_.load(); }

 private:
  std::atomic<uint64_t> last_{0};
  std::atomic<bool> closed_{false};
  std::mutex mu_;
  std::vector<std::weak_ptr<boost::asio::steady_timer>> waiters_;
};

}  // namespace newsdedup
