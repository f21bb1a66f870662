// Background priority for threads that work ahead of a serial stage.
//
// A batch's decisions are made on one thread, in input order, and that
// thread is the batch's limit; fingerprinting and generating input run
// ahead of it on other threads and have time to spare. When every core is
// busy, those threads should yield the core the decisions need rather than
// share it equally.
#pragma once

namespace newsdedup {

// Lowers the calling thread's scheduling priority a little (nice +5; on
// Linux a thread's nice value is its own). Best effort: a failure leaves
// the priority as it was, which is only slower. Once per thread: later
// calls on the same thread do nothing.
void RunAtBackgroundPriority();

}  // namespace newsdedup
