// The daemon against an attacker or a careless client, on loopback: each
// case once aborted the server, held memory or a connection forever, or
// answered something that was not JSON. After each, the server must still
// answer /healthz and take a normal article, and its memory stays bounded.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "dedup/text.h"
#include "ingest/sources/frame.h"
#include "tests/test_util.h"
#include "tests/tools/serve/server_process.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace {

using Clock = std::chrono::steady_clock;

class ReliabilityTest : public ::testing::Test {
 protected:
  void Start(const std::string& config = R"({"idle_timeout_seconds": 1})") {
    server_ = std::make_unique<test::ServerProcess>(dir_.path() + "/db", config);
    ASSERT_TRUE(server_->running());
  }

  // The server is up and still takes articles.
  void ExpectServing() {
    ASSERT_TRUE(server_->alive()) << server_->StderrText();
    EXPECT_EQ(test::HttpCall(server_->http_port(), "GET", "/healthz").status,
              200);
    const std::string id = "ok-" + std::to_string(++posted_);
    test::HttpResult r = test::HttpCall(
        server_->http_port(), "POST", "/v1/articles",
        "{\"id\":" + JsonString(id) +
            ",\"body\":\"The council voted on the harbour plan on Monday.\"}");
    EXPECT_EQ(r.status, 200) << r.body;
  }

  long RssKb() const { return test::ProcessStatusKb(server_->pid(), "VmRSS"); }
  long VirtualKb() const {
    return test::ProcessStatusKb(server_->pid(), "VmSize");
  }

  test::TempDir dir_;
  std::unique_ptr<test::ServerProcess> server_;
  int posted_ = 0;
};

const std::string kChunkedHead =
    "POST /v1/articles HTTP/1.1\r\nHost: x\r\n"
    "Transfer-Encoding: chunked\r\n\r\n";

// 1. A trailer field of 64 KiB or more made Beast throw, uncaught: the
// process aborted. Trailers now count against the header cap.
TEST_F(ReliabilityTest, AHugeTrailerIsRefusedNotFatal) {
  Start();
  test::RawConnection big(server_->http_port());
  ASSERT_TRUE(big.Send(kChunkedHead + "5\r\nhello\r\n0\r\nX-Big: " +
                       std::string(70000, 'a') + "\r\n\r\n"));
  EXPECT_TRUE(big.ReadUntilClosed(5000));
  EXPECT_NE(big.received().find("431"), std::string::npos) << big.received();
  // Many small trailers add up the same way.
  test::RawConnection many(server_->http_port());
  std::string trailers;
  for (int i = 0; i < 2000; ++i) {
    trailers += "X-T" + std::to_string(i) + ": " + std::string(40, 'b') + "\r\n";
  }
  ASSERT_TRUE(many.Send(kChunkedHead + "5\r\nhello\r\n0\r\n" + trailers));
  EXPECT_TRUE(many.ReadUntilClosed(5000));
  EXPECT_NE(many.received().find("431"), std::string::npos);
  // And one trailer line that never ends.
  test::RawConnection endless(server_->http_port());
  ASSERT_TRUE(endless.Send(kChunkedHead + "5\r\nhello\r\n0\r\nX-Endless: " +
                           std::string(1 << 20, 'c')));
  EXPECT_TRUE(endless.ReadUntilClosed(5000));
  ExpectServing();
}

