// A stand-in for Miniflux's API on loopback, for the webhook's tests: it
// records every request and answers each with a fixed status, over plain
// HTTP or, given a certificate, over TLS. Also a self-signed certificate
// maker, so that no test needs files or tools from outside.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace newsdedup::test {

// Writes a fresh self-signed certificate for `subject_alt_name` ("IP:1.2.3.4"
// or "DNS:name") and its key, as PEM, to `cert_path` and `key_path`.
// Returns false when OpenSSL failed.
bool WriteSelfSignedCertificate(const std::string& subject_alt_name,
                                const std::string& cert_path,
                                const std::string& key_path);

class FakeMinifluxApi {
 public:
  struct Recorded {
    std::string method, target, token, body;
  };
  // Plain HTTP, or TLS with this certificate and key when given; answers
  // carry `location` as their Location header when it is not empty.
  explicit FakeMinifluxApi(int status = 204, const std::string& cert_path = "",
                           const std::string& key_path = "",
                           const std::string& location = "");
  ~FakeMinifluxApi();
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::vector<Recorded> requests();

 private:
  void Serve();
  template <typename Stream>
  void Answer(Stream& stream);

  const int status_;
  const std::string location_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::unique_ptr<boost::asio::ssl::context> tls_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::vector<Recorded> requests_;
  std::thread thread_;
};

}  // namespace newsdedup::test
