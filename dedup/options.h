// DetectorOptions: every tunable of fingerprinting, candidate search and the
// copy decision, with its default and why. One place to read what the detector
// can be told. The defaults are the ones measured on the wirecopy development
// stream (see README.md, "Thresholds").
//
// Thread safety: a plain value; copy it freely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace newsdedup {

struct FingerprintOptions {
  // Words per shingle. Shingles are taken over the sequence of content terms
  // (stemmed words and numbers with stop words removed), so 3 content terms
  // span about five running words: long enough to be specific to a story,
  // short enough to survive a substituted word or an OCR slip nearby.
  int shingle_size = 3;

  // Keep one shingle in this many (by hash) for indexing and comparison.
  // 1 keeps all: most precise on short articles; larger values cut index
  // memory in proportion at some cost in precision on very short texts.
  uint32_t shingle_sampling = 1;

  // Snowball stemmer used for content terms ("english", "german", ...: any
  // name libstemmer knows). Empty disables stemming.
  std::string stemmer_language = "english";

  // Bodies longer than this many bytes are fingerprinted on their first
  // max_fingerprint_bytes only, so one huge article cannot stall a worker.
  size_t max_fingerprint_bytes = 1 << 20;
};

struct CandidateOptions {
  // Each stored article is posted in the term index under this many of its
  // rarest content terms (by how many stored articles had them when it
  // arrived): its names, figures and unusual words, which a copy or a
  // rewrite keeps. Every term is still counted, for rarity weights. Posting
  // all of an article's terms would cost a kilobyte of memory per article
  // and mostly fill postings of common words that no search walks.
  size_t index_terms = 32;

  // How many of the best-scoring candidates (by shared rare features) are
  // verified in full. More costs time, fewer can miss a heavy rewrite; on
  // the development stream 4 already finds every match that 12 finds.
  size_t max_candidates = 6;

  // ... and only those sharing at least this share of the article's
  // findable shingles or of its rare terms' weight. Unrelated articles that
  // share one phrase or one name by chance are most of what a new story
  // turns up, and in a big store they are rarely in the feature cache:
  // verifying them means reading them from disk. On the development stream
  // no accepted match scored under 0.19; in a store of 100,000 synthetic
  // articles, nearly all unrelated ones share 0.10-0.14 of the rare terms'
  // weight by chance.
  double min_candidate_share = 0.15;

  // Candidates are also looked up through this many of the article's rarest
  // content terms (names, figures), which is how a reworded copy that shares
  // no shingle is found.
  size_t candidate_terms = 24;

  // Posting entries walked for those terms at most per article, rarest term
  // first and each posting newest first: the budget bounds the cost of an
  // article whatever the store's size, and cuts short only the commoner
  // terms' older entries.
  size_t candidate_term_budget = 1000;

  // ... and at most this many from any one term's posting, so that in a
  // big store, where even an article's rarest term has a long posting, one
  // term cannot spend the budget and leave the others unread.
  size_t max_term_walk = 64;

  // Only one shingle in this many (chosen by hash, so both sides of a copy
  // index the same ones) goes into the shingle index. Verification still
  // compares every shingle; the index only has to find the candidate and
  // tell boilerplate. An eighth of a text's shingles finds every candidate
  // a quarter does on the development stream, at half the memory (the
  // shingle table is most of the detector's). Boilerplate is judged only
  // on indexed shingles, so a lower value discounts more of an outlet's
  // footer where both sides of a pair carry one. 1 indexes every shingle.
  uint32_t index_sampling = 8;

  // Articles taken from one shingle's posting at most, newest first: a
  // phrase shared by more articles than this finds its recent ones, which is
  // where a copy's original is most often.
  size_t max_shingle_walk = 64;

  // Derived features of this many stored articles are kept in memory so
  // that verifying a candidate rarely reads the store.
  size_t feature_cache_entries = 50000;

  // A shingle found in articles of at least this many distinct clusters is
  // boilerplate (an outlet's footer, a template's fixed wording) and does not
  // count as shared text. Copies of one story are one cluster, so a story
  // reprinted many times never turns into boilerplate. The same bar holds
  // for whole sentences (every sentence's exact term sequence is counted):
  // a line found in this many clusters is taken out of every piece of
  // evidence, figures, dates, alignment and characters included.
  size_t boilerplate_clusters = 4;

