// NatsConnection's readers: durable pull consumers (Pull, Fetch) and
// ordered readers from a sequence (Read, Next).
#include <algorithm>
#include <chrono>
#include <thread>

#include "ingest/nats/nats_internal.h"

namespace newsdedup {
namespace {

// The most messages one Fetch asks for, whatever the caller wants: a
// batch stays a bounded amount of memory.
constexpr int kMaxFetch = 4096;

// Creates the durable consumer of `spec` unless it exists. Workers of one
// role race here at start; the server accepts the same config twice.
Status EnsureConsumer(jsCtx* js, const PullSpec& spec) {
  const std::string name = spec.stream + "/" + spec.durable;
  jsErrCode js_error = kNoJsError;
  natsStatus s = RetryWhilePassing(
      kSetUpBudgetMs, kNoJsError, &js_error, [&](jsErrCode* error) {
        jsConsumerInfo* info = nullptr;
        const natsStatus got =
            js_GetConsumerInfo(&info, js, spec.stream.c_str(),
                               spec.durable.c_str(), nullptr, error);
        jsConsumerInfo_Destroy(info);
        return got;
      });
  if (s == NATS_OK) return Status::Ok();
  if (s != NATS_NOT_FOUND || js_error == JSStreamNotFoundErr) {
    return NatsError("js_GetConsumerInfo(" + name + ")", s, js_error);
  }
  jsConsumerConfig cc;
  jsConsumerConfig_Init(&cc);
  cc.Durable = spec.durable.c_str();
  cc.AckPolicy = js_AckExplicit;
  cc.AckWait = spec.ack_wait_ms * 1000000;  // nanoseconds
  cc.MaxDeliver = spec.max_deliver;
  cc.MaxAckPending = spec.max_ack_pending;
  if (!spec.filter_subject.empty()) {
    cc.FilterSubject = spec.filter_subject.c_str();
  }
  if (spec.start_sequence > 0) {
    cc.DeliverPolicy = js_DeliverByStartSequence;
    cc.OptStartSeq = spec.start_sequence;
  } else {
    cc.DeliverPolicy = js_DeliverAll;
  }
  s = RetryWhilePassing(
      kSetUpBudgetMs, kNoJsError, &js_error, [&](jsErrCode* error) {
        jsConsumerInfo* info = nullptr;
        const natsStatus added =
            js_AddConsumer(&info, js, spec.stream.c_str(), &cc, nullptr, error);
        jsConsumerInfo_Destroy(info);
        return added;
      });
  if (s != NATS_OK)
    return NatsError("js_AddConsumer(" + name + ")", s, js_error);
  return Status::Ok();
}

}  // namespace

PullConsumer::PullConsumer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
PullConsumer::~PullConsumer() = default;

StatusOr<std::vector<NatsMessage>> PullConsumer::Fetch(int max,
                                                       int timeout_ms) {
  if (max < 1) return Status::InvalidArgument("Fetch: max must be positive");
  natsMsgList list{};
  jsErrCode js_error = kNoJsError;
  const natsStatus s =
      natsSubscription_Fetch(&list, impl_->sub, std::min(max, kMaxFetch),
                             std::max(1, timeout_ms), &js_error);
  std::vector<NatsMessage> out;
  if (s == NATS_TIMEOUT) return out;  // nothing came in time
  if (s != NATS_OK) {
    natsMsgList_Destroy(&list);
    return NatsError("natsSubscription_Fetch(" + impl_->name + ")", s,
                     js_error);
  }
  out.reserve(list.Count);
  for (int i = 0; i < list.Count; ++i) {
    out.push_back(WrapMessage(list.Msgs[i]));
    list.Msgs[i] = nullptr;  // now owned by `out`
  }
  natsMsgList_Destroy(&list);
  return out;
}

StreamReader::StreamReader(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
StreamReader::~StreamReader() = default;

namespace {

// An ordered consumer from `start` on, into impl->sub.
Status SubscribeOrdered(jsCtx* js, StreamReader::Impl* impl, uint64_t start) {
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = impl->stream.c_str();
  so.Ordered = true;
  so.Config.DeliverPolicy = js_DeliverByStartSequence;
  so.Config.OptStartSeq = std::max<uint64_t>(1, start);
  jsErrCode js_error = kNoJsError;
  // An ordered consumer needs a subject: ">" filters nothing out.
  const natsStatus s =
      js_SubscribeSync(&impl->sub, js,
                       impl->filter.empty() ? ">" : impl->filter.c_str(),
                       nullptr, &so, &js_error);
  if (s != NATS_OK) {
    impl->sub = nullptr;
    return NatsError("js_SubscribeSync(ordered " + impl->name + ")", s,
                     js_error);
  }
  return Status::Ok();
}

// How long a reader waits without a message before it asks the stream
// whether it has stalled.
constexpr int kStallCheckMs = 1000;

}  // namespace

StatusOr<std::optional<NatsMessage>> StreamReader::Next(int timeout_ms) {
  Impl& r = *impl_;
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(std::max(1, timeout_ms));
  for (;;) {
    const int remaining = static_cast<int>(
        std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now())
            .count());
    const int slice = std::clamp(remaining, 1, kStallCheckMs);
    natsMsg* msg = nullptr;
    natsStatus s = NATS_TIMEOUT;
    if (r.sub != nullptr) {
      s = natsSubscription_NextMsg(&msg, r.sub, slice);
    } else {
      // Subscribing again failed (an election was on): wait, then retry.
      std::this_thread::sleep_for(std::chrono::milliseconds(slice));
    }
    if (s == NATS_OK) {
      NatsMessage message = WrapMessage(msg);
      r.next = message.stream_sequence() + 1;
      r.idle_ms = 0;
      return std::optional<NatsMessage>(std::move(message));
    }
    if (s != NATS_TIMEOUT) {
      return NatsError("natsSubscription_NextMsg(" + r.name + ")", s);
    }
    // An ordered consumer whose server died can stall while the stream
    // goes on (the client does not always notice). After a quiet second,
    // the stream is asked how far it is; if further, it is read again from
    // where this reader is.
    if ((r.idle_ms += slice) >= kStallCheckMs || r.sub == nullptr) {
      r.idle_ms = 0;
      StatusOr<uint64_t> last = r.connection->LastSequence(r.stream, r.filter);
      if (last.ok() && *last >= r.next) {
        r.Drop();
        Status again = SubscribeOrdered(r.js, &r, r.next);
        // Unavailable while the stream or its consumers elect a leader:
        // tried again after the next quiet stretch.
        if (!again.ok() && again.code() != Status::Code::kUnavailable) {
          return again;
        }
      }
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return std::optional<NatsMessage>();
    }
  }
}

StatusOr<std::unique_ptr<PullConsumer>> NatsConnection::Pull(
    const PullSpec& spec) {
  if (spec.stream.empty() || spec.durable.empty()) {
    return Status::InvalidArgument(
        "Pull: a stream and a durable name are needed");
  }
  Status ensured = EnsureConsumer(impl_->js, spec);
  if (!ensured.ok()) return ensured;
  auto impl = std::make_unique<PullConsumer::Impl>();
  impl->name = spec.stream + "/" + spec.durable;
  jsSubOptions so;
  jsSubOptions_Init(&so);
  so.Stream = spec.stream.c_str();
  so.Consumer = spec.durable.c_str();
  so.ManualAck = true;
  jsErrCode js_error = kNoJsError;
  const natsStatus s = js_PullSubscribe(
      &impl->sub, impl_->js,
      spec.filter_subject.empty() ? nullptr : spec.filter_subject.c_str(),
      spec.durable.c_str(), nullptr, &so, &js_error);
  if (s != NATS_OK) {
    return NatsError("js_PullSubscribe(" + impl->name + ")", s, js_error);
  }
  return std::make_unique<PullConsumer>(std::move(impl));
}

StatusOr<std::unique_ptr<StreamReader>> NatsConnection::Read(
    std::string_view stream, std::string_view filter_subject,
    uint64_t start_sequence) {
  if (stream.empty()) return Status::InvalidArgument("Read: no stream named");
  auto impl = std::make_unique<StreamReader::Impl>();
  impl->stream = std::string(stream);
  impl->filter = std::string(filter_subject);
  impl->name = impl->stream + (impl->filter.empty() ? "" : "/" + impl->filter);
  impl->connection = this;
  impl->js = impl_->js;
  impl->next = std::max<uint64_t>(1, start_sequence);
  Status s = SubscribeOrdered(impl_->js, impl.get(), impl->next);
  if (!s.ok()) return s;
  return std::make_unique<StreamReader>(std::move(impl));
}

}  // namespace newsdedup
