#include "tests/tools/feeds/feed_server.h"

#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <algorithm>
#include <cctype>
#include <istream>

namespace newsdedup::test {
namespace asio = boost::asio;
using asio::ip::tcp;

std::string HttpResponseText(
    int status, const std::string& body,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " Status\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  if (status != 304) {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  out += "Connection: close\r\n\r\n";
  return out + body;
}

FeedServer::FeedServer(Handler handler)
    : acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
      handler_(std::move(handler)) {
  port_ = acceptor_.local_endpoint().port();
  thread_ = std::thread([this] { Serve(); });
}

FeedServer::~FeedServer() {
  stop_ = true;
  boost::system::error_code ec;
  tcp::socket wake(io_);
  wake.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
  thread_.join();
}

std::string FeedServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

std::vector<SeenRequest> FeedServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

size_t FeedServer::request_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_.size();
}

void FeedServer::set_handler(Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  handler_ = std::move(handler);
}

void FeedServer::Serve() {
  while (!stop_) {
    tcp::socket socket(io_);
    boost::system::error_code ec;
    acceptor_.accept(socket, ec);
    if (ec || stop_) break;
    asio::streambuf buffer;
    asio::read_until(socket, buffer, "\r\n\r\n", ec);
    if (ec) continue;
    std::istream in(&buffer);
    SeenRequest request;
    std::string line;
    std::getline(in, line);
    const size_t space = line.find(' ');
    request.method = line.substr(0, space);
    request.target =
        line.substr(space + 1, line.find(' ', space + 1) - space - 1);
    while (std::getline(in, line) && line != "\r") {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      request.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
    }
    const size_t length = std::stoul("0" + request.Header("content-length"));
    std::string rest((std::istreambuf_iterator<char>(in)), {});
    if (rest.size() < length) {
      std::string more(length - rest.size(), '\0');
      asio::read(socket, asio::buffer(more), ec);
      rest += more;
    }
    request.body = rest.substr(0, length);
    Handler handler;
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
      handler = handler_;
    }
    const std::string response = handler(request);
    asio::write(socket, asio::buffer(response), ec);
    socket.shutdown(tcp::socket::shutdown_both, ec);
  }
}

}  // namespace newsdedup::test
