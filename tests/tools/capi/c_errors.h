// For the C API's tests: owns the error message a call hands out, so that
// a failing test leaks nothing.
#pragma once

#include <string>

#include "tools/capi/c.h"

namespace newsdedup::test {

struct CError {
  char* message = nullptr;
  CError() = default;
  CError(const CError&) = delete;
  CError& operator=(const CError&) = delete;
  ~CError() { newsdedup_free(message); }
  // The message, and none held any more.
  std::string Take() {
    std::string out = message ? message : "";
    newsdedup_free(message);
    message = nullptr;
    return out;
  }
};

}  // namespace newsdedup::test
