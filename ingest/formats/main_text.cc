#include "ingest/formats/main_text.h"

#include <vector>

namespace newsdedup {
namespace {

enum class Class { kBad, kShort, kNearGood, kGood };

struct Scored {
  Class initial;
  Class revised;
  bool hard_bad;   // boilerplate or link list: no context revives it
  double length;   // weighted
};

double WeightedLength(const HtmlBlock& block, const MainTextOptions& options) {
  return static_cast<double>(block.chars - block.cjk_chars) +
         static_cast<double>(block.cjk_chars) * options.cjk_weight;
}

Scored ClassOf(const HtmlBlocks& blocks, const HtmlBlock& block,
               const MainTextOptions& options) {
  const double length = WeightedLength(block, options);
  Scored scored{Class::kBad, Class::kBad, true, length};
  if (blocks.InBoilerplate(block) ||
      block.LinkDensity() > options.max_link_density) {
    return scored;
  }
  scored.hard_bad = false;
  const bool copyright = block.text.find("\xC2\xA9") != std::string::npos;
  Class c = Class::kBad;
  if (copyright && length < options.long_length) {
    c = Class::kBad;
  } else if (length < options.short_length) {
    c = Class::kShort;
  } else if (block.sentence_ends > 0) {
    c = length >= options.long_length ? Class::kGood : Class::kNearGood;
  } else if (length >= options.long_length && block.commas >= 2) {
    c = Class::kNearGood;
  }
  scored.initial = scored.revised = c;
  return scored;
}

// The class of the nearest neighbour in `step` direction that is not
// short (nor near-good, when ignore_near_good); bad past either end.
Class Neighbour(const std::vector<Scored>& scored, size_t i, int step,
                bool ignore_near_good) {
  for (long j = static_cast<long>(i) + step;
       j >= 0 && j < static_cast<long>(scored.size()); j += step) {
    const Class c = scored[j].revised;
    if (c == Class::kShort) continue;
    if (c == Class::kNearGood && ignore_near_good) continue;
    return c;
  }
  return Class::kBad;
}

void ReviseByContext(const HtmlBlocks& blocks, const MainTextOptions& options,
                     std::vector<Scored>& scored) {
  const size_t n = scored.size();
  // Prose paragraphs vouch for each other: in a run of near-good blocks
  // (short ones between them aside) two or more are good, so that a story
  // of middling paragraphs between menus is not lost for want of one long
  // paragraph (jusText would lose it).
  for (size_t i = 0; i < n;) {
    size_t near_good = 0, j = i;
    for (; j < n && scored[j].initial != Class::kBad; ++j) {
      near_good += scored[j].initial == Class::kNearGood;
    }
    if (near_good >= 2) {
      for (size_t k = i; k < j; ++k) {
        if (scored[k].initial == Class::kNearGood) {
          scored[k].revised = Class::kGood;
        }
      }
    }
    i = j + 1;
  }
  // Short headings shortly before good text.
  for (size_t i = 0; i < n; ++i) {
    if (blocks.blocks[i].heading == 0 || scored[i].revised != Class::kShort) {
      continue;
    }
    double distance = 0;
    for (size_t j = i + 1; j < n && distance <= options.max_heading_distance;
         ++j) {
      if (scored[j].revised == Class::kGood) {
        scored[i].revised = Class::kNearGood;
        break;
      }
      distance += scored[j].length;
    }
  }
  // Short blocks take their neighbours' class.
  std::vector<Class> next(n);
  for (size_t i = 0; i < n; ++i) {
    next[i] = scored[i].revised;
    if (scored[i].revised != Class::kShort) continue;
    const Class before = Neighbour(scored, i, -1, true);
    const Class after = Neighbour(scored, i, +1, true);
    if (before == Class::kGood && after == Class::kGood) {
      next[i] = Class::kGood;
    } else if (before == Class::kBad && after == Class::kBad) {
      next[i] = Class::kBad;
    } else if ((before == Class::kBad &&
                Neighbour(scored, i, -1, false) == Class::kNearGood) ||
               (after == Class::kBad &&
                Neighbour(scored, i, +1, false) == Class::kNearGood)) {
      next[i] = Class::kGood;
    } else {
      next[i] = Class::kBad;
    }
  }
  for (size_t i = 0; i < n; ++i) scored[i].revised = next[i];
  // Near-good blocks are bad only between bad ones.
  for (size_t i = 0; i < n; ++i) {
    if (scored[i].revised != Class::kNearGood) continue;
    const bool bad = Neighbour(scored, i, -1, true) == Class::kBad &&
                     Neighbour(scored, i, +1, true) == Class::kBad;
    next[i] = bad ? Class::kBad : Class::kGood;
  }
  for (size_t i = 0; i < n; ++i) scored[i].revised = next[i];
  // Headings that were not bad by themselves, before good text.
  for (size_t i = 0; i < n; ++i) {
    if (blocks.blocks[i].heading == 0 || scored[i].revised != Class::kBad ||
        scored[i].initial == Class::kBad) {
      continue;
    }
    double distance = 0;
    for (size_t j = i + 1; j < n && distance <= options.max_heading_distance;
         ++j) {
      if (scored[j].revised == Class::kGood) {
        scored[i].revised = Class::kGood;
        break;
      }
      distance += scored[j].length;
    }
  }
}

bool InRegion(const HtmlBlock& block, uint32_t region) {
  for (uint32_t r : block.regions) {
    if (r == region) return true;
  }
  return false;
}

// Step 3: good blocks neither in the story's container nor joined to it
// by a run of good blocks become bad.
void KeepToContainer(const HtmlBlocks& blocks, const MainTextOptions& options,
                     std::vector<Scored>& scored) {
  const size_t n = scored.size();
  double good = 0;
  std::vector<double> good_in(blocks.regions.size(), 0.0);
  for (size_t i = 0; i < n; ++i) {
    if (scored[i].revised != Class::kGood) continue;
    good += scored[i].length;
    for (uint32_t r : blocks.blocks[i].regions) good_in[r] += scored[i].length;
  }
  if (good <= 0) return;
  long best = -1;
  for (size_t r = 0; r < blocks.regions.size(); ++r) {
    if (blocks.regions[r].kind == HtmlRegion::Kind::kBoilerplate) continue;
    if (good_in[r] < options.min_region_share * good) continue;
    if (best < 0 || blocks.regions[r].chars < blocks.regions[best].chars) {
      best = static_cast<long>(r);
    }
  }
  if (best < 0) return;
  std::vector<bool> keep(n, false);
  for (size_t i = 0; i < n; ++i) {
    keep[i] = InRegion(blocks.blocks[i], static_cast<uint32_t>(best));
  }
  // Spread along runs of good blocks, both ways.
  for (size_t i = 1; i < n; ++i) {
    if (keep[i - 1] && scored[i].revised == Class::kGood) keep[i] = true;
  }
  for (size_t i = n - 1; i-- > 0;) {
    if (keep[i + 1] && scored[i].revised == Class::kGood) keep[i] = true;
  }
  for (size_t i = 0; i < n; ++i) {
    if (!keep[i]) scored[i].revised = Class::kBad;
  }
}

}  // namespace

std::string ExtractMainText(const HtmlBlocks& blocks,
                            const MainTextOptions& options) {
  const size_t n = blocks.blocks.size();
  std::vector<Scored> scored;
  scored.reserve(n);
  for (const HtmlBlock& block : blocks.blocks) {
    scored.push_back(ClassOf(blocks, block, options));
  }
  ReviseByContext(blocks, options, scored);
  KeepToContainer(blocks, options, scored);
  // A page whose only prose is one middling paragraph (a brief) has no
  // good block to anchor it; that prose is then the story.
  bool any_good = false;
  for (const Scored& s : scored) any_good = any_good || s.revised == Class::kGood;
  if (!any_good) {
    for (Scored& s : scored) {
      s.revised = s.initial == Class::kNearGood ? Class::kGood : Class::kBad;
    }
  }

  // Step 4: the contiguous run of greatest good-minus-bad length (Kadane).
  double best = 0, sum = 0;
  size_t best_begin = 0, best_end = 0, begin = 0;
  for (size_t i = 0; i < n; ++i) {
    const bool good = scored[i].revised == Class::kGood;
    sum += good ? scored[i].length : -scored[i].length;
    if (sum <= 0) {
      sum = 0;
      begin = i + 1;
    } else if (sum > best) {
      best = sum;
      best_begin = begin;
      best_end = i + 1;
    }
  }
  if (best <= 0) return {};
  while (best_begin > 0 && blocks.blocks[best_begin - 1].heading > 0 &&
         !scored[best_begin - 1].hard_bad) {
    --best_begin;
    scored[best_begin].revised = Class::kGood;
  }
  std::string text;
  for (size_t i = best_begin; i < best_end; ++i) {
    if (scored[i].revised != Class::kGood) continue;
    if (!text.empty()) text += "\n\n";
    text += blocks.blocks[i].text;
  }
  return text;
}

}  // namespace newsdedup
