#include "tests/tools/serve/fake_miniflux.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>

namespace newsdedup::test {

namespace asio = boost::asio;
namespace http = boost::beast::http;

bool WriteSelfSignedCertificate(const std::string& subject_alt_name,
                                const std::string& cert_path,
                                const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  bool ok = key != nullptr && cert != nullptr;
  if (ok) {
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(
        name, "CN", MBSTRING_ASC,
        reinterpret_cast<const unsigned char*>("newsdedup test"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION* san = X509V3_EXT_conf_nid(
        nullptr, &ctx, NID_subject_alt_name, subject_alt_name.c_str());
    ok = san != nullptr && X509_add_ext(cert, san, -1) == 1 &&
         X509_sign(cert, key, EVP_sha256()) > 0;
    X509_EXTENSION_free(san);
  }
  if (ok) {
    FILE* c = std::fopen(cert_path.c_str(), "w");
    FILE* k = std::fopen(key_path.c_str(), "w");
    ok = c && k && PEM_write_X509(c, cert) == 1 &&
         PEM_write_PrivateKey(k, key, nullptr, nullptr, 0, nullptr,
                              nullptr) == 1;
    if (c) std::fclose(c);
    if (k) std::fclose(k);
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  return ok;
}

FakeMinifluxApi::FakeMinifluxApi(int status, const std::string& cert_path,
                                 const std::string& key_path,
                                 const std::string& location)
    : status_(status),
      location_(location),
      acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
  if (!cert_path.empty()) {
    tls_ = std::make_unique<asio::ssl::context>(
        asio::ssl::context::tls_server);
    tls_->use_certificate_chain_file(cert_path);
    tls_->use_private_key_file(key_path, asio::ssl::context::pem);
  }
  thread_ = std::thread([this] { Serve(); });
}

FakeMinifluxApi::~FakeMinifluxApi() {
  stop_ = true;
  boost::system::error_code ec;
  asio::ip::tcp::socket wake(io_);
  wake.connect(acceptor_.local_endpoint(), ec);
  thread_.join();
}

std::vector<FakeMinifluxApi::Recorded> FakeMinifluxApi::requests() {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

template <typename Stream>
void FakeMinifluxApi::Answer(Stream& stream) {
  boost::system::error_code ec;
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> req;
  http::read(stream, buffer, req, ec);
  if (ec) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back({std::string(req.method_string()),
                         std::string(req.target()),
                         std::string(req["X-Auth-Token"]), req.body()});
  }
  http::response<http::string_body> res{static_cast<http::status>(status_),
                                        11};
  res.keep_alive(false);
  if (!location_.empty()) res.set(http::field::location, location_);
  if (status_ >= 400) res.body() = "{\"error_message\":\"refused\"}";
  res.prepare_payload();
  http::write(stream, res, ec);
}

void FakeMinifluxApi::Serve() {
  while (!stop_) {
    boost::system::error_code ec;
    asio::ip::tcp::socket socket(io_);
    acceptor_.accept(socket, ec);
    if (ec || stop_) continue;
    if (!tls_) {
      Answer(socket);
      continue;
    }
    asio::ssl::stream<asio::ip::tcp::socket&> stream(socket, *tls_);
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec) continue;  // a client that refused our certificate
    Answer(stream);
    stream.shutdown(ec);
  }
}

}  // namespace newsdedup::test
