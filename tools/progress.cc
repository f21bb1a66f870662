#include "tools/progress.h"

#include <cstdio>

namespace newsdedup {

Progress::Progress(bool enabled)
    : enabled_(enabled),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double Progress::ElapsedSeconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                       start_)
      .count();
}

void Progress::Update(uint64_t done, double fraction) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(250)) return;
  last_draw_ = now;
  const double elapsed = ElapsedSeconds();
  const double rate = elapsed > 0 ? done / elapsed : 0;
  if (fraction > 0 && fraction <= 1) {
    const double left = elapsed * (1 - fraction) / fraction;
    std::fprintf(stderr, "\r\033[K%llu articles  %.0f/s  %.0f%%  %d:%02d left",
                 static_cast<unsigned long long>(done), rate, fraction * 100,
                 static_cast<int>(left) / 60, static_cast<int>(left) % 60);
  } else {
    std::fprintf(stderr, "\r\033[K%llu articles  %.0f/s",
                 static_cast<unsigned long long>(done), rate);
  }
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::Finish() {
  if (enabled_ && drawn_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace newsdedup
