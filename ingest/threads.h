// Worker threads: how many, and at what priority.
//
// Every option that sets a number of threads reads 0 as "all cores"
// (WorkerThreads). Threads that work ahead of a serial stage run at
// background priority: a batch's decisions are made on one thread, in
// input order, and that thread is the batch's limit; fingerprinting and
// generating input run ahead of it on other threads and have time to spare.
// When every core is busy, those threads should yield the core the
// decisions need rather than share it equally.
//
// Thread safety: both functions are safe from any thread.
#pragma once

namespace newsdedup {

// `requested` threads, or one per core when it is 0 (at least one either
// way).
unsigned WorkerThreads(unsigned requested);

// Lowers the calling thread's scheduling priority a little (nice +5; on
// Linux a thread's nice value is its own). Best effort: a failure leaves
// the priority as it was, which is only slower. Once per thread: later
// calls on the same thread do nothing.
void RunAtBackgroundPriority();

}  // namespace newsdedup
