#include "ingest/event_hub.h"

#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace newsdedup {
namespace asio = boost::asio;

void EventHub::Publish(uint64_t last_sequence) {
  last_.store(last_sequence);
  std::vector<std::shared_ptr<asio::steady_timer>> wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& weak : waiters_) {
      if (auto timer = weak.lock()) wake.push_back(std::move(timer));
    }
    waiters_.clear();
  }
  for (auto& timer : wake) {
    asio::post(timer->get_executor(), [timer] { timer->cancel(); });
  }
}

void EventHub::Close() {
  closed_.store(true);
  Publish(last_.load());
}

asio::awaitable<void> EventHub::WaitAfter(uint64_t seen,
                                          std::chrono::milliseconds max_wait) {
  auto timer = std::make_shared<asio::steady_timer>(
      co_await asio::this_coro::executor, max_wait);
  {
    std::lock_guard<std::mutex> lock(mu_);
    waiters_.push_back(timer);
  }
  // Checked after registering, so a publish in between is not lost.
  if (last_.load() > seen || closed_.load()) co_return;
  boost::system::error_code ec;
  co_await timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace newsdedup
