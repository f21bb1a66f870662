// The C API's retention window and deletion (tools/capi/c.h, "Forgetting").
#include "tools/capi/c.h"
#include "tools/capi/handles.h"

using namespace newsdedup::capi;

extern "C" {

void newsdedup_options_set_retention(newsdedup_options_t* options,
                                     const char* window,
                                     unsigned char delete_from_store) {
  const std::string text = window == nullptr ? "" : window;
  options->retention = text == "none" ? "" : text;
  options->retention_deletes = delete_from_store != 0;
}

unsigned char newsdedup_forget(newsdedup_t* db, const char* id, size_t len,
                               char** errptr) {
  return Guarded<unsigned char>(errptr, 0, [&]() -> unsigned char {
    std::lock_guard<std::mutex> lock(db->decide_mu);
    StatusOr<newsdedup::Removal> removal = db->engine->Forget(Copy(id, len));
    if (removal.status().code() == Status::Code::kNotFound) return 0;
    return Ok(removal.status(), errptr) ? 1 : 0;
  });
}

}  // extern "C"
