#include "tools/serve/ui_search.h"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace newsdedup {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : Lower(text)) {
    if (c == ' ' || c == '\t' || c == ',' || c == '.') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

bool Matches(const pb::Article& a, std::string_view query,
             const std::vector<std::string>& words) {
  if (a.id().find(query) != std::string::npos) return true;
  if (!a.url().empty() && a.url().find(query) != std::string::npos) return true;
  if (words.empty()) return false;
  const std::string title = Lower(a.title());
  return std::all_of(words.begin(), words.end(), [&](const std::string& w) {
    return title.find(w) != std::string::npos;
  });
}

}  // namespace

StatusOr<std::vector<pb::StoredArticle>> SearchRecent(const Store& store,
                                                      std::string_view query,
                                                      uint64_t last_sequence,
                                                      size_t recent,
                                                      size_t limit) {
  std::vector<pb::StoredArticle> found;
  if (query.empty() || limit == 0) return found;
  const std::string exact(query);
  StatusOr<std::optional<pb::StoredArticle>> by_id = store.GetArticle(exact);
  if (!by_id.ok()) return by_id.status();
  std::unordered_set<std::string> seen;
  if (by_id->has_value()) {
    seen.insert(exact);
    found.push_back(std::move(**by_id));
  }
  if (recent == 0 || last_sequence == 0) return found;
  const uint64_t from =
      last_sequence >= recent ? last_sequence - recent + 1 : 1;
  std::vector<std::string> ids;
  Status s = store.ScanEvents(from, [&](const pb::ClusterEvent& e) {
    if (e.kind() == pb::ClusterEvent::NEW_CLUSTER ||
        e.kind() == pb::ClusterEvent::ARTICLE_JOINED) {
      ids.push_back(e.article_id());
    }
    return e.sequence() < last_sequence;
  });
  if (!s.ok()) return s;
  const std::vector<std::string> words = Words(query);
  for (auto it = ids.rbegin(); it != ids.rend() && found.size() < limit; ++it) {
    if (!seen.insert(*it).second) continue;
    StatusOr<std::optional<pb::StoredArticle>> a = store.GetArticle(*it);
    if (!a.ok()) return a.status();
    if (a->has_value() && Matches((*a)->article(), query, words)) {
      found.push_back(std::move(**a));
    }
  }
  return found;
}

}  // namespace newsdedup
