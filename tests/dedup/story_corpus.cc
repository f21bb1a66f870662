#include "tests/dedup/story_corpus.h"

#include <random>

namespace newsdedup::test {

std::vector<Article> Stories(size_t count) {
  std::mt19937_64 rng(20261202);
  std::vector<std::string> words;
  for (int i = 0; i < 400; ++i) {
    std::string w;
    for (int k = 0; k < 3 + i % 5; ++k) w += static_cast<char>('a' + rng() % 26);
    words.push_back(w);
  }
  auto word = [&] {
    // Skewed, so that some words are common and some rare.
    const size_t r = rng() % words.size();
    return words[r * r / words.size()];
  };
  std::vector<Article> out;
  for (size_t i = 0; i < count; ++i) {
    Article a;
    a.id = "story-" + std::to_string(i);
    if (out.size() > 3 && rng() % 3 == 0) {
      const Article& of = out[out.size() - 1 - rng() % 3];
      a.title = of.title;
      a.body = of.body;
      for (int edit = 0; edit < 3; ++edit) {
        const size_t at = rng() % a.body.size();
        std::string inserted = " ";
        inserted.append(word()).append(" ").append(
            std::to_string(rng() % 100));
        a.body.insert(at, inserted);
      }
    } else {
      for (int t = 0; t < 6; ++t) a.title += word() + " ";
      for (int sentence = 0; sentence < 8; ++sentence) {
        for (int w = 0; w < 12; ++w) a.body += word() + " ";
        a.body += std::to_string(rng() % 1000) + ".\n";
      }
      // A footer many stories share: boilerplate.
      if (i % 4 == 0) a.body += "Reporting by the city desk, all rights kept.";
    }
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace newsdedup::test
