// NatsConnection's core NATS side: request/reply and serving requests, with
// no persistence (the index shards' queries).
#include "ingest/nats/nats_internal.h"

namespace newsdedup {
namespace {

// Runs on the subscription's own thread, one message at a time.
void OnRequest(natsConnection* nc, natsSubscription*, natsMsg* msg,
               void* closure) {
  auto* served = static_cast<NatsConnection::Impl::Served*>(closure);
  const char* reply_to = natsMsg_GetReply(msg);
  const std::string reply_subject = reply_to == nullptr ? "" : reply_to;
  NatsMessage request = WrapMessage(msg);
  std::string reply;
  try {
    reply = served->handler(request);
  } catch (...) {
    // No exception may cross into the C client; the requester times out.
    return;
  }
  if (reply_subject.empty()) return;
  // A reply over the server's max_payload is refused here and the
  // requester times out: handlers keep replies small.
  natsConnection_Publish(nc, reply_subject.c_str(), reply.data(),
                         static_cast<int>(reply.size()));
}

}  // namespace

StatusOr<std::string> NatsConnection::Request(std::string_view subject,
                                              std::string_view data,
                                              int timeout_ms) {
  Status size = impl_->CheckSize(subject, data.size(), 0);
  if (!size.ok()) return size;
  const std::string subject_text(subject);
  natsMsg* reply = nullptr;
  const natsStatus s = natsConnection_Request(
      &reply, impl_->nc, subject_text.c_str(), data.data(),
      static_cast<int>(data.size()), timeout_ms);
  if (s != NATS_OK) {
    return NatsError("natsConnection_Request(" + subject_text + ")", s);
  }
  std::string out(natsMsg_GetData(reply), natsMsg_GetDataLength(reply));
  natsMsg_Destroy(reply);
  return out;
}

Status NatsConnection::Serve(std::string_view subject, std::string_view queue,
                             RequestHandler handler) {
  const std::string subject_text(subject);
  const std::string queue_text(queue);
  std::lock_guard<std::mutex> lock(impl_->mu);
  Impl::Served& served = impl_->served.emplace_back();
  served.handler = std::move(handler);
  const natsStatus s =
      queue_text.empty()
          ? natsConnection_Subscribe(&served.sub, impl_->nc,
                                     subject_text.c_str(), OnRequest, &served)
          : natsConnection_QueueSubscribe(
                &served.sub, impl_->nc, subject_text.c_str(),
                queue_text.c_str(), OnRequest, &served);
  if (s != NATS_OK) {
    impl_->served.pop_back();
    return NatsError("natsConnection_Subscribe(" + subject_text + ")", s);
  }
  return Status::Ok();
}

Status NatsConnection::PublishCore(std::string_view subject,
                                   std::string_view data) {
  Status size = impl_->CheckSize(subject, data.size(), 0);
  if (!size.ok()) return size;
  const std::string subject_text(subject);
  const natsStatus s =
      natsConnection_Publish(impl_->nc, subject_text.c_str(), data.data(),
                             static_cast<int>(data.size()));
  if (s != NATS_OK) {
    return NatsError("natsConnection_Publish(" + subject_text + ")", s);
  }
  return Status::Ok();
}

Status NatsConnection::Flush(int timeout_ms) {
  const natsStatus s = natsConnection_FlushTimeout(impl_->nc, timeout_ms);
  if (s != NATS_OK) return NatsError("natsConnection_FlushTimeout", s);
  return Status::Ok();
}

}  // namespace newsdedup