// 2. A Content-Length under the cap reserved its bytes at once: a thousand
// idle connections took 19.5 GB of address space. Bodies now grow as they
// arrive, and all of them together are held to a budget.
TEST_F(ReliabilityTest, AnnouncedBodiesReserveNothing) {
  Start(R"({"idle_timeout_seconds": 10, "max_connections": 1024})");
  const long virtual_before = VirtualKb();
  std::vector<std::unique_ptr<test::RawConnection>> idle;
  for (int i = 0; i < 200; ++i) {
    idle.push_back(
        std::make_unique<test::RawConnection>(server_->http_port()));
    ASSERT_TRUE(idle.back()->Send(
        "POST /v1/articles HTTP/1.1\r\nHost: x\r\n"
        "Content-Length: 16000000\r\n\r\n{\"id\":"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // 200 x 16 MB would be 3.2 GB; allow for thread stacks and arenas.
  EXPECT_LT(VirtualKb() - virtual_before, 400 * 1024)
      << "virtual memory grew from " << virtual_before << " kB to "
      << VirtualKb() << " kB";
  ExpectServing();
  idle.clear();
  ExpectServing();
}

TEST_F(ReliabilityTest, BodiesOverTheSharedBudgetGet503) {
  Start(R"({"idle_timeout_seconds": 10, "max_request_bytes": 1048576,
            "max_pending_request_bytes": 1048576})");
  // One slow client holds 700 KB of an unfinished request...
  test::RawConnection slow(server_->http_port());
  ASSERT_TRUE(slow.Send("POST /v1/articles HTTP/1.1\r\nHost: x\r\n"
                        "Content-Length: 1000000\r\n\r\n" +
                        std::string(700000, ' ')));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // ...so another's 700 KB does not fit: 503, not a bigger process.
  test::RawConnection second(server_->http_port());
  ASSERT_TRUE(second.Send("POST /v1/articles HTTP/1.1\r\nHost: x\r\n"
                          "Content-Length: 700000\r\n\r\n" +
                          std::string(700000, ' ')));
  EXPECT_TRUE(second.ReadUntilClosed(5000));
  EXPECT_NE(second.received().find("503"), std::string::npos)
      << second.received().substr(0, 200);
  EXPECT_NE(second.received().find("Retry-After"), std::string::npos);
  ExpectServing();  // small requests still fit
}

// 3. A producer that went quiet after its Hello, or in the middle of a
// frame, was held forever. Every state now has the idle deadline.
TEST_F(ReliabilityTest, QuietTcpClientsAreClosedInEveryState) {
  Start();  // idle timeout: 1 s
  pb::Hello hello;
  hello.set_role(pb::Hello::PRODUCE);
  test::RawConnection before_hello(server_->tcp_port());
  test::RawConnection after_hello(server_->tcp_port());
  ASSERT_TRUE(after_hello.Send(EncodeFrame(hello.SerializeAsString())));
  test::RawConnection mid_frame(server_->tcp_port());
  pb::Article article;
  article.set_id("half");
  article.set_body("A story that never finishes arriving.");
  const std::string frame = EncodeFrame(article.SerializeAsString());
  ASSERT_TRUE(mid_frame.Send(EncodeFrame(hello.SerializeAsString()) +
                             frame.substr(0, frame.size() / 2)));
  const Clock::time_point start = Clock::now();
  EXPECT_TRUE(before_hello.ReadUntilClosed(5000));
  EXPECT_TRUE(after_hello.ReadUntilClosed(5000));
  EXPECT_TRUE(mid_frame.ReadUntilClosed(5000));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(4));
  ExpectServing();
}

// 4. An over-cap frame was acknowledged as an error and then every later
// byte silently dropped; the connection never closed.
TEST_F(ReliabilityTest, AnOverCapFrameGetsItsErrorAndTheConnectionCloses) {
  Start(R"({"idle_timeout_seconds": 10, "max_record_bytes": 4096})");
  pb::Hello hello;
  hello.set_role(pb::Hello::PRODUCE);
  test::RawConnection producer(server_->tcp_port());
  ASSERT_TRUE(producer.Send(EncodeFrame(hello.SerializeAsString()) +
                            EncodeFrame(std::string(5000, 'x'))));
  EXPECT_TRUE(producer.ReadUntilClosed(5000));  // closed, not wedged
  FrameReader reader(1 << 20);
  reader.Append(producer.received());
  std::string bytes;
  ASSERT_EQ(reader.Next(&bytes), FrameReader::Result::kFrame);
  pb::Ack ack;
  ASSERT_TRUE(ack.ParseFromString(bytes));
  EXPECT_FALSE(ack.ok());
  EXPECT_NE(ack.error().find("over the cap of 4096"), std::string::npos)
      << ack.error();
  ExpectServing();
}

// 5. An unknown Hello role was served as a subscriber, a path with
// /v1/events in front was served as the event stream, and a 404 echoed
// bytes that were not UTF-8.
TEST_F(ReliabilityTest, UnknownRolesAndPathsAreRefusedInValidJson) {
  Start();
  pb::Hello hello;
  hello.set_role(static_cast<pb::Hello::Role>(7));
  test::RawConnection odd(server_->tcp_port());
  ASSERT_TRUE(odd.Send(EncodeFrame(hello.SerializeAsString())));
  EXPECT_TRUE(odd.ReadUntilClosed(5000));
  FrameReader reader(1 << 20);
  reader.Append(odd.received());
  std::string bytes;
  ASSERT_EQ(reader.Next(&bytes), FrameReader::Result::kFrame);
  pb::Ack ack;
  ASSERT_TRUE(ack.ParseFromString(bytes));
  EXPECT_NE(ack.error().find("neither PRODUCE nor SUBSCRIBE"),
            std::string::npos);

  test::HttpResult r =
      test::HttpCall(server_->http_port(), "GET", "/v1/eventsXYZ");
  EXPECT_EQ(r.status, 404) << r.body;
  r = test::HttpCall(server_->http_port(), "GET", "/v1/articles/%ff%fe");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(IsValidUtf8(r.body)) << r.body;
  EXPECT_NE(r.body.find("\\ufffd"), std::string::npos) << r.body;
  ExpectServing();
}

TEST_F(ReliabilityTest, MemoryStaysBoundedAcrossEveryAttack) {
  Start(R"({"idle_timeout_seconds": 1})");
  const long rss_before = RssKb();
  for (int round = 0; round < 20; ++round) {
    test::RawConnection big(server_->http_port());
    (void)big.Send(kChunkedHead + "5\r\nhello\r\n0\r\nX-Big: " +
                   std::string(70000, 'a') + "\r\n\r\n");
    test::RawConnection announced(server_->http_port());
    (void)announced.Send(
        "POST /v1/articles HTTP/1.1\r\nHost: x\r\nContent-Length: 16000000"
        "\r\n\r\n");
    (void)big.ReadUntilClosed(3000);
  }
  ExpectServing();
  EXPECT_LT(RssKb() - rss_before, 200 * 1024)
      << "RSS grew from " << rss_before << " kB to " << RssKb() << " kB";
}

}  // namespace
}  // namespace newsdedup
