#include "tools/client.h"

#include <utility>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>

#include "ingest/formats/article_json.h"
#include "ingest/formats/article_proto.h"
#include "ingest/sources/frame.h"
#include "ingest/sources/line_reader.h"
#include "proto/newsdedup.pb.h"
#include "storage/article_records.h"
#include "tools/json_output.h"

namespace newsdedup {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

struct Url {
  std::string host;
  std::string port;
};

bool ParseUrl(const std::string& url, Url* out) {
  std::string rest = url;
  const std::string scheme = "http://";
  if (rest.rfind(scheme, 0) == 0) rest = rest.substr(scheme.size());
  const size_t slash = rest.find('/');
  if (slash != std::string::npos) rest = rest.substr(0, slash);
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos) {
    out->host = rest;
    out->port = "80";
  } else {
    out->host = rest.substr(0, colon);
    out->port = rest.substr(colon + 1);
  }
  if (out->host.size() > 2 && out->host.front() == '[') {
    out->host = out->host.substr(1, out->host.size() - 2);
  }
  return !out->host.empty() && !out->port.empty();
}

double Percentile(std::vector<double>& values, double p) {
  if (values.empty()) return 0;
  const size_t k = std::min(values.size() - 1,
                            static_cast<size_t>(p * (values.size() - 1) + 0.5));
  std::nth_element(values.begin(), values.begin() + k, values.end());
  return values[k];
}

struct PostState {
  std::vector<std::string> bodies;  // one request each
  std::vector<size_t> articles;     // articles per request
  std::atomic<size_t> next{0};
  Clock::time_point start;
  std::vector<double> latencies_ms;
  // Every article ends up in exactly one of these. Answered by the server:
  uint64_t ok = 0, known = 0, rejected = 0;
  // Sent, but the connection was lost before the answer came.
  uint64_t failed = 0;
  // Never sent: the server could not be reached, or was gone before their
  // turn. The articles no worker took are added at the end.
  uint64_t unsent = 0;
  // Not sent because they are not articles (Protobuf/TCP, which has to
  // encode them; over HTTP the server rejects them).
  uint64_t invalid = 0;
  uint64_t overloaded = 0;  // 503 answers, each retried
  std::string output;
};

asio::awaitable<void> PostWorker(const Url& url, const PostOptions& options,
                                 PostState& state) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  beast::tcp_stream stream(executor);
  beast::flat_buffer buffer;
  bool connected = false;
  boost::system::error_code ec;
  asio::steady_timer timer(executor);
  for (;;) {
    const size_t i = state.next.fetch_add(1);
    if (i >= state.bodies.size()) break;
    Clock::time_point scheduled = Clock::now();
    if (options.rate > 0) {
      // Offered load: request i leaves at start + (articles before it)/rate,
      // and its latency counts from then, queueing in the client included.
      double before = 0;
      before = static_cast<double>(i) * options.batch;
      scheduled = state.start +
                  std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(before / options.rate));
      timer.expires_at(scheduled);
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    bool sent = false;  // the request was written at least once
    bool reachable = true;
    for (int attempt = 0;; ++attempt) {
      if (!connected) {
        auto endpoints = co_await resolver.async_resolve(
            url.host, url.port, asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) {
          co_await stream.async_connect(
              endpoints, asio::redirect_error(asio::use_awaitable, ec));
        }
        if (ec) {
          std::fprintf(stderr, "newsdedup post: cannot connect to %s:%s: %s\n",
                       url.host.c_str(), url.port.c_str(),
                       ec.message().c_str());
          (sent ? state.failed : state.unsent) += state.articles[i];
          reachable = false;
          break;
        }
        stream.socket().set_option(tcp::no_delay(true));
        connected = true;
      }
      http::request<http::string_body> req{http::verb::post, "/v1/articles",
                                           11};
      req.set(http::field::host, url.host);
      req.set(http::field::content_type, state.articles[i] == 1
                                             ? "application/json"
                                             : "application/x-ndjson");
      if (!options.token.empty()) {
        req.set(http::field::authorization, "Bearer " + options.token);
      }
      req.keep_alive(true);
      req.body() = state.bodies[i];
      req.prepare_payload();
      co_await http::async_write(stream, req,
                                 asio::redirect_error(asio::use_awaitable, ec));
      http::response<http::string_body> res;
      if (!ec) {
        sent = true;
        co_await http::async_read(
            stream, buffer, res, asio::redirect_error(asio::use_awaitable, ec));
      }
      if (ec) {
        connected = false;
        stream.close();
        if (attempt < 3) continue;
        (sent ? state.failed : state.unsent) += state.articles[i];
        break;
      }
      if (!res.keep_alive()) {
        connected = false;
        stream.close();
      }
      if (res.result() == http::status::service_unavailable) {
        ++state.overloaded;
        timer.expires_after(std::chrono::milliseconds(50));
        co_await timer.async_wait(
            asio::redirect_error(asio::use_awaitable, ec));
        continue;  // retry the same request
      }
      state.latencies_ms.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - scheduled)
              .count());
      const unsigned code = res.result_int();
      if (code == 200) {
        // Count per line for batches.
        for (size_t p = 0; p < res.body().size();) {
          size_t nl = res.body().find('\n', p);
          if (nl == std::string::npos) nl = res.body().size();
          std::string_view line(res.body().data() + p, nl - p);
          if (line.find("\"error\"") != std::string_view::npos) {
            ++state.rejected;
          } else if (line.find("\"known\":true") != std::string_view::npos) {
            ++state.known;
          } else if (!line.empty()) {
            ++state.ok;
          }
          p = nl + 1;
        }
      } else if (code == 409) {
        ++state.known;
      } else {
        state.rejected += state.articles[i];
      }
      if (!options.quiet) {
        state.output += res.body();
        if (state.output.size() > (1 << 20)) {
          std::fputs(state.output.c_str(), stdout);
          state.output.clear();
        }
      }
      break;
    }
    // The server is gone: leave the rest unsent rather than fail each.
    if (!reachable) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

