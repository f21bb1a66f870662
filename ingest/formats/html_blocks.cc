#include "ingest/formats/html_blocks.h"

#include <libxml/tree.h>

#include <cctype>
#include <string_view>

#include "ingest/formats/html_names.h"

namespace newsdedup {
namespace {

// Below this depth the walk stops: deeper nesting is not a page a person
// reads but an attempt to exhaust the stack.
constexpr int kMaxDepth = 256;

std::string_view Name(const xmlNode* node) {
  return reinterpret_cast<const char*>(node->name);
}

bool IsCjk(uint32_t c) {
  return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF);
}

bool IsSentenceEnd(uint32_t c) { return c == '.' || c == '!' || c == '?'; }
bool IsFullWidthEnd(uint32_t c) {
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F;  // 。！？
}
bool IsComma(uint32_t c) {
  return c == ',' || c == ';' || c == 0x3001 || c == 0xFF0C || c == 0xFF1B;
}
bool IsClosingQuote(uint32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == 0x201D || c == 0x2019 ||
         c == 0xBB;
}

class BlockWriter {
 public:
  HtmlBlocks Finish() {
    EndBlock();
    return std::move(out_);
  }

  void Walk(const xmlNode* node, int depth) {
    if (depth > kMaxDepth) return;
    for (; node != nullptr; node = node->next) Visit(node, depth);
  }

 private:
  void Visit(const xmlNode* node, int depth) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      AppendText(reinterpret_cast<const char*>(node->content));
      return;
    }
    if (node->type != XML_ELEMENT_NODE) return;
    const std::string_view name = Name(node);
    if (IsNeverText(node)) return;
    if (EqualsIgnoreCase(name, "br")) {
      // Two line breaks in a row are how pages without <p> end a
      // paragraph.
      if (!text_.empty() && text_.back() == '\n') {
        EndBlock();
        return;
      }
      text_ += '\n';
      space_ = false;
      return;
    }
    const std::optional<HtmlRegion> region = RegionOf(node);
    const bool inline_element = IsInlineElement(name);
    if (inline_element && region &&
        region->kind == HtmlRegion::Kind::kBoilerplate) {
      return;
    }
    const bool opens_region = region.has_value() && !inline_element;
    const bool block = opens_region || IsBlockElement(name);
    if (block) EndBlock();
    if (opens_region) {
      stack_.push_back(static_cast<uint32_t>(out_.regions.size()));
      out_.regions.push_back(*region);
    }
    const int heading = HeadingLevel(name);
    const bool link = EqualsIgnoreCase(name, "a");
    if (heading > 0) heading_ = heading;
    if (link) ++in_link_;
    Walk(node->children, depth + 1);
    if (link) --in_link_;
    if (block) EndBlock();
    if (opens_region) stack_.pop_back();
  }

  void AppendText(const char* text) {
    if (text == nullptr) return;
    const std::string_view bytes(text);
    size_t i = 0;
    while (i < bytes.size()) {
      const size_t start = i;
      const uint32_t c = DecodeUtf8(bytes, &i);
      const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
                         c == '\f' || c == 0xA0 || c == 0x3000;
      if (space) {
        if (pending_end_) ++block_.sentence_ends;
        pending_end_ = false;
        space_ = true;
        continue;
      }
      if (space_ && !text_.empty() && text_.back() != '\n') text_ += ' ';
      space_ = false;
      text_.append(bytes.substr(start, i - start));
      if (pending_end_ && IsClosingQuote(c)) continue;  // "...done." he
      pending_end_ = IsSentenceEnd(c);
      if (IsFullWidthEnd(c)) ++block_.sentence_ends;
      if (IsComma(c)) ++block_.commas;
      ++block_.chars;
      if (IsCjk(c)) ++block_.cjk_chars;
      if (in_link_ > 0) ++block_.link_chars;
    }
  }

  void EndBlock() {
    if (pending_end_) ++block_.sentence_ends;
    while (!text_.empty() && (text_.back() == '\n' || text_.back() == ' ')) {
      text_.pop_back();
    }
    size_t lead = 0;
    while (lead < text_.size() && text_[lead] == '\n') ++lead;
    if (block_.chars > 0 && lead < text_.size()) {
      block_.text = text_.substr(lead);
      block_.heading = heading_;
      block_.regions = stack_;
      for (uint32_t region : stack_) out_.regions[region].chars += block_.chars;
      out_.chars += block_.chars;
      out_.blocks.push_back(std::move(block_));
    }
    block_ = HtmlBlock{};
    text_.clear();
    heading_ = 0;
    space_ = pending_end_ = false;
  }

  HtmlBlocks out_;
  HtmlBlock block_;
  std::string text_;
  std::vector<uint32_t> stack_;
  int heading_ = 0;
  int in_link_ = 0;
  bool space_ = false;
  bool pending_end_ = false;
};

}  // namespace

bool HtmlBlocks::InBoilerplate(const HtmlBlock& block) const {
  const std::vector<uint32_t>& path = block.regions;
  for (size_t i = 0; i < path.size(); ++i) {
    const HtmlRegion& region = regions[path[i]];
    if (region.kind != HtmlRegion::Kind::kBoilerplate) continue;
    // A region that wraps most of the page is a layout wrapper named
    // after one of its parts, not the part itself.
    if (region.by_name && region.chars * 5 >= chars * 4) continue;
    // So is one most of whose text is an article inside it; a teaser
    // <article> in a "related" box is not.
    bool wrapper = false;
    for (size_t j = i + 1; j < path.size() && !wrapper; ++j) {
      const HtmlRegion& inner = regions[path[j]];
      wrapper = inner.kind == HtmlRegion::Kind::kStrongContent &&
                inner.chars * 2 >= region.chars;
    }
    if (!wrapper) return true;
  }
  return false;
}

HtmlBlocks SplitHtmlBlocks(const HtmlTree& tree) {
  BlockWriter writer;
  if (tree.doc() != nullptr) writer.Walk(tree.doc()->children, 0);
  return writer.Finish();
}

}  // namespace newsdedup
