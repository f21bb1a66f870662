// Titles as evidence. A copy often keeps its original's title, or most of
// it (a web page adds the outlet's name, a desk changes the case), while
// different stories can share a stock title ("Weekly jobless claims"). So
// a title is looked up by keys, and a title found under many clusters is a
// stock title that tells nothing (Detector keeps the counts); the
// decision never rests on a title alone (dedup/decision.h).
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace newsdedup {

// Terms of a title prefix key: a web copy's title often ends with its
// outlet's name.
inline constexpr size_t kTitlePrefixTerms = 4;

// The keys a title is found by: the hash of its whole term sequence, then,
// for a title longer than kTitlePrefixTerms, of its first
// kTitlePrefixTerms terms. Empty for an empty title.
std::vector<uint32_t> TitleKeys(const std::vector<uint32_t>& title_terms);

// The share of the smaller title's distinct terms, by `weight`, found in
// the other; 0 when either is empty.
double TitleContainment(const std::vector<uint32_t>& a,
                        const std::vector<uint32_t>& b,
                        const std::function<double(uint32_t)>& weight);

}  // namespace newsdedup