  // ... or in at least this share of the stored articles, whichever is
  // more. Ordinary phrases recur by chance more often the larger the store
  // (at a million articles a three-word phrase of common words is in
  // hundreds), while an outlet's footer recurs in a steady share of it; a
  // fixed count alone would turn most of a big store's text into
  // boilerplate and leave copies nothing to be found by.
  double boilerplate_share = 0.0001;

  // Only indexed shingles have a posting to be judged by. A sentence whose
  // indexed shingles are all in this many times as many distinct clusters
  // as make a shingle boilerplate is an outlet's fixed line (a footer, a
  // share prompt), and all of its shingles are boilerplate. At the bar
  // itself, common phrases of short financial briefs made whole sentences
  // boilerplate and cost precision on the development stream; at 8 times
  // it every figure there is unchanged, and with an outlet footer added to
  // every article (originals too) F1 rises from 0.891 to 0.935.
  uint32_t boilerplate_line_factor = 8;

  // Besides the best by shared text, up to this many of the newest stored
  // articles with the same title (dedup/title.h: the whole title, or its
  // first words) are verified, unless the title is a stock one found in
  // boilerplate_clusters clusters. A feed item of one or two sentences
  // shares little text to be found by, but often its title.
  size_t title_candidates = 2;
};

struct DecisionOptions {
  // --- Copied text (shingles) ---
  // Shingles the two texts must share before shingle containment counts:
  // a couple of shared phrases between short texts is chance.
  uint32_t min_shared_shingles = 3;

  // Share of the smaller article's (non-boilerplate) shingles found in the
  // other at or above which it may be a copy, when its figures do not
  // disagree. Between this and text_alone_containment the characters must
  // also agree (char_containment): OCR noise and edits lower word shingles
  // of true copies into the range where same-topic stories also reach.
  double shingle_containment = 0.35;
  double text_alone_containment = 0.60;
  double char_containment = 0.75;

  // Shingle containment at or above which the text alone decides, unless
  // figures in the same places disagree.
  double strong_shingle_containment = 0.90;

  // Figures: when both sides carry at least min_numbers distinct numbers,
  // the IDF-weighted share of the smaller side's numbers found in the other
  // must reach this. Recurring stories written to one template share their
  // wording but not their figures.
  double number_agreement = 0.60;
  uint32_t min_numbers = 3;
  // In the range below text_alone_containment, figures are checked as soon
  // as both sides carry this many.
  uint32_t moderate_min_numbers = 2;

  // Below strong_shingle_containment, two texts that both carry at least
  // this many figures but share none of them are different reports (last
  // week's claims, another company's dividend), however alike their wording.
  // A lone figure on a side is often a date a copy rewrote or dropped, so
  // one is not enough to judge. 0 turns the rule off.
  uint32_t shared_figure_min_numbers = 2;

  // Figures in the same slot (between the same words) that differ: more
  // than one conflict, making up more than this share of the slots both
  // fill, means the same template with other facts, not a copy. OCR noise
  // makes a few conflicts in true copies, hence a share and not zero.
  double max_slot_conflict_share = 0.34;

  // A copy whose wording was restyled throughout — a results table with
  // "mln dlrs" made "$ million", "vs" made "versus" — keeps every figure. When
  // the smaller side has at least this many distinct numbers, all found in
  // the other, none of them differing in the same slot, and this much term
  // containment, it is a copy whatever the shingles say. Chance agreement of
  // six or more figures between different stories is rare.
  uint32_t same_figures_min_numbers = 6;
  double same_figures_term_containment = 0.60;

  // --- Dates ---
  // A recurring story written to one template gives other dates in the same
  // places ("WASHINGTON, March 9 - ..." then "April 9"); a copy keeps its
  // story's dates however late it runs, and a re-send moves its dateline by
  // a day or two. Below strong_shingle_containment, more dates differing in
  // their slots than agreeing, the farthest of them at least
  // min_date_gap_days apart, make a different report. Not when the query's
  // text looks damaged, with more than damaged_unseen_share of its words
  // found in no other stored article: OCR reads "June 19" as "June 9", and
  // leaves garbled words behind. Clean text has few such words (new names).
  // 0 days turns the rule off.
  int min_date_gap_days = 3;
  double damaged_unseen_share = 0.04;
  // A word is unseen when no other stored article has it or, in a big
  // store, fewer than this share of them: a damaged text's garbled words
  // recur by chance as the store grows ("the" misread as "thc" in every
  // tenth OCR-damaged copy), so the bar grows with it.
  double unseen_word_share = 1e-5;

