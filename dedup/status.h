// Status and StatusOr: errors as values at library boundaries.
//
// Every fallible call across a component boundary (dedup/, storage/, ingest/)
// returns one of these instead of throwing. A Status is either OK or carries a
// code and a message that names what was wrong and where ("line 12: missing
// field \"id\""). Both types are [[nodiscard]]: ignoring an error has to be
// written down (e.g. `(void)store.Flush();` with a comment saying why).
//
// Example:
//   StatusOr<int> port = ParsePort(text);
//   if (!port.ok()) return port.status();
//   Listen(*port);
//
// Status lives in dedup/ because dedup is the bottom layer that every other
// component already depends on; it has no dependencies of its own.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace newsdedup {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad input from a user or a client
    kNotFound,
    kAlreadyExists,      // e.g. a duplicate article id
    kIOError,            // the filesystem or the store failed
    kCorruption,         // stored data that does not decode
    kResourceExhausted,  // a size cap or a queue limit was hit
    kUnavailable,        // shutting down, try again elsewhere or later
    kInternal,
  };

  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) {
    return Status(Code::kNotFound, std::move(msg));
  }
  static Status AlreadyExists(std::string msg) {
    return Status(Code::kAlreadyExists, std::move(msg));
  }
  static Status IOError(std::string msg) {
    return Status(Code::kIOError, std::move(msg));
  }
  static Status Corruption(std::string msg) {
    return Status(Code::kCorruption, std::move(msg));
  }
  static Status ResourceExhausted(std::string msg) {
    return Status(Code::kResourceExhausted, std::move(msg));
  }
  static Status Unavailable(std::string msg) {
    return Status(Code::kUnavailable, std::move(msg));
  }
  static Status Internal(std::string msg) {
    return Status(Code::kInternal, std::move(msg));
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "invalid argument: line 3: missing field \"id\"".
  std::string ToString() const;

  // A copy of this status with `context` put in front of the message.
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

const char* StatusCodeName(Status::Code code);

inline std::string Status::ToString() const {
  if (ok()) return "ok";
  return std::string(StatusCodeName(code_)) + ": " + message_;
}

inline const char* StatusCodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk:
      return "ok";
    case Status::Code::kInvalidArgument:
      return "invalid argument";
    case Status::Code::kNotFound:
      return "not found";
    case Status::Code::kAlreadyExists:
      return "already exists";
    case Status::Code::kIOError:
      return "I/O error";
    case Status::Code::kCorruption:
      return "corruption";
    case Status::Code::kResourceExhausted:
      return "resource exhausted";
    case Status::Code::kUnavailable:
      return "unavailable";
    case Status::Code::kInternal:
      return "internal error";
  }
  return "unknown";
}

// A value or the error that prevented it. REQUIRES: ok() before value().
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "StatusOr needs a value or an error");
    if (status_.ok()) status_ = Status::Internal("StatusOr built from OK");
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace newsdedup
