// Progress: a one-line progress report on stderr (articles done, rate, time
// left) for long batch runs, redrawn at most a few times a second and only
// when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>

namespace newsdedup {

class Progress {
 public:
  explicit Progress(bool enabled);
  // `done` articles so far; `fraction` of the input consumed, in [0, 1], or
  // negative when unknown (stdin).
  void Update(uint64_t done, double fraction);
  // Clears the line so that the summary starts clean.
  void Finish();
  double ElapsedSeconds() const;

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace newsdedup
