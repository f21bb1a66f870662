#include "ingest/event_hub.h"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <thread>

namespace newsdedup {
namespace {
namespace asio = boost::asio;
using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

TEST(EventHubTest, AWaiterWakesOnPublishFromAnotherThread) {
  EventHub hub;
  asio::io_context io;
  Clock::duration waited{};
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        const Clock::time_point start = Clock::now();
        co_await hub.WaitAfter(0, std::chrono::seconds(10));
        waited = Clock::now() - start;
      },
      asio::detached);
  std::thread publisher([&] {
    std::this_thread::sleep_for(milliseconds(20));
    hub.Publish(7);
  });
  io.run();
  publisher.join();
  EXPECT_EQ(hub.last_sequence(), 7u);
  EXPECT_LT(waited, std::chrono::seconds(5));  // woken, not timed out
}

TEST(EventHubTest, NoWaitWhenThereIsAlreadyMoreOrTheHubIsClosed) {
  EventHub hub;
  hub.Publish(3);
  asio::io_context io;
  int done = 0;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await hub.WaitAfter(2, std::chrono::seconds(10));
        ++done;
        hub.Close();
        co_await hub.WaitAfter(3, std::chrono::seconds(10));
        ++done;
      },
      asio::detached);
  const Clock::time_point start = Clock::now();
  io.run();
  EXPECT_EQ(done, 2);
  EXPECT_TRUE(hub.closed());
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
}

TEST(EventHubTest, AWaitEndsAfterMaxWaitWithNothingNew) {
  EventHub hub;
  hub.Publish(1);
  asio::io_context io;
  bool returned = false;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await hub.WaitAfter(1, milliseconds(20));
        returned = true;
      },
      asio::detached);
  io.run();
  EXPECT_TRUE(returned);
  EXPECT_EQ(hub.last_sequence(), 1u);
}

}  // namespace
}  // namespace newsdedup
