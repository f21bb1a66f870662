// Leads: the first sentences of a story, as a feed item carries them, for
// the lead field conditions (tools/field_conditions.h). A test instrument,
// not detector code.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace newsdedup {

// Lines (by LineHash) that recur across a stream: its outlets' own
// boilerplate, which a lead passes over as a feed reader's would.
using RecurringLines = std::unordered_set<uint64_t>;
uint64_t LineHash(std::string_view line);

// FNV-1a of `text`: the same on every build and machine, so that the
// seeded field conditions draw the same variants everywhere.
uint64_t StableHash(std::string_view text);

// The first `count` sentences of the story in `body`: lines that look like
// an outlet's header or navigation (short, made of '|'-separated items, or
// among `recurring`) are passed over, and sentences end at '.', '!' or '?'
// before a capital, except after a known abbreviation or an initial.
std::vector<std::string> LeadSentences(
    std::string_view body, size_t count,
    const RecurringLines* recurring = nullptr);

}  // namespace newsdedup
