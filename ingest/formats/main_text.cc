#include "ingest/formats/main_text.h"

#include <vector>

namespace newsdedup {
namespace {

enum class Class { kBad, kShort, kNearGood, kGood };

struct Scored {
  Class initial;
  Class revised;
  bool hard_bad;  // boilerplate or link list: no context revives it
  double length;  // weighted
};

double WeightedLength(const HtmlBlock& block, const MainTextOptions& options) {
  return static_cast<double>(block.chars - block.cjk_chars) +
         static_cast<double>(block.cjk_chars) * options.cjk_weight;
}

Scored ClassOf(const HtmlBlocks& blocks, const HtmlBlock& block,
               const MainTextOptions& options) {
  const double length = WeightedLength(block, options);
  Scored scored{Class::kBad, Class::kBad, true, length};
  if (blocks.InBoilerplate(block)) return scored;
  const double links = block.LinkDensity();
  // A long paragraph of prose with a few linked phrases is still prose,
  // if only near-good.
  const bool linked_prose = links <= 2 * options.max_link_density &&
                            length >= 2 * options.short_length &&
                            block.sentence_ends > 0;
  if (links > options.max_link_density && !linked_prose) return scored;
  scored.hard_bad = false;
  if (links > options.max_link_density) {
    scored.initial = scored.revised = Class::kNearGood;
    return scored;
  }
  const bool copyright = block.text.find("\xC2\xA9") != std::string::npos;
  Class c = Class::kBad;
  if (copyright && length < options.long_length) {
    c = Class::kBad;
  } else if (length < options.short_length) {
    c = Class::kShort;
  } else if (block.sentence_ends > 0 && length >= options.long_length) {
    c = Class::kGood;
  } else {
    // Medium prose, or text with few links that does not end its
    // sentences (a lead that runs into a colon, an item of a list):
    // its neighbours decide.
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
      // Linked prose vouches for none: a list of teasers is that.
      near_good += scored[j].initial == Class::kNearGood &&
                   blocks.blocks[j].LinkDensity() <= options.max_link_density;
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

// Step 3: the story's container, the smallest article element holding
// min_region_share of the page's prose (blocks with a sentence end that
// are neither boilerplate nor link lists); -1 when none does.
long FindContainer(const HtmlBlocks& blocks, const MainTextOptions& options,
                   const std::vector<Scored>& scored) {
  double prose = 0;
  std::vector<double> prose_in(blocks.regions.size(), 0.0);
  for (size_t i = 0; i < scored.size(); ++i) {
    if (scored[i].hard_bad || blocks.blocks[i].sentence_ends == 0) continue;
    prose += scored[i].length;
    for (uint32_t r : blocks.blocks[i].regions) {
      prose_in[r] += scored[i].length;
    }
  }
  if (prose < options.long_length) return -1;
  // One element the page itself calls the articleBody is the container
  // if it holds prose at all (a page of several stories has several).
  long body = -1;
  int bodies = 0;
  for (size_t r = 0; r < blocks.regions.size(); ++r) {
    if (!blocks.regions[r].article_body ||
        !blocks.IsArticle(blocks.regions[r])) {
      continue;
    }
    ++bodies;
    body = static_cast<long>(r);
  }
  if (bodies == 1 && prose_in[body] >= options.long_length) return body;
  long best = -1;
  for (size_t r = 0; r < blocks.regions.size(); ++r) {
    if (!blocks.IsArticle(blocks.regions[r])) continue;
    if (prose_in[r] < options.min_region_share * prose) continue;
    if (best < 0 || blocks.regions[r].chars < blocks.regions[best].chars) {
      best = static_cast<long>(r);
    }
  }
  return best;
}

// Inside the container, prose is the story however short its paragraphs
// (wire copy often has one sentence to a paragraph).
void TrustContainer(const HtmlBlocks& blocks, const MainTextOptions& options,
                    uint32_t container, std::vector<Scored>& scored) {
  for (size_t i = 0; i < scored.size(); ++i) {
    const HtmlBlock& block = blocks.blocks[i];
    if (block.sentence_ends == 0 || !InRegion(block, container)) continue;
    // Even a link-dense block is story here when it is prose: a sentence
    // whose clause links to earlier coverage, names linked to topic pages
    // (whose hover cards add link text). Long prose may be mostly links;
    // a shorter sentence must be a third its own words.
    const double links = block.LinkDensity();
    const bool long_prose =
        block.sentence_ends >= 2 && scored[i].length >= options.long_length;
    const bool sentence =
        scored[i].length >= options.short_length && links <= 2.0 / 3.0;
    const bool linked_prose =
        (long_prose || sentence) && !blocks.InBoilerplate(block);
    if (!scored[i].hard_bad || linked_prose) {
      scored[i].initial = scored[i].revised = Class::kGood;
      scored[i].hard_bad = false;
    }
  }
}

// Good blocks neither in the container nor joined to it by a run of good
// blocks become bad.
void KeepToContainer(const HtmlBlocks& blocks, uint32_t container,
                     std::vector<Scored>& scored) {
  const size_t n = scored.size();
  std::vector<bool> keep(n, false);
  for (size_t i = 0; i < n; ++i) {
    keep[i] = InRegion(blocks.blocks[i], container);
  }
  // Spread along runs of good blocks, both ways.
  for (size_t i = 1; i < n; ++i) {
    if (keep[i - 1] && scored[i].revised == Class::kGood) keep[i] = true;
  }
  for (size_t i = n; i-- > 1;) {
    if (keep[i] && scored[i - 1].revised == Class::kGood) keep[i - 1] = true;
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
  const long container = FindContainer(blocks, options, scored);
  if (container >= 0) {
    TrustContainer(blocks, options, static_cast<uint32_t>(container), scored);
  }
  ReviseByContext(blocks, options, scored);
  if (container >= 0) {
    KeepToContainer(blocks, static_cast<uint32_t>(container), scored);
  }
  // A page whose only prose is one middling paragraph (a brief) has no
  // good block to anchor it; that prose is then the story.
  bool any_good = false;
  for (const Scored& s : scored)
    any_good = any_good || s.revised == Class::kGood;
  if (!any_good) {
    for (Scored& s : scored) {
      s.revised = s.initial == Class::kNearGood ? Class::kGood : Class::kBad;
    }
  }

  // Step 4: the contiguous run of greatest good-minus-bad length (Kadane).
  double best = 0, sum = 0;
  size_t best_begin = 0, best_end = 0, begin = 0;
  for (size_t i = 0; i < n; ++i) {
    // A block bad only by its neighbours is less surely not the story
    // than boilerplate or a link list, and costs half.
    const bool good = scored[i].revised == Class::kGood;
    const double cost = scored[i].hard_bad ? 1.0 : 0.5;
    sum += good ? scored[i].length : -cost * scored[i].length;
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
  // Short lines without a sentence end before the first paragraph of prose
  // or after the last (a byline, a dateline, "Share", "Tags") are the
  // site's, not the story's; between paragraphs they are subheadings.
  const auto is_prose = [&](size_t i) {
    return scored[i].revised == Class::kGood &&
           blocks.blocks[i].sentence_ends > 0;
  };
  const auto is_label = [&](size_t i) {
    return blocks.blocks[i].heading == 0 &&
           blocks.blocks[i].sentence_ends == 0 &&
           scored[i].length < options.short_length;
  };
  for (size_t i = best_begin; i < best_end && !is_prose(i); ++i) {
    if (is_label(i)) scored[i].revised = Class::kBad;
  }
  for (size_t i = best_end; i-- > best_begin && !is_prose(i);) {
    if (is_label(i)) scored[i].revised = Class::kBad;
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
