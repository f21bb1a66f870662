// HttpFetch over TLS: a TLS server on loopback with a certificate made by
// the test for "localhost", trusted through extra_ca_pem or not at all.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <gtest/gtest.h>

#include <boost/asio/ssl.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <atomic>
#include <thread>

#include "tests/tools/feeds/feed_server.h"
#include "tools/feeds/http_fetch.h"

namespace newsdedup {
namespace {
namespace asio = boost::asio;
namespace ssl = asio::ssl;
using asio::ip::tcp;

struct SelfSigned {
  std::string cert_pem;
  std::string key_pem;
};

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<size_t>(size));
  BIO_free(bio);
  return text;
}

// A certificate for DNS name `host`, signed by its own key.
SelfSigned MakeCertificate(const char* host) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), -60);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(host), -1,
                             -1, 0);
  X509_set_issuer_name(x, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
  const std::string san = std::string("DNS:") + host;
  for (auto [nid, value] : {std::pair<int, const char*>{NID_subject_alt_name, san.c_str()},
                            {NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(x, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(x, key, EVP_sha256());
  SelfSigned out;
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, x);
  out.cert_pem = BioText(bio);
  bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  out.key_pem = BioText(bio);
  X509_free(x);
  EVP_PKEY_free(key);
  return out;
}

// Serves `connections` TLS connections, each one request answered "secure".
class TlsServer {
 public:
  TlsServer(const SelfSigned& cert, int connections)
      : context_(ssl::context::tls_server),
        acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    context_.use_certificate_chain(asio::buffer(cert.cert_pem));
    context_.use_private_key(asio::buffer(cert.key_pem), ssl::context::pem);
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this, connections] {
      for (int i = 0; i < connections; ++i) {
        ssl::stream<tcp::socket> stream(io_, context_);
        boost::system::error_code ec;
        acceptor_.accept(stream.next_layer(), ec);
        if (ec || stop_) return;
        stream.handshake(ssl::stream_base::server, ec);
        if (ec) continue;  // the client refused us
        sni_ = SSL_get_servername(stream.native_handle(),
                                  TLSEXT_NAMETYPE_host_name)
                   ? SSL_get_servername(stream.native_handle(),
                                        TLSEXT_NAMETYPE_host_name)
                   : "";
        asio::streambuf buffer;
        asio::read_until(stream, buffer, "\r\n\r\n", ec);
        asio::write(stream,
                    asio::buffer(test::HttpResponseText(200, "secure")), ec);
        stream.shutdown(ec);
      }
    });
  }
  // Wakes an accept still waiting (a test that failed early made fewer
  // connections than it announced).
  ~TlsServer() {
    stop_ = true;
    boost::system::error_code ec;
    tcp::socket wake(io_);
    wake.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    thread_.join();
  }
  uint16_t port() const { return port_; }
  std::string sni() const { return sni_; }

 private:
  asio::io_context io_;
  ssl::context context_;
  tcp::acceptor acceptor_;
  uint16_t port_ = 0;
  std::string sni_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

StatusOr<HttpFetchResponse> Get(const std::string& url,
                                const HttpFetchOptions& options) {
  HttpFetchRequest request;
  request.url = url;
  return test::RunAwaitable(HttpFetch(request, options));
}

TEST(HttpsFetchTest, VerifiesTheCertificateAndTheHostName) {
  const SelfSigned cert = MakeCertificate("localhost");
  TlsServer server(cert, 3);
  const std::string port = std::to_string(server.port());
  HttpFetchOptions options;
  options.connect_timeout = std::chrono::seconds(5);

  // Not trusted: the system's store does not know the certificate.
  StatusOr<HttpFetchResponse> r = Get("https://localhost:" + port + "/", options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("TLS handshake"), std::string::npos)
      << r.status().message();
  EXPECT_NE(r.status().message().find("certificate verify failed"),
            std::string::npos)
      << r.status().message();

  // Trusted, but for another name than the one asked for.
  options.extra_ca_pem = cert.cert_pem;
  r = Get("https://127.0.0.1:" + port + "/", options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("certificate verify failed"),
            std::string::npos)
      << r.status().message();

  // Trusted and the right name.
  r = Get("https://localhost:" + port + "/feed", options);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "secure");
  EXPECT_EQ(server.sni(), "localhost");
}

TEST(HttpsFetchTest, APlainServerFailsTheHandshake) {
  test::FeedServer plain([](const test::SeenRequest&) {
    return test::HttpResponseText(200, "plain");
  });
  HttpFetchOptions options;
  options.io_timeout = std::chrono::seconds(2);
  options.connect_timeout = std::chrono::seconds(2);
  StatusOr<HttpFetchResponse> r = Get(
      "https://127.0.0.1:" + std::to_string(plain.port()) + "/", options);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("TLS handshake"), std::string::npos)
      << r.status().message();
}

}  // namespace
}  // namespace newsdedup
