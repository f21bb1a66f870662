// NatsConnection: the scale-out mode's one door to NATS JetStream (libnats),
// so that the roles (front ends, fingerprint workers, index shards, the
// decider) speak of streams, consumers and requests, never of the C client.
//
// What it does: creates or updates streams (EnsureStream), publishes to them
// and waits for their acknowledgement (Publish, or PublishAsync then
// WaitPublished for throughput), reads them through durable pull consumers
// shared by the workers of one role (Pull) or in order from a sequence
// (Read), looks up single messages (LastSequence, GetMessage), and serves
// core NATS requests (Request, Serve, PublishCore).
//
// Errors: Status values whose messages name the NATS operation and the
// client's error text. kUnavailable when the cluster did not answer in time
// (no leader, no server), kNotFound for a missing message or stream,
// kInvalidArgument for a message over the size caps (refused before
// sending: the stream's max_msg_size when the subject belongs to a stream
// this connection ensured, and always the server's max_payload).
//
// Delivery: Publish retries with backoff while the stream has no leader;
// give a msg_id (Nats-Msg-Id) to make a retry that the stream did store
// once come back as a `duplicate` ack rather than a second message. Pull
// consumers deliver at least once: a message not acked within ack_wait_ms
// is delivered again.
//
// Connections go only to the servers named in NatsOptions (servers the
// cluster gossips are ignored) and the client opens no listening socket.
//
// Thread safety: NatsConnection's members are safe from any thread.
// A PullConsumer, a StreamReader and a NatsMessage are used from one thread
// at a time. REQUIRES: the connection outlives every consumer, reader and
// message it handed out (their Ack/Nak/Fetch/Next go through it).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dedup/status.h"

namespace newsdedup {

struct NatsOptions {
  std::vector<std::string> servers;  // "nats://127.0.0.1:4222", ...
  std::string name;                  // client name, for the server's logs
  int connect_timeout_ms = 5000;
  // Reconnects forever by default (a daemon outlives a node's restart).
  int max_reconnects = -1;
  int reconnect_wait_ms = 200;
  // Writes every message to the socket at once rather than letting the
  // client's flusher coalesce them: a Serve reply otherwise waits ~1 ms for
  // it (on loopback a request/reply took 1.0 ms instead of 0.3 ms), while
  // R3 async publishing ran as fast either way (the stream's replication
  // is the bound).
  bool send_asap = true;
  // Tries the servers in the order named rather than shuffled: a role can
  // prefer the node on its own machine.
  bool in_order = false;
};

using NatsHeaders = std::vector<std::pair<std::string, std::string>>;

struct StreamSpec {
  std::string name;
  std::vector<std::string> subjects;
  int replicas = 1;
  int64_t duplicate_window_ms = 120000;  // Nats-Msg-Id window
  int64_t max_bytes = -1;                // -1: unlimited
  int64_t max_msg_size = 8 << 20;
  bool work_queue = false;  // WorkQueue retention, else Limits
};

struct PubAck {
  uint64_t sequence = 0;
  bool duplicate = false;  // the stream already held this Nats-Msg-Id
};

// One message received (JetStream or core). Owns the client's message:
// what subject() and data() return lives as long as the NatsMessage.
class NatsMessage {
 public:
  NatsMessage(NatsMessage&&) noexcept;
  NatsMessage& operator=(NatsMessage&&) noexcept;
  ~NatsMessage();

  const std::string& subject() const;
  std::string_view data() const;
  // The first value of header `name`, nullopt when the message has none.
  std::optional<std::string> Header(std::string_view name) const;
  uint64_t stream_sequence() const;  // 0 for a core message
  // JetStream: acknowledges and waits for the server's confirmation (an ack
  // lost on the way would mean a redelivery).
  Status Ack();
  // JetStream: asks for the message to be delivered again now.
  Status Nak();

