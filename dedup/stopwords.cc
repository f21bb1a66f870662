#include "dedup/stopwords.h"

#include <iterator>
#include <unordered_set>

namespace newsdedup {
namespace {

// The Snowball English list, plus the reporting verbs that nearly every news
// sentence carries ("said", "says"). Sorted for binary search.
constexpr std::string_view kStopWords[] = {
    "a",          "about",   "above",      "after",     "again",   "against",
    "all",        "also",    "am",         "an",        "and",     "any",
    "are",        "aren",    "as",         "at",        "be",      "because",
    "been",       "before",  "being",      "below",     "between", "both",
    "but",        "by",      "can",        "cannot",    "could",   "couldn",
    "did",        "didn",    "do",         "does",      "doesn",   "doing",
    "don",        "down",    "during",     "each",      "few",     "for",
    "from",       "further", "had",        "hadn",      "has",     "hasn",
    "have",       "haven",   "having",     "he",        "her",     "here",
    "hers",       "herself", "him",        "himself",   "his",     "how",
    "i",          "if",      "in",         "into",      "is",      "isn",
    "it",         "its",     "itself",     "just",      "ll",      "me",
    "might",      "more",    "most",       "must",      "mustn",   "my",
    "myself",     "no",      "nor",        "not",       "now",     "of",
    "off",        "on",      "once",       "only",      "or",      "other",
    "ought",      "our",     "ours",       "ourselves", "out",     "over",
    "own",        "re",      "said",       "same",      "say",     "says",
    "shall",      "shan",    "she",        "should",    "shouldn", "so",
    "some",       "such",    "than",       "that",      "the",     "their",
    "theirs",     "them",    "themselves", "then",      "there",   "these",
    "they",       "this",    "those",      "through",   "to",      "too",
    "under",      "until",   "up",         "upon",      "us",      "ve",
    "very",       "was",     "wasn",       "we",        "were",    "weren",
    "what",       "when",    "where",      "whether",   "which",   "while",
    "who",        "whom",    "why",        "will",      "with",    "won",
    "would",      "wouldn",  "you",        "your",      "yours",   "yourself",
    "yourselves", "s",       "t",          "d",         "m",       "o",
    "y",          "ain",     "ma",         "mightn",    "needn",   "let",
    "its",        "via",     "per",        "yet",       "within",  "without",
    "onto",       "among",   "amongst",    "toward",    "towards", "whose",
    "another",    "either",  "neither",    "every",     "many",    "much",
    "may",
};

}  // namespace

bool IsStopWord(std::string_view word) {
  // No stop word is longer than 10 bytes: most words are ruled out without
  // hashing them.
  if (word.size() > 10) return false;
  static const std::unordered_set<std::string_view> words(
      std::begin(kStopWords), std::end(kStopWords));
  return words.count(word) != 0;
}

}  // namespace newsdedup
