// `newsdedup explain`: why a stored article was decided as it was — the
// stored decision and the rule that fired, then the evidence against each
// candidate recomputed from the store (every score next to the threshold it
// is held to), and the passages that aligned.
#pragma once

#include <cstdio>
#include <string>

#include "ingest/engine.h"

namespace newsdedup {

// Writes the explanation of article `id` to `out`. NotFound when the store
// has no such article.
[[nodiscard]] Status Explain(Engine& engine, const std::string& id, FILE* out);

}  // namespace newsdedup
