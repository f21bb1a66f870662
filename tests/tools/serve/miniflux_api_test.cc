// Marking entries read through Miniflux's API (tools/serve/miniflux_api.cc)
// against a stand-in on loopback: the request as Miniflux expects it, over
// HTTP and verified TLS, and every failure an error rather than a hang.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "tests/test_util.h"
#include "tests/tools/serve/fake_miniflux.h"
#include "tools/serve/miniflux.h"

namespace newsdedup {
namespace {

namespace asio = boost::asio;
using test::FakeMinifluxApi;

Status MarkRead(const MinifluxConfig& config, std::vector<int64_t> ids) {
  asio::io_context io;
  std::future<Status> result = asio::co_spawn(
      io, MarkMinifluxEntriesRead(config, ids), asio::use_future);
  io.run();
  return result.get();
}

MinifluxConfig ConfigFor(const std::string& url) {
  MinifluxConfig config;
  config.secret = "s";
  config.api_url = url;
  config.api_key = "k3y";
  return config;
}

TEST(MinifluxApiTest, PutsTheEntryIdsUnderTheUrlsPath) {
  FakeMinifluxApi api;
  const Status s = MarkRead(
      ConfigFor("http://127.0.0.1:" + std::to_string(api.port()) + "/reader/"),
      {7, 9});
  ASSERT_TRUE(s.ok()) << s.ToString();
  const auto requests = api.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].target, "/reader/v1/entries");
  EXPECT_EQ(requests[0].token, "k3y");
  EXPECT_EQ(requests[0].body, "{\"entry_ids\":[7,9],\"status\":\"read\"}");
}

TEST(MinifluxApiTest, ARefusalIsAnErrorWithTheStatus) {
  FakeMinifluxApi api(401);
  const Status s =
      MarkRead(ConfigFor("http://127.0.0.1:" + std::to_string(api.port())),
               {1});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("401"), std::string::npos) << s.ToString();
}

TEST(MinifluxApiTest, HttpsWithATrustedCertificateForTheHost) {
  test::TempDir dir;
  const std::string cert = dir.path() + "/cert.pem";
  const std::string key = dir.path() + "/key.pem";
  ASSERT_TRUE(test::WriteSelfSignedCertificate("IP:127.0.0.1", cert, key));
  FakeMinifluxApi api(204, cert, key);
  MinifluxConfig config =
      ConfigFor("https://127.0.0.1:" + std::to_string(api.port()));
  config.api_ca_pem = test::ReadFile(cert);
  const Status s = MarkRead(config, {3});
  ASSERT_TRUE(s.ok()) << s.ToString();
  ASSERT_EQ(api.requests().size(), 1u);
  EXPECT_EQ(api.requests()[0].body, "{\"entry_ids\":[3],\"status\":\"read\"}");
}

TEST(MinifluxApiTest, HttpsRefusesAnUntrustedOrMisnamedCertificate) {
  test::TempDir dir;
  const std::string cert = dir.path() + "/cert.pem";
  const std::string key = dir.path() + "/key.pem";
  ASSERT_TRUE(test::WriteSelfSignedCertificate("IP:127.0.0.1", cert, key));
  FakeMinifluxApi api(204, cert, key);
  // Not among the system's CAs, and none given.
  const std::string url = "https://127.0.0.1:" + std::to_string(api.port());
  const Status untrusted = MarkRead(ConfigFor(url), {1});
  EXPECT_NE(untrusted.message().find("certificate verify failed"),
            std::string::npos)
      << untrusted.ToString();
  // Trusted, but issued for another name.
  const std::string other = dir.path() + "/other.pem";
  ASSERT_TRUE(test::WriteSelfSignedCertificate("DNS:reader.example", other,
                                               dir.path() + "/other.key"));
  FakeMinifluxApi misnamed(204, other, dir.path() + "/other.key");
  MinifluxConfig config =
      ConfigFor("https://127.0.0.1:" + std::to_string(misnamed.port()));
  config.api_ca_pem = test::ReadFile(other);
  const Status wrong_name = MarkRead(config, {1});
  EXPECT_NE(wrong_name.message().find("certificate verify failed"),
            std::string::npos)
      << wrong_name.ToString();
  EXPECT_TRUE(api.requests().empty());
  EXPECT_TRUE(misnamed.requests().empty());
}

TEST(MinifluxApiTest, ARedirectIsNotFollowedWithTheKey) {
  FakeMinifluxApi elsewhere;
  FakeMinifluxApi api(307, "", "",
                      "http://127.0.0.1:" +
                          std::to_string(elsewhere.port()) + "/v1/entries");
  const Status s = MarkRead(
      ConfigFor("http://127.0.0.1:" + std::to_string(api.port())), {1});
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(api.requests().size(), 1u);
  EXPECT_TRUE(elsewhere.requests().empty());
}

TEST(MinifluxApiTest, NothingListeningIsAnError) {
  uint16_t port;
  {
    FakeMinifluxApi gone;
    port = gone.port();
  }
  const Status s =
      MarkRead(ConfigFor("http://127.0.0.1:" + std::to_string(port)), {1});
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(
      MarkRead(ConfigFor("http://127.0.0.1:notaport"), {1}).ok());
}

}  // namespace
}  // namespace newsdedup
