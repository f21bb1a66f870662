#include "ingest/threads.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

namespace newsdedup {
namespace {

// Enough that a decision thread sharing a core gets three quarters of it
// (CFS weights 1024 against 335), not so much that the workers fall behind
// on a machine busy with other work.
constexpr int kBackgroundNice = 5;

}  // namespace

unsigned WorkerThreads(unsigned requested) {
  if (requested > 0) return requested;
  return std::max(1u, std::thread::hardware_concurrency());
}

void RunAtBackgroundPriority() {
  thread_local bool lowered = false;  // once a thread: the calls add up
  if (lowered) return;
  lowered = true;
  const int current = getpriority(PRIO_PROCESS, gettid());
  (void)setpriority(PRIO_PROCESS, gettid(), current + kBackgroundNice);
}

}  // namespace newsdedup