  struct Impl;  // the client's message and what was read from it
  explicit NatsMessage(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

// A durable pull consumer. Destroying it leaves the consumer on the server.
class PullConsumer {
 public:
  ~PullConsumer();
  // Up to `max` messages; an empty vector (not an error) when none came
  // within timeout_ms.
  StatusOr<std::vector<NatsMessage>> Fetch(int max, int timeout_ms);

  struct Impl;
  explicit PullConsumer(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

// Reads a stream in order from a sequence (an ordered consumer: not
// durable, nothing to ack, re-created by the client after a failure so that
// no message is skipped or repeated).
class StreamReader {
 public:
  ~StreamReader();
  // The next message, or nullopt when none arrived within timeout_ms.
  StatusOr<std::optional<NatsMessage>> Next(int timeout_ms);

  struct Impl;
  explicit StreamReader(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

struct PullSpec {
  std::string stream;
  std::string durable;         // shared by all workers of one role
  std::string filter_subject;  // "" for all
  // 0: from the first message (DeliverAll), else DeliverByStartSequence.
  // Used only when the consumer is created.
  uint64_t start_sequence = 0;
  int64_t ack_wait_ms = 30000;
  int max_ack_pending = 1024;
  int max_deliver = -1;  // -1: unlimited
};

class NatsConnection {
 public:
  static StatusOr<std::unique_ptr<NatsConnection>> Connect(
      const NatsOptions& options);
  // Drains the Serve subscriptions, then closes. Async publishes not yet
  // acknowledged are dropped: call WaitPublished first.
  ~NatsConnection();
  NatsConnection(const NatsConnection&) = delete;
  NatsConnection& operator=(const NatsConnection&) = delete;

  // Creates the stream, or updates an existing one with the same name to
  // `spec` (idempotent: every role calls it at start). Changes the server
  // refuses (retention, storage) are errors.
  Status EnsureStream(const StreamSpec& spec);

  // Publishes and waits for the stream's ack. `msg_id` ("" for none) goes
  // in Nats-Msg-Id. Retries (with backoff, up to timeout_ms in all) while
  // the stream has no leader (a node was killed, an election is on). The
  // client cannot tell that from a subject no stream takes: that too fails
  // with kUnavailable once timeout_ms has passed.
  StatusOr<PubAck> Publish(std::string_view subject, std::string_view data,
                           std::string_view msg_id = {},
                           const NatsHeaders& headers = {},
                           int timeout_ms = 30000);

  // Asynchronous publishing for throughput: PublishAsync queues (waiting
  // when too many are unacknowledged; one the client cannot send at once,
  // between servers, is kept and sent by WaitPublished; errors are only
  // for messages that can never go, over a size cap), WaitPublished waits
  // until every
  // queued message was acknowledged by the stream. Messages the stream
  // refused or never acknowledged are republished by WaitPublished (with
  // Publish's retries) before it gives up with an error naming the first
  // that still failed; so ordering per subject may differ only across
  // retries. Give msg_ids so that a republish cannot store a message twice.
  Status PublishAsync(std::string_view subject, std::string_view data,
                      std::string_view msg_id = {},
                      const NatsHeaders& headers = {});
  Status WaitPublished(int timeout_ms = 30000);

  // Binds to the durable pull consumer `spec.durable` on `spec.stream`,
  // creating it (explicit acks) when it does not exist.
  StatusOr<std::unique_ptr<PullConsumer>> Pull(const PullSpec& spec);
  // Reads `stream` (only `filter_subject` when not empty) from
  // start_sequence (1 = from the start).
  StatusOr<std::unique_ptr<StreamReader>> Read(std::string_view stream,
                                               std::string_view filter_subject,
                                               uint64_t start_sequence);

  // The stream's last sequence (0 when empty), or of one subject when
  // `subject` is not empty (0 when it has none).
  StatusOr<uint64_t> LastSequence(std::string_view stream,
                                  std::string_view subject = {});
  // The message at a stream sequence, kNotFound when there is none.
  StatusOr<NatsMessage> GetMessage(std::string_view stream, uint64_t sequence);
  // The name of the server that leads the stream ("" while none does), for
  // operators and for the tests that kill it.
  StatusOr<std::string> StreamLeader(std::string_view stream);

  // Core NATS (no persistence): request/reply and subscriptions, for the
  // index shards' queries.
  StatusOr<std::string> Request(std::string_view subject, std::string_view data,
                                int timeout_ms);
  // Serves requests on `subject` (queue group `queue`, "" for none):
  // `handler` runs on the client's thread, one message at a time per
  // subscription, and its return value is the reply.
  using RequestHandler = std::function<std::string(const NatsMessage&)>;
  Status Serve(std::string_view subject, std::string_view queue,
               RequestHandler handler);
  Status PublishCore(std::string_view subject, std::string_view data);
  Status Flush(int timeout_ms = 5000);

  struct Impl;
  explicit NatsConnection(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsdedup
