// NatsConnection: connecting, streams, publishing and lookups. Consumers
// are in nats_consumers.cc, core request/reply in nats_requests.cc.
#include <algorithm>
#include <climits>

#include "ingest/nats/nats_internal.h"

namespace newsdedup {
namespace {

// How long one attempt of a retried publish waits for the stream's ack:
// long enough for a loaded stream, short enough to try again soon after a
// leader was lost with the request.
constexpr int64_t kAttemptWaitMs = 2000;
// Async publishes in flight before PublishAsync waits, how long it waits,
// and how long one waits for its ack before WaitPublished republishes it.
constexpr int64_t kMaxAsyncPending = 4096;
constexpr int64_t kAsyncStallWaitMs = 30000;

void OnAsyncPublishError(jsCtx*, jsPubAckErr* error, void* closure) {
  auto* impl = static_cast<NatsConnection::Impl*>(closure);
  PendingPublish copy = CopyForRetry(error->Msg);
  copy.error = std::string(natsStatus_GetText(error->Err));
  if (error->ErrText != nullptr)
    copy.error += std::string(": ") + error->ErrText;
  std::lock_guard<std::mutex> lock(impl->mu);
  impl->failed_async.push_back(std::move(copy));
}

// Rough size of the header block that NATS sends with a message
// ("NATS/1.0\r\n", "Name: value\r\n" each, a final "\r\n").
size_t HeaderBytes(std::string_view msg_id, const NatsHeaders& headers) {
  size_t bytes = 12;
  for (const auto& [name, value] : headers)
    bytes += name.size() + value.size() + 4;
  if (!msg_id.empty()) bytes += 15 + msg_id.size();
  return bytes;
}

}  // namespace

StatusOr<std::unique_ptr<NatsConnection>> NatsConnection::Connect(
    const NatsOptions& options) {
  if (options.servers.empty()) {
    return Status::InvalidArgument("NATS: no server named");
  }
  auto impl = std::make_unique<Impl>();
  natsOptions* opts = nullptr;
  natsStatus s = natsOptions_Create(&opts);
  if (s != NATS_OK) return NatsError("natsOptions_Create", s);
  std::vector<const char*> servers;
  for (const std::string& server : options.servers)
    servers.push_back(server.c_str());
  s = natsOptions_SetServers(opts, servers.data(),
                             static_cast<int>(servers.size()));
  if (s == NATS_OK && !options.name.empty())
    s = natsOptions_SetName(opts, options.name.c_str());
  if (s == NATS_OK)
    s = natsOptions_SetTimeout(opts, options.connect_timeout_ms);
  if (s == NATS_OK)
    s = natsOptions_SetMaxReconnect(opts, options.max_reconnects);
  if (s == NATS_OK)
    s = natsOptions_SetReconnectWait(opts, options.reconnect_wait_ms);
  // Only the servers the caller named: a cluster's gossip adds none.
  if (s == NATS_OK) s = natsOptions_SetIgnoreDiscoveredServers(opts, true);
  if (s == NATS_OK) s = natsOptions_SetSendAsap(opts, options.send_asap);
  if (s == NATS_OK) s = natsOptions_SetNoRandomize(opts, options.in_order);
  if (s == NATS_OK) s = natsConnection_Connect(&impl->nc, opts);
  natsOptions_Destroy(opts);
  if (s != NATS_OK) {
    std::string names;
    for (const std::string& server : options.servers) {
      names += (names.empty() ? "" : ",") + server;
    }
    return NatsError("natsConnection_Connect(" + names + ")", s);
  }
  jsOptions js_opts;
  jsOptions_Init(&js_opts);
  js_opts.PublishAsync.MaxPending = kMaxAsyncPending;
  js_opts.PublishAsync.StallWait = kAsyncStallWaitMs;
  js_opts.PublishAsync.ErrHandler = OnAsyncPublishError;
  js_opts.PublishAsync.ErrHandlerClosure = impl.get();
  s = natsConnection_JetStream(&impl->js, impl->nc, &js_opts);
  if (s != NATS_OK) return NatsError("natsConnection_JetStream", s);
  return std::make_unique<NatsConnection>(std::move(impl));
}

NatsConnection::NatsConnection(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}

NatsConnection::~NatsConnection() = default;

NatsConnection::Impl::~Impl() {
  // Let the Serve handlers finish what they hold, then stop them before
  // the handlers they call go away.
  for (Served& s : served) natsSubscription_Drain(s.sub);
  for (Served& s : served) natsSubscription_WaitForDrainCompletion(s.sub, 2000);
  if (nc != nullptr && !natsConnection_IsClosed(nc)) {
    natsConnection_FlushTimeout(nc, 1000);
  }
  natsConnection_Close(nc);
  for (Served& s : served) natsSubscription_Destroy(s.sub);
  jsCtx_Destroy(js);
  natsConnection_Destroy(nc);
}

Status NatsConnection::Impl::CheckSize(std::string_view subject,
                                       size_t data_bytes, size_t header_bytes) {
  const size_t bytes = data_bytes + header_bytes;
  const int64_t server_max = natsConnection_GetMaxPayload(nc);
  if (server_max > 0 && bytes > static_cast<size_t>(server_max)) {
    return Status::InvalidArgument("NATS publish to " + std::string(subject) +
                                   ": " + std::to_string(bytes) +
                                   " bytes, over the server's max_payload of " +
                                   std::to_string(server_max));
  }
  std::lock_guard<std::mutex> lock(mu);
  for (const KnownStream& stream : streams) {
    for (const std::string& pattern : stream.subjects) {
      if (!SubjectMatches(pattern, subject)) continue;
      if (stream.max_msg_size > 0 &&
          bytes > static_cast<size_t>(stream.max_msg_size)) {
        return Status::InvalidArgument(
            "NATS publish to " + std::string(subject) + ": " +
            std::to_string(bytes) + " bytes, over stream " + stream.name +
            "'s max_msg_size of " + std::to_string(stream.max_msg_size));
      }
    }
  }
  return Status::Ok();
}

Status NatsConnection::EnsureStream(const StreamSpec& spec) {
  if (spec.name.empty() || spec.subjects.empty()) {
    return Status::InvalidArgument(
        "EnsureStream: a stream needs a name and subjects");
  }
  if (spec.replicas < 1 || spec.replicas > 5) {
    return Status::InvalidArgument("EnsureStream(" + spec.name +
                                   "): replicas must be 1 to 5");
  }
  std::vector<const char*> subjects;
  for (const std::string& subject : spec.subjects)
    subjects.push_back(subject.c_str());
  jsStreamConfig cfg;
  jsStreamConfig_Init(&cfg);
  cfg.Name = spec.name.c_str();
  cfg.Subjects = subjects.data();
  cfg.SubjectsLen = static_cast<int>(subjects.size());
  cfg.Retention = spec.work_queue ? js_WorkQueuePolicy : js_LimitsPolicy;
  cfg.Storage = js_FileStorage;
  cfg.Replicas = spec.replicas;
  cfg.MaxBytes = spec.max_bytes;
  cfg.MaxMsgSize = static_cast<int32_t>(
      std::clamp<int64_t>(spec.max_msg_size, -1, INT32_MAX));
  cfg.Duplicates = spec.duplicate_window_ms * 1000000;  // nanoseconds

  // A create cannot truly find no stream: a cluster node that has just
  // rejoined was seen answering the create of a stream that exists with
  // "stream not found" until it had caught up.
  const char* operation = "js_AddStream";
  jsErrCode js_error = kNoJsError;
  const natsStatus s = RetryWhilePassing(
      kSetUpBudgetMs, JSStreamNotFoundErr, &js_error, [&](jsErrCode* error) {
        jsStreamInfo* info = nullptr;
        operation = "js_AddStream";
        natsStatus added = js_AddStream(&info, impl_->js, &cfg, nullptr, error);
        if (added != NATS_OK && *error == JSStreamNameExistErr) {
          operation = "js_UpdateStream";
          *error = kNoJsError;
          added = js_UpdateStream(&info, impl_->js, &cfg, nullptr, error);
        }
        jsStreamInfo_Destroy(info);
        return added;
      });
  if (s != NATS_OK) {
    return NatsError(std::string(operation) + "(" + spec.name + ")", s,
                     js_error);
  }
  std::lock_guard<std::mutex> lock(impl_->mu);
  auto& streams = impl_->streams;
  streams.erase(
      std::remove_if(streams.begin(), streams.end(),
                     [&](const KnownStream& k) { return k.name == spec.name; }),
      streams.end());
  streams.push_back(KnownStream{spec.name, spec.subjects, spec.max_msg_size});
  return Status::Ok();
}

StatusOr<PubAck> NatsConnection::Impl::PublishWithRetries(natsMsg* msg,
                                                          int64_t deadline_ms) {
  jsPubAck* ack = nullptr;
  jsErrCode js_error = kNoJsError;
  const natsStatus s = RetryWhilePassing(
      deadline_ms - nats_Now(), kNoJsError, &js_error, [&](jsErrCode* error) {
        jsPubOptions po;
        jsPubOptions_Init(&po);
        po.MaxWait =
            std::clamp<int64_t>(deadline_ms - nats_Now(), 200, kAttemptWaitMs);
        return js_PublishMsg(&ack, js, msg, &po, error);
      });
  StatusOr<PubAck> result =
      s == NATS_OK
          ? StatusOr<PubAck>(PubAck{ack->Sequence, ack->Duplicate})
          : StatusOr<PubAck>(NatsError(
                "js_PublishMsg(" + std::string(natsMsg_GetSubject(msg)) + ")",
                s, js_error));
  jsPubAck_Destroy(ack);
  natsMsg_Destroy(msg);
  return result;
}

StatusOr<PubAck> NatsConnection::Publish(std::string_view subject,
                                         std::string_view data,
                                         std::string_view msg_id,
                                         const NatsHeaders& headers,
                                         int timeout_ms) {
  const int64_t deadline = nats_Now() + timeout_ms;
  Status size =
      impl_->CheckSize(subject, data.size(), HeaderBytes(msg_id, headers));
  if (!size.ok()) return size;
  StatusOr<natsMsg*> msg = BuildMessage(subject, data, msg_id, headers);
  if (!msg.ok()) return msg.status();
  return impl_->PublishWithRetries(*msg, deadline);
}

Status NatsConnection::PublishAsync(std::string_view subject,
                                    std::string_view data,
                                    std::string_view msg_id,
                                    const NatsHeaders& headers) {
  Status size =
      impl_->CheckSize(subject, data.size(), HeaderBytes(msg_id, headers));
  if (!size.ok()) return size;
  StatusOr<natsMsg*> built = BuildMessage(subject, data, msg_id, headers);
  if (!built.ok()) return built.status();
  natsMsg* msg = *built;
  jsPubOptions po;
  jsPubOptions_Init(&po);
  // An ack lost with a leader would keep the message pending for ever:
  // after this long the client reports it to OnAsyncPublishError, and
  // WaitPublished publishes it again.
  po.MaxWait = 5000;
  const natsStatus s = js_PublishMsgAsync(impl_->js, &msg, &po);
  if (s != NATS_OK) {
    // Not sent now (the connection is between servers, or too many are
    // unacknowledged): WaitPublished sends it, with Publish's retries.
    PendingPublish copy = CopyForRetry(msg);
    copy.error = natsStatus_GetText(s);
    natsMsg_Destroy(msg);  // still ours when the call failed
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->failed_async.push_back(std::move(copy));
  }
  return Status::Ok();
}

Status NatsConnection::WaitPublished(int timeout_ms) {
  const int64_t deadline = nats_Now() + timeout_ms;
  jsPubOptions po;
  jsPubOptions_Init(&po);
  po.MaxWait = std::max(1, timeout_ms);
  std::vector<PendingPublish> retry;
  const natsStatus s = js_PublishAsyncComplete(impl_->js, &po);
  if (s == NATS_TIMEOUT) {
    // Take back what is still unacknowledged and publish it again below.
    natsMsgList pending{};
    if (js_PublishAsyncGetPendingList(&pending, impl_->js) == NATS_OK) {
      for (int i = 0; i < pending.Count; ++i)
        retry.push_back(CopyForRetry(pending.Msgs[i]));
      natsMsgList_Destroy(&pending);
    }
  } else if (s != NATS_OK) {
    return NatsError("js_PublishAsyncComplete", s);
  }
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    retry.insert(retry.begin(),
                 std::make_move_iterator(impl_->failed_async.begin()),
                 std::make_move_iterator(impl_->failed_async.end()));
    impl_->failed_async.clear();
  }
  size_t failures = 0;
  Status first_failure;
  for (PendingPublish& p : retry) {
    StatusOr<natsMsg*> msg = BuildMessage(p.subject, p.data, {}, p.headers);
    StatusOr<PubAck> ack = msg.ok() ? impl_->PublishWithRetries(*msg, deadline)
                                    : StatusOr<PubAck>(msg.status());
    if (ack.ok()) continue;
    if (failures++ == 0) {
      std::string what = "republishing to " + p.subject;
      for (const auto& [name, value] : p.headers) {
        if (name == "Nats-Msg-Id") what += " (Nats-Msg-Id " + value + ")";
      }
      if (!p.error.empty()) what += " after " + p.error;
      first_failure = ack.status().WithContext(what);
    }
  }
  if (failures == 0) return Status::Ok();
  return first_failure.WithContext(
      "WaitPublished: " + std::to_string(failures) + " of " +
      std::to_string(retry.size()) + " retried messages failed");
}

StatusOr<uint64_t> NatsConnection::LastSequence(std::string_view stream,
                                                std::string_view subject) {
  const std::string stream_name(stream);
  jsErrCode js_error = kNoJsError;
  if (subject.empty()) {
    jsStreamInfo* info = nullptr;
    const natsStatus s = js_GetStreamInfo(&info, impl_->js, stream_name.c_str(),
                                          nullptr, &js_error);
    if (s != NATS_OK)
      return NatsError("js_GetStreamInfo(" + stream_name + ")", s, js_error);
    const uint64_t last = info->State.Msgs == 0 ? 0 : info->State.LastSeq;
    jsStreamInfo_Destroy(info);
    return last;
  }
  const std::string subject_text(subject);
  natsMsg* msg = nullptr;
  const natsStatus s = js_GetLastMsg(&msg, impl_->js, stream_name.c_str(),
                                     subject_text.c_str(), nullptr, &js_error);
  if (s == NATS_NOT_FOUND && js_error != JSStreamNotFoundErr)
    return uint64_t{0};
  if (s != NATS_OK) {
    return NatsError("js_GetLastMsg(" + stream_name + ", " + subject_text + ")",
                     s, js_error);
  }
  const uint64_t sequence = natsMsg_GetSequence(msg);
  natsMsg_Destroy(msg);
  return sequence;
}

StatusOr<NatsMessage> NatsConnection::GetMessage(std::string_view stream,
                                                 uint64_t sequence) {
  const std::string stream_name(stream);
  natsMsg* msg = nullptr;
  jsErrCode js_error = kNoJsError;
  const natsStatus s = js_GetMsg(&msg, impl_->js, stream_name.c_str(), sequence,
                                 nullptr, &js_error);
  if (s != NATS_OK) {
    return NatsError(
        "js_GetMsg(" + stream_name + ", " + std::to_string(sequence) + ")", s,
        js_error);
  }
  return WrapMessage(msg);
}

StatusOr<std::string> NatsConnection::StreamLeader(std::string_view stream) {
  const std::string stream_name(stream);
  jsStreamInfo* info = nullptr;
  jsErrCode js_error = kNoJsError;
  const natsStatus s = js_GetStreamInfo(&info, impl_->js, stream_name.c_str(),
                                        nullptr, &js_error);
  if (s != NATS_OK)
    return NatsError("js_GetStreamInfo(" + stream_name + ")", s, js_error);
  std::string leader;
  if (info->Cluster != nullptr && info->Cluster->Leader != nullptr)
    leader = info->Cluster->Leader;
  jsStreamInfo_Destroy(info);
  return leader;
}

}  // namespace newsdedup
