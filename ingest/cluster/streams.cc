#include <cctype>

#include "ingest/cluster/names.h"

namespace newsdedup {

ClusterNames::ClusterNames(const ClusterOptions& options)
    : prefix(options.prefix) {
  std::string upper;
  for (char c : options.prefix) {
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  input_stream = upper + "_IN";
  prepared_stream = upper + "_FP";
  changes_stream = upper + "_OPS";
  decisions_stream = upper + "_DEC";
  events_stream = upper + "_EV";
  article_subject = prefix + ".in.article";
  delete_subject = prefix + ".in.delete";
  prepared_subject = prefix + ".fp";
  changes_subject = prefix + ".ops";
  events_subject = prefix + ".ev";
  workers_consumer = upper + "_WORKERS";
}

Status EnsureClusterStreams(NatsConnection& nats,
                            const ClusterOptions& options) {
  const ClusterNames names(options);
  auto spec = [&](const std::string& name, std::string subject) {
    StreamSpec s;
    s.name = name;
    s.subjects = {std::move(subject)};
    s.replicas = options.replicas;
    return s;
  };
  for (const StreamSpec& s :
       {spec(names.input_stream, options.prefix + ".in.*"),
        spec(names.prepared_stream, names.prepared_subject),
        spec(names.changes_stream, names.changes_subject),
        spec(names.decisions_stream, options.prefix + ".dec.*"),
        spec(names.events_stream, names.events_subject)}) {
    Status status = nats.EnsureStream(s);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace newsdedup
