// RequestBody: the daemon's HTTP request body, for Beast's parser. It grows
// only as bytes arrive — it never reserves what a Content-Length header
// announces — and charges every byte it holds to a RequestBudget shared by
// all connections, so that unfinished and unanswered requests together
// hold at most the budget. A body that would go over it fails with
// asio::error::no_buffer_space (answered 503); the charge is given back
// when the request is destroyed.
//
// Usage:
//   RequestBudget budget(256 << 20);
//   http::request_parser<RequestBody> parser;
//   parser.get().body().budget = &budget;  // before the body is read
//   co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
//   std::string_view text = parser.get().body().text;
//
// Thread safety: RequestBudget is safe from any thread; a body belongs to
// its connection's coroutine.
#pragma once

#include <atomic>
#include <boost/asio/error.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace newsdedup {

class RequestBudget {
 public:
  explicit RequestBudget(size_t cap) : cap_(cap) {}
  // Takes `bytes` from the budget; false (and nothing taken) when that
  // would go over it.
  bool Take(size_t bytes) {
    size_t held = held_.load();
    do {
      if (bytes > cap_ || held > cap_ - bytes) return false;
    } while (!held_.compare_exchange_weak(held, held + bytes));
    return true;
  }
  void Give(size_t bytes) { held_.fetch_sub(bytes); }
  size_t held() const { return held_.load(); }
  size_t cap() const { return cap_; }

 private:
  const size_t cap_;
  std::atomic<size_t> held_{0};
};

struct RequestBody {
  struct value_type {
    std::string text;
    RequestBudget* budget = nullptr;  // none: nothing is charged
    size_t charged = 0;

    value_type() = default;
    value_type(value_type&& other) noexcept
        : text(std::move(other.text)),
          budget(other.budget),
          charged(std::exchange(other.charged, 0)) {}
    value_type& operator=(value_type&& other) noexcept {
      if (this != &other) {
        Release();
        text = std::move(other.text);
        budget = other.budget;
        charged = std::exchange(other.charged, 0);
      }
      return *this;
    }
    value_type(const value_type&) = delete;
    value_type& operator=(const value_type&) = delete;
    ~value_type() { Release(); }

    void Release() {
      if (budget != nullptr && charged > 0) budget->Give(charged);
      charged = 0;
    }
  };

  static std::uint64_t size(const value_type& body) {
    return body.text.size();
  }

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(boost::beast::http::header<isRequest, Fields>&, value_type& body)
        : body_(body) {}

    // Reserves nothing: an announced length costs nothing until it comes.
    void init(const boost::optional<std::uint64_t>&,
              boost::system::error_code& ec) {
      ec = {};
    }

    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers,
                    boost::system::error_code& ec) {
      const size_t bytes = boost::asio::buffer_size(buffers);
      if (body_.budget != nullptr) {
        if (!body_.budget->Take(bytes)) {
          ec = boost::asio::error::no_buffer_space;
          return 0;
        }
        body_.charged += bytes;
      }
      for (auto it = boost::asio::buffer_sequence_begin(buffers);
           it != boost::asio::buffer_sequence_end(buffers); ++it) {
        const boost::asio::const_buffer b = *it;
        body_.text.append(static_cast<const char*>(b.data()), b.size());
      }
      ec = {};
      return bytes;
    }

    void finish(boost::system::error_code& ec) { ec = {}; }

   private:
    value_type& body_;
  };
};

}  // namespace newsdedup