// The same over Protobuf/TCP: Hello, then one Article frame and its Ack at
// a time.
asio::awaitable<void> TcpPostWorker(const Url& url, const PostOptions& options,
                                    PostState& state) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  tcp::socket socket(executor);
  asio::steady_timer timer(executor);
  boost::system::error_code ec;
  auto endpoints = co_await resolver.async_resolve(
      url.host, url.port, asio::redirect_error(asio::use_awaitable, ec));
  if (!ec) {
    co_await asio::async_connect(socket, endpoints,
                                 asio::redirect_error(asio::use_awaitable, ec));
  }
  if (ec) {
    std::fprintf(stderr, "newsdedup post: cannot connect to %s:%s: %s\n",
                 url.host.c_str(), url.port.c_str(), ec.message().c_str());
    co_return;  // what it would have sent is left unsent
  }
  socket.set_option(tcp::no_delay(true));
  pb::Hello hello;
  hello.set_role(pb::Hello::PRODUCE);
  hello.set_token(options.token);
  std::string out = EncodeFrame(hello.SerializeAsString());
  co_await asio::async_write(socket, asio::buffer(out),
                             asio::redirect_error(asio::use_awaitable, ec));
  FrameReader reader(64 << 20);
  char chunk[65536];
  // Once the connection is lost, take no more articles: they stay unsent.
  while (!ec) {
    const size_t i = state.next.fetch_add(1);
    if (i >= state.bodies.size()) break;
    Clock::time_point scheduled = Clock::now();
    if (options.rate > 0) {
      scheduled =
          state.start + std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(i / options.rate));
      timer.expires_at(scheduled);
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    StatusOr<Article> article =
        ParseArticleJson(state.bodies[i], IngestLimits{});
    if (!article.ok()) {
      ++state.invalid;
      continue;
    }
    out = EncodeFrame(ToProto(*article).SerializeAsString());
    co_await asio::async_write(socket, asio::buffer(out),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      ++state.unsent;
      break;
    }
    std::string frame;
    while (!ec && reader.Next(&frame) != FrameReader::Result::kFrame) {
      const size_t n = co_await socket.async_read_some(
          asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, ec));
      reader.Append(std::string_view(chunk, n));
    }
    if (ec) {
      ++state.failed;
      break;
    }
    state.latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - scheduled)
            .count());
    pb::Ack ack;
    ack.ParseFromString(frame);
    if (ack.ok()) {
      ++state.ok;
    } else if (ack.already_known()) {
      ++state.known;
    } else {
      ++state.rejected;
    }
    if (!options.quiet) {
      state.output += ack.has_decision()
                          ? DecisionJson(ack.decision(), ack.already_known())
                          : "{\"error\":" + JsonString(ack.error()) + "}";
      state.output += "\n";
    }
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace

int PostCommand(const PostOptions& options) {
  Url url;
  if (!ParseUrl(options.tcp.empty() ? options.url : options.tcp, &url)) {
    std::fprintf(stderr, "newsdedup post: bad address %s\n",
                 (options.tcp.empty() ? options.url : options.tcp).c_str());
    return 2;
  }
  PostState state;
  const unsigned batch = options.tcp.empty() ? std::max(1u, options.batch) : 1;
  std::string pending;
  size_t pending_count = 0;
  for (const std::string& input : options.inputs) {
    StatusOr<std::unique_ptr<LineReader>> reader =
        LineReader::Open(input, 64 << 20);
    if (!reader.ok()) {
      std::fprintf(stderr, "newsdedup post: %s\n",
                   reader.status().ToString().c_str());
      return 2;
    }
    std::string line;
    while ((*reader)->Next(&line) == LineReader::Result::kLine) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      pending += line + "\n";
      if (++pending_count == batch) {
        state.bodies.push_back(std::move(pending));
        state.articles.push_back(pending_count);
        pending.clear();
        pending_count = 0;
      }
    }
  }
  if (pending_count > 0) {
    state.bodies.push_back(std::move(pending));
    state.articles.push_back(pending_count);
  }
  asio::io_context io(1);
  state.start = Clock::now();
  for (unsigned c = 0; c < std::max(1u, options.concurrency); ++c) {
    if (options.tcp.empty()) {
      asio::co_spawn(io, PostWorker(url, options, state), asio::detached);
    } else {
      asio::co_spawn(io, TcpPostWorker(url, options, state), asio::detached);
    }
  }
  io.run();
  const double seconds =
      std::chrono::duration<double>(Clock::now() - state.start).count();
  for (size_t i = std::min(state.next.load(), state.bodies.size());
       i < state.bodies.size(); ++i) {
    state.unsent += state.articles[i];
  }
  std::fputs(state.output.c_str(), stdout);
  std::fflush(stdout);
  uint64_t total = 0;
  for (size_t n : state.articles) total += n;
  const uint64_t acknowledged = state.ok + state.known + state.rejected;
  const uint64_t sent = acknowledged + state.failed;
  std::vector<double>& l = state.latencies_ms;
  const double p50 = Percentile(l, 0.50);
  const double p99 = Percentile(l, 0.99);
  const double p999 = Percentile(l, 0.999);
  using ull = unsigned long long;
  std::fprintf(
      stderr,
      "newsdedup post: %llu articles: %llu sent, %llu unsent, %llu invalid; "
      "%llu acknowledged (%llu stored, %llu already known, %llu rejected), "
      "%llu failed; %.2f s, %.0f acknowledged articles/s; %llu 503 "
      "retries; latency ms p50 %.2f p99 %.2f p99.9 %.2f\n",
      static_cast<ull>(total), static_cast<ull>(sent),
      static_cast<ull>(state.unsent), static_cast<ull>(state.invalid),
      static_cast<ull>(acknowledged), static_cast<ull>(state.ok),
      static_cast<ull>(state.known), static_cast<ull>(state.rejected),
      static_cast<ull>(state.failed), seconds,
      seconds > 0 ? acknowledged / seconds : 0.0,
      static_cast<ull>(state.overloaded), p50, p99, p999);
  if (state.failed > 0 || state.unsent > 0) return 2;
  return state.rejected > 0 || state.invalid > 0 ? 1 : 0;
}

int EventsCommand(const EventsOptions& options) {
  Url url;
  if (!ParseUrl(options.url, &url)) {
    std::fprintf(stderr, "newsdedup events: bad --url %s\n",
                 options.url.c_str());
    return 2;
  }
  asio::io_context io;
  tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  boost::system::error_code ec;
  auto endpoints = resolver.resolve(url.host, url.port, ec);
  if (!ec) stream.connect(endpoints, ec);
  if (ec) {
    std::fprintf(stderr, "newsdedup events: cannot connect to %s:%s: %s\n",
                 url.host.c_str(), url.port.c_str(), ec.message().c_str());
    return 2;
  }
  http::request<http::empty_body> req{
      http::verb::get, "/v1/events?from=" + std::to_string(options.from), 11};
  req.set(http::field::host, url.host);
  if (!options.token.empty()) {
    req.set(http::field::authorization, "Bearer " + options.token);
  }
  http::write(stream, req, ec);
  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(boost::none);
  if (!ec) http::read_header(stream, buffer, parser, ec);
  if (ec || parser.get().result() != http::status::ok) {
    std::fprintf(
        stderr, "newsdedup events: %s\n",
        ec ? ec.message().c_str()
           : ("HTTP " + std::to_string(parser.get().result_int())).c_str());
    return 2;
  }
  unsigned long long printed = 0;
  std::string partial;
  char chunk[64 << 10];
  while (!parser.is_done()) {
    parser.get().body().data = chunk;
    parser.get().body().size = sizeof(chunk);
    // read_some returns as soon as some of the body arrived: the stream is
    // live and a full buffer may be a long time coming.
    http::read_some(stream, buffer, parser, ec);
    if (ec == http::error::need_buffer) ec = {};
    if (ec) break;
    partial.append(chunk, sizeof(chunk) - parser.get().body().size);
    size_t nl;
    while ((nl = partial.find('\n')) != std::string::npos) {
      std::fwrite(partial.data(), 1, nl + 1, stdout);
      partial.erase(0, nl + 1);
      if (options.max && ++printed >= options.max) {
        std::fflush(stdout);
        return 0;
      }
    }
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace newsdedup