  // --- Damaged text ---
  // OCR damage can break most word shingles of a copy (a misread letter
  // spoils every shingle over its word) while its sentences still align
  // one for one and its characters agree. With at least rewrite_min_aligned
  // sentences aligned in order making this share of the shorter text, term
  // containment of rewrite_term_containment, characters at
  // char_containment and figures agreeing as a copy's must, it is a copy.
  double damaged_aligned_share = 0.90;

  // --- Reworded text (terms and sentences) ---
  // IDF-weighted share of the smaller article's content terms found in the
  // other, share of its sentences aligned to a sentence of the other, and
  // how many at least.
  double rewrite_term_containment = 0.55;
  double rewrite_aligned_share = 0.50;
  uint32_t rewrite_min_aligned = 5;
  // A rewrite must keep the story's figures: with min_numbers or more on
  // both sides, this IDF-weighted share of them must agree.
  double rewrite_number_agreement = 0.90;
  // A rewrite of a figure-laden story still shares names, figures and the
  // odd phrase character for character: this share of character 5-grams.
  double rewrite_char_containment = 0.30;
  // Short texts (fewer aligned sentences than rewrite_min_aligned, at least
  // rewrite_short_min_aligned) align by chance far more often: same-topic
  // briefs share their vocabulary and figures like dates. They are copies
  // only when the characters agree much more, as a damaged or lightly
  // edited copy's do.
  uint32_t rewrite_short_min_aligned = 2;
  double rewrite_short_char_containment = 0.70;

  // Long articles with few figures (commentary, politics) are judged on
  // alignment alone, which needs more aligned sentences to be safe.
  double long_rewrite_term_containment = 0.35;
  double long_rewrite_aligned_share = 0.50;
  uint32_t long_rewrite_min_aligned = 6;

  // Two sentences are aligned when the IDF-weighted share of the shorter
  // one's terms found in the other reaches this.
  double sentence_alignment = 0.40;

  // Sentences with fewer content terms than this (and sentence pairs sharing
  // fewer) take no part in alignment: short lines align by chance.
  uint32_t min_sentence_terms = 3;

  // --- Titles and short texts ---
  // A short text (the smaller side has at most title_short_shingles
  // non-boilerplate shingles: two or three sentences, as a feed item) that
  // shares little wording can still be a copy when its title is its
  // original's: title_containment of the smaller title's IDF-weighted
  // terms found in the other, at least title_min_terms of them, and not a
  // stock title. A title never decides alone: the texts must also share
  // title_term_containment of their terms, or a shingle, and their figures
  // and dates must agree as a copy's do. One-line briefs with other
  // figures stay apart.
  uint32_t title_short_shingles = 40;
  uint32_t title_min_terms = 3;
  double title_containment = 0.95;
  double title_term_containment = 0.30;
  // ... or, with a title of at least this many terms, without sharing any
  // words: a copy that opens with a paragraph from elsewhere, or whose lead
  // was restyled, keeps its headline while its first sentences share
  // nothing. The title is still not alone: it must not be a stock title
  // (found under boilerplate_clusters clusters), the texts must be short,
  // and their figures and dates must agree. Different stories under one
  // headline of four or more terms are the recurring ones written to a
  // template, whose figures and dates differ. On the development stream
  // the lead field conditions score the same within 0.003 F1 from 3 to 5
  // terms, with no hard negative merged more.
  uint32_t title_alone_min_terms = 4;
  // And the other way: two short texts whose titles share less than this
  // (IDF-weighted) are different items unless their shingles reach
  // strong_shingle_containment. One-line briefs of one kind (results of two
  // companies on one day, datelined alike) share most of their few words.
  double title_disagreement = 0.25;

  // --- Lines around a story, before they are known ---
  // Until a site's header and footer lines recur in boilerplate_clusters
  // stories they count as text, and two short stories under them look
  // alike. Two texts that share only sentences before and after one block
  // each that shares nothing (the stories), whose blocks have less than
  // this share of the smaller one's distinct terms in common, are
  // different stories (dedup/story_text.h, SharesOnlyEdges). A damaged or
  // edited copy's unshared sentences keep most of their words.
  double max_middle_overlap = 0.5;

  // --- Naming the relation ---
  // Jaccard resemblance of shingles at or above which a copy is "exact"
  // rather than a near duplicate.
  double exact_resemblance = 0.95;

  // When one side's containment in the other exceeds the reverse by this
  // ratio, the relation is contained/contains.
  double containment_asymmetry = 1.25;
};

struct DetectorOptions {
  FingerprintOptions fingerprint;
  CandidateOptions candidates;
  DecisionOptions decision;
};

}  // namespace newsdedup
