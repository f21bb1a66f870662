// What the files of ingest/nats share behind nats_client.h: the Impl
// structs holding the C client's handles, and the helpers that turn its
// status codes into Status values. Included only by ingest/nats/*.cc.
#pragma once

#include <nats/nats.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/nats/nats_client.h"

namespace newsdedup {

constexpr jsErrCode kNoJsError = static_cast<jsErrCode>(0);

// "js_AddStream(input): Timeout: <the client's last error> (JetStream
// error 10058)", with the code that fits the status: kUnavailable for
// timeouts, no responders and lost connections, kNotFound for not found.
Status NatsError(std::string_view operation, natsStatus s,
                 jsErrCode js_error = kNoJsError);

// True for the failures that a leader election or a reconnect explains, so
// that retrying later may succeed.
bool IsTransient(natsStatus s, jsErrCode js_error);

// Runs `attempt` (which sets its JetStream error) until it succeeds, fails
// for a reason that is not transient, or `budget_ms` has passed, sleeping
// 50 ms, doubling to 0.5 s, between tries: the one way every call here
// waits out a cluster in the middle of an election, a reconnect or a
// node's rejoining. `catching_up`, when not kNoJsError, is a JetStream
// error the caller knows to be such a passing state. Returns the last
// try's status and sets *js_error to its error.
natsStatus RetryWhilePassing(
    int64_t budget_ms, jsErrCode catching_up, jsErrCode* js_error,
    const std::function<natsStatus(jsErrCode*)>& attempt);
constexpr int64_t kSetUpBudgetMs = 15000;  // what set-up calls allow

struct NatsMessage::Impl {
  explicit Impl(natsMsg* m);
  ~Impl() { natsMsg_Destroy(msg); }
  natsMsg* msg;
  std::string subject;
  uint64_t stream_sequence = 0;
};

NatsMessage WrapMessage(natsMsg* msg);  // takes ownership

// A message whose publication has to be retried by WaitPublished.
struct PendingPublish {
  std::string subject;
  std::string data;
  NatsHeaders headers;  // Nats-Msg-Id among them
  std::string error;    // why it failed, "" when it was only unacknowledged
};

// A copy of what `msg` carries, so that it can be published again.
PendingPublish CopyForRetry(natsMsg* msg);

// A message for `subject` with `headers` and, when not empty, Nats-Msg-Id.
StatusOr<natsMsg*> BuildMessage(std::string_view subject, std::string_view data,
                                std::string_view msg_id,
                                const NatsHeaders& headers);

// A stream this connection ensured: its subjects and the message size cap.
struct KnownStream {
  std::string name;
  std::vector<std::string> subjects;
  int64_t max_msg_size = 0;
};

// True when `subject` matches the NATS subject pattern `pattern` ("*" one
// token, ">" one or more trailing tokens).
bool SubjectMatches(std::string_view pattern, std::string_view subject);

struct NatsConnection::Impl {
  ~Impl();
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;

  std::mutex mu;  // guards the members below
  std::vector<KnownStream> streams;
  std::vector<PendingPublish> failed_async;  // filled by the ack callback

  // A Serve subscription and the handler it calls; never moved once made.
  struct Served {
    NatsConnection::RequestHandler handler;
    natsSubscription* sub = nullptr;
  };
  std::list<Served> served;

  // Refuses a message too large for the server or for a known stream.
  Status CheckSize(std::string_view subject, size_t data_bytes,
                   size_t header_bytes);
  // Publishes `msg` (owned) with retries until `deadline_ms` (nats_Now);
  // tries once even when the deadline has passed.
  StatusOr<PubAck> PublishWithRetries(natsMsg* msg, int64_t deadline_ms);
};

struct PullConsumer::Impl {
  ~Impl() { natsSubscription_Destroy(sub); }
  natsSubscription* sub = nullptr;
  std::string name;  // "stream/durable", for error messages
};

struct StreamReader::Impl {
  ~Impl() { Drop(); }
  void Drop() {
    if (sub == nullptr) return;
    // Ordered consumers are ephemeral: unsubscribing removes them at once.
    natsSubscription_Unsubscribe(sub);
    natsSubscription_Destroy(sub);
    sub = nullptr;
  }
  natsSubscription* sub = nullptr;
  std::string name;
  // What it reads, to subscribe again from where it is (StreamReader::Next).
  NatsConnection* connection = nullptr;
  jsCtx* js = nullptr;  // the connection's
  std::string stream, filter;
  uint64_t next = 1;      // the stream sequence it expects next
  int idle_ms = 0;        // waited without a message since the last check
};

}  // namespace newsdedup
