// NatsMessage and the helpers shared by ingest/nats: errors, subjects,
// building and copying messages.
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "ingest/nats/nats_internal.h"

namespace newsdedup {

Status NatsError(std::string_view operation, natsStatus s, jsErrCode js_error) {
  std::string message(operation);
  message += ": ";
  message += natsStatus_GetText(s);
  natsStatus last = NATS_OK;
  const char* detail = nats_GetLastError(&last);
  if (detail != nullptr && *detail != '\0' &&
      std::strcmp(detail, natsStatus_GetText(s)) != 0) {
    message += ": ";
    message += detail;
  }
  if (js_error != 0) {
    message += " (JetStream error " + std::to_string(js_error) + ")";
  }
  if (s == NATS_NOT_FOUND || js_error == JSStreamNotFoundErr ||
      js_error == JSNoMessageFoundErr || js_error == JSConsumerNotFoundErr) {
    return Status::NotFound(std::move(message));
  }
  if (IsTransient(s, js_error)) return Status::Unavailable(std::move(message));
  if (s == NATS_MAX_PAYLOAD || js_error == JSStreamMessageExceedsMaximumErr) {
    return Status::InvalidArgument(std::move(message));
  }
  return Status::IOError(std::move(message));
}

bool IsTransient(natsStatus s, jsErrCode js_error) {
  switch (js_error) {
    case JSClusterNotAvailErr:
    case JSClusterNotLeaderErr:
    case JSClusterNoPeersErr:
    case JSStreamOfflineErr:
    case JSInsufficientResourcesErr:
      return true;
    default:
      break;
  }
  // No responders: the stream's subject has no leader listening yet.
  // An I/O error is a write that met the socket of a node that just died,
  // before the client noticed: it reconnects to another node, and a closed
  // connection (reconnects used up) answers NATS_CONNECTION_CLOSED instead.
  return s == NATS_TIMEOUT || s == NATS_NO_RESPONDERS || s == NATS_IO_ERROR ||
         s == NATS_CONNECTION_DISCONNECTED || s == NATS_STALE_CONNECTION;
}

natsStatus RetryWhilePassing(
    int64_t budget_ms, jsErrCode catching_up, jsErrCode* js_error,
    const std::function<natsStatus(jsErrCode*)>& attempt) {
  const int64_t deadline = nats_Now() + budget_ms;
  int64_t backoff_ms = 50;
  while (true) {
    *js_error = kNoJsError;
    const natsStatus s = attempt(js_error);
    if (s == NATS_OK) return s;
    const bool passing =
        (catching_up != kNoJsError && *js_error == catching_up) ||
        IsTransient(s, *js_error);
    if (!passing || nats_Now() + backoff_ms > deadline) return s;
    nats_Sleep(backoff_ms);
    backoff_ms = std::min<int64_t>(backoff_ms * 2, 500);
  }
}

bool SubjectMatches(std::string_view pattern, std::string_view subject) {
  while (true) {
    const size_t p_end = pattern.find('.');
    const size_t s_end = subject.find('.');
    const std::string_view p_token = pattern.substr(0, p_end);
    const std::string_view s_token = subject.substr(0, s_end);
    if (p_token == ">") return !s_token.empty();
    if (p_token != "*" && p_token != s_token) return false;
    if (p_end == std::string_view::npos || s_end == std::string_view::npos) {
      return p_end == s_end;
    }
    pattern.remove_prefix(p_end + 1);
    subject.remove_prefix(s_end + 1);
  }
}

StatusOr<natsMsg*> BuildMessage(std::string_view subject, std::string_view data,
                                std::string_view msg_id,
                                const NatsHeaders& headers) {
  const std::string subject_text(subject);
  natsMsg* msg = nullptr;
  natsStatus s = natsMsg_Create(&msg, subject_text.c_str(), nullptr,
                                data.data(), static_cast<int>(data.size()));
  if (s != NATS_OK) return NatsError("natsMsg_Create(" + subject_text + ")", s);
  for (const auto& [name, value] : headers) {
    s = natsMsgHeader_Add(msg, name.c_str(), value.c_str());
    if (s != NATS_OK) {
      natsMsg_Destroy(msg);
      return NatsError("natsMsgHeader_Add(" + name + ")", s);
    }
  }
  if (!msg_id.empty()) {
    s = natsMsgHeader_Set(msg, "Nats-Msg-Id", std::string(msg_id).c_str());
    if (s != NATS_OK) {
      natsMsg_Destroy(msg);
      return NatsError("natsMsgHeader_Set(Nats-Msg-Id)", s);
    }
  }
  return msg;
}

PendingPublish CopyForRetry(natsMsg* msg) {
  PendingPublish copy;
  copy.subject = natsMsg_GetSubject(msg);
  copy.data.assign(natsMsg_GetData(msg), natsMsg_GetDataLength(msg));
  const char** keys = nullptr;
  int key_count = 0;
  if (natsMsgHeader_Keys(msg, &keys, &key_count) == NATS_OK) {
    for (int k = 0; k < key_count; ++k) {
      const char** values = nullptr;
      int value_count = 0;
      if (natsMsgHeader_Values(msg, keys[k], &values, &value_count) !=
          NATS_OK) {
        continue;
      }
      for (int v = 0; v < value_count; ++v) {
        copy.headers.emplace_back(keys[k], values[v]);
      }
      free(values);  // the array is the caller's, the strings the message's
    }
    free(keys);
  }
  return copy;
}

NatsMessage::Impl::Impl(natsMsg* m) : msg(m), subject(natsMsg_GetSubject(m)) {
  // js_GetMsg's answers carry their sequence; delivered JetStream messages
  // carry it in their reply subject ($JS.ACK...), which the metadata reads.
  stream_sequence = natsMsg_GetSequence(m);
  const char* reply = natsMsg_GetReply(m);
  if (stream_sequence == 0 && reply != nullptr &&
      std::strncmp(reply, "$JS.ACK.", 8) == 0) {
    jsMsgMetaData* meta = nullptr;
    if (natsMsg_GetMetaData(&meta, m) == NATS_OK) {
      stream_sequence = meta->Sequence.Stream;
      jsMsgMetaData_Destroy(meta);
    }
  }
}

NatsMessage WrapMessage(natsMsg* msg) {
  return NatsMessage(std::make_unique<NatsMessage::Impl>(msg));
}

NatsMessage::NatsMessage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NatsMessage::NatsMessage(NatsMessage&&) noexcept = default;
NatsMessage& NatsMessage::operator=(NatsMessage&&) noexcept = default;
NatsMessage::~NatsMessage() = default;

const std::string& NatsMessage::subject() const { return impl_->subject; }

std::string_view NatsMessage::data() const {
  return std::string_view(natsMsg_GetData(impl_->msg),
                          natsMsg_GetDataLength(impl_->msg));
}

std::optional<std::string> NatsMessage::Header(std::string_view name) const {
  const char* value = nullptr;
  if (natsMsgHeader_Get(impl_->msg, std::string(name).c_str(), &value) !=
          NATS_OK ||
      value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}

uint64_t NatsMessage::stream_sequence() const { return impl_->stream_sequence; }

Status NatsMessage::Ack() {
  jsErrCode js_error = kNoJsError;
  const natsStatus s = natsMsg_AckSync(impl_->msg, nullptr, &js_error);
  if (s != NATS_OK) {
    return NatsError("natsMsg_AckSync(" + impl_->subject + ")", s, js_error);
  }
  return Status::Ok();
}

Status NatsMessage::Nak() {
  const natsStatus s = natsMsg_Nak(impl_->msg, nullptr);
  if (s != NATS_OK) return NatsError("natsMsg_Nak(" + impl_->subject + ")", s);
  return Status::Ok();
}

}  // namespace newsdedup
