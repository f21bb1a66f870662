// Micro-benchmarks of each stage (Google Benchmark). Build target
// newsdedup_microbench; run build/bin/newsdedup_microbench. Inputs are
// synthetic 3 KB articles (ingest/sources/synthetic.h), so runs are reproducible.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>

#include "dedup/char_grams.h"
#include "dedup/evidence.h"
#include "dedup/fingerprint.h"
#include "dedup/posting_index.h"
#include "dedup/simhash.h"
#include "dedup/text.h"
#include "ingest/formats/article_json.h"
#include "ingest/sources/line_reader.h"
#include "storage/records.h"
#include "storage/store.h"
#include "ingest/sources/synthetic.h"

namespace newsdedup {
namespace {

const std::vector<Article>& Articles() {
  static const std::vector<Article> articles = [] {
    SyntheticOptions options;
    options.copy_share = 0;
    SyntheticStream stream(options);
    std::vector<Article> out;
    for (int i = 0; i < 64; ++i) out.push_back(stream.Next());
    return out;
  }();
  return articles;
}

int64_t Bytes(const std::vector<Article>& articles) {
  int64_t total = 0;
  for (const Article& a : articles)
    total += static_cast<int64_t>(a.body.size());
  return total;
}

void BM_NormalizeAndTokenize(benchmark::State& state) {
  const auto& articles = Articles();
  for (auto _ : state) {
    for (const Article& a : articles) {
      const std::string normalized = NormalizeText(a.body);
      benchmark::DoNotOptimize(Tokenize(normalized).size());
    }
  }
  state.SetBytesProcessed(state.iterations() * Bytes(articles));
}
BENCHMARK(BM_NormalizeAndTokenize);

// Everything the detector computes per article before the decision stage.
void FingerprintAll(benchmark::State& state,
                    const std::vector<Article>& articles) {
  Fingerprinter fingerprinter{FingerprintOptions{}};
  for (auto _ : state) {
    for (const Article& a : articles) {
      const Fingerprint fp = fingerprinter.Compute(a);
      benchmark::DoNotOptimize(
          DeriveFeatures(fp, FingerprintOptions{}).terms.size());
    }
  }
  state.SetBytesProcessed(state.iterations() * Bytes(articles));
  state.SetItemsProcessed(state.iterations() * articles.size());
}

void BM_Fingerprint(benchmark::State& state) {
  FingerprintAll(state, Articles());
}
BENCHMARK(BM_Fingerprint);

// The same on real text when NEWSDEDUP_MICROBENCH_JSONL names a JSON Lines
// file of articles (its first 2,000): real news has stop words, punctuation
// and figures the synthetic text lacks.
const std::vector<Article>& CorpusArticles() {
  static const std::vector<Article> articles = [] {
    std::vector<Article> out;
    const char* path = std::getenv("NEWSDEDUP_MICROBENCH_JSONL");
    if (path == nullptr) return out;
    auto reader = LineReader::Open(path, 16 << 20);
    if (!reader.ok()) return out;
    std::string line;
    while (out.size() < 2000 &&
           (*reader)->Next(&line) == LineReader::Result::kLine) {
      StatusOr<Article> article =
          ParseArticleJson(line, IngestLimits{});
      if (article.ok()) out.push_back(std::move(*article));
    }
    return out;
  }();
  return articles;
}

void BM_FingerprintCorpus(benchmark::State& state) {
  const auto& articles = CorpusArticles();
  if (articles.empty()) {
    state.SkipWithError("set NEWSDEDUP_MICROBENCH_JSONL to a JSONL file");
    return;
  }
  FingerprintAll(state, articles);
}
BENCHMARK(BM_FingerprintCorpus);

void BM_ShingleHashes(benchmark::State& state) {
  Fingerprinter fingerprinter{FingerprintOptions{}};
  const Fingerprint fp = fingerprinter.Compute(Articles()[0]);
  for (auto _ : state)
    benchmark::DoNotOptimize(ShingleHashes(fp.terms, 3).size());
  state.SetItemsProcessed(state.iterations() * fp.terms.size());
}
BENCHMARK(BM_ShingleHashes);

void BM_SimHash(benchmark::State& state) {
  Fingerprinter fingerprinter{FingerprintOptions{}};
  const std::vector<uint64_t> shingles =
      ShingleHashes(fingerprinter.Compute(Articles()[0]).terms, 3);
  for (auto _ : state) benchmark::DoNotOptimize(SimHash(shingles));
  state.SetItemsProcessed(state.iterations() * shingles.size());
}
BENCHMARK(BM_SimHash);

void BM_CharGrams(benchmark::State& state) {
  const Article& a = Articles()[0];
  for (auto _ : state) benchmark::DoNotOptimize(CharGramSet(a.body).size());
  state.SetBytesProcessed(state.iterations() * a.body.size());
}
BENCHMARK(BM_CharGrams);

class UniformStats : public CorpusStats {
 public:
  double Idf(uint32_t) const override { return 2.0; }
  bool IsBoilerplate(uint32_t) const override { return false; }
};

void BM_CompareFeatures(benchmark::State& state) {
  Fingerprinter fingerprinter{FingerprintOptions{}};
  Article copy = Articles()[1];
  copy.body =
      "Advertisement\n\n" + copy.body.substr(0, copy.body.size() * 2 / 3);
  const Fingerprint a = fingerprinter.Compute(Articles()[1]);
  const Fingerprint b = fingerprinter.Compute(copy);
  const DerivedFeatures fa = DeriveFeatures(a, FingerprintOptions{});
  const DerivedFeatures fb = DeriveFeatures(b, FingerprintOptions{});
  const UniformStats stats;
  const WeighedFeatures wa = Weigh(a, fa, stats);
  for (auto _ : state) {
    const Evidence e = CompareFeatures(wa, Weigh(b, fb, stats), 0.4, 3);
    benchmark::DoNotOptimize(e.shingle_containment);
  }
}
BENCHMARK(BM_CompareFeatures);

void BM_PostingLookup(benchmark::State& state) {
  PostingIndex index;
  for (uint32_t i = 0; i < 100000; ++i) {
    for (uint32_t f = 0; f < 20; ++f) index.Add((i * 2654435761u) ^ f, i);
  }
  uint32_t probe = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(index.Count((probe * 2654435761u) ^ 3));
    probe = (probe + 7919) % 100000;
  }
}
BENCHMARK(BM_PostingLookup);

// Walking long postings (a common term's) while other postings grow in
// between, as they do in a stream: the cost is the cache misses.
void BM_PostingWalk(benchmark::State& state) {
  PostingIndex index;
  for (uint32_t i = 0; i < 200000; ++i) {
    index.Add(i % 64, i);
    for (uint32_t f = 0; f < 8; ++f) index.Add(1000 + (i * 8 + f) % 50000, i);
  }
  uint64_t visited = 0;
  uint32_t feature = 0;
  for (auto _ : state) {
    index.ForEach(feature, [&](uint32_t ordinal) {
      visited += ordinal & 1;
      return true;
    });
    feature = (feature + 1) % 64;
  }
  benchmark::DoNotOptimize(visited);
  state.SetItemsProcessed(state.iterations() * (200000 / 64));
}
BENCHMARK(BM_PostingWalk);

// The stored form of a fingerprint (term dictionary and indices), which
// the preparing workers encode for every article.
void BM_EncodeRecord(benchmark::State& state) {
  Fingerprinter fingerprinter{FingerprintOptions{}};
  std::vector<Fingerprint> fingerprints;
  for (const Article& a : Articles()) {
    fingerprints.push_back(fingerprinter.Compute(a));
  }
  for (auto _ : state) {
    for (const Fingerprint& fp : fingerprints) {
      benchmark::DoNotOptimize(ToRecord(fp, "a", 0).ByteSizeLong());
    }
  }
  state.SetItemsProcessed(state.iterations() * fingerprints.size());
}
BENCHMARK(BM_EncodeRecord);

// Reading a stored fingerprint back: for candidates not in the feature
// cache, and for every article when a store is reopened.
void BM_DecodeRecord(benchmark::State& state) {
  Fingerprinter fingerprinter{FingerprintOptions{}};
  std::vector<pb::StoredFingerprint> records;
  for (const Article& a : Articles()) {
    records.push_back(ToRecord(fingerprinter.Compute(a), "a", 0));
  }
  for (auto _ : state) {
    for (const pb::StoredFingerprint& record : records) {
      benchmark::DoNotOptimize(FromRecord(record)->terms.size());
    }
  }
  state.SetItemsProcessed(state.iterations() * records.size());
}
BENCHMARK(BM_DecodeRecord);

void BM_StoreCommit(benchmark::State& state) {
  const std::string dir =
      (std::filesystem::temp_directory_path() / "newsdedup-microbench")
          .string();
  std::filesystem::remove_all(dir);
  {
    StatusOr<std::unique_ptr<Store>> store =
        Store::Open(dir, {});
    if (!store.ok()) {
      state.SkipWithError(store.status().ToString().c_str());
      return;
    }
    Fingerprinter fingerprinter{FingerprintOptions{}};
    const Article& a = Articles()[0];
    const Fingerprint fp = fingerprinter.Compute(a);
    uint32_t ordinal = 0;
    for (auto _ : state) {
      CommitBatch batch;
      pb::StoredArticle& record = batch.articles.emplace_back();
      record.mutable_article()->set_id("a" + std::to_string(ordinal));
      record.mutable_article()->set_body(a.body);
      batch.fingerprints.push_back(ToRecord(fp, "a", ordinal));
      batch.fingerprint_ordinals.push_back(ordinal);
      pb::ClusterEvent& e = batch.events.emplace_back();
      e.set_sequence(ordinal + 1);
      batch.counters = Counters{ordinal + 1, ordinal + 2, ordinal + 1};
      ++ordinal;
      if (!(*store)->Commit(batch).ok()) state.SkipWithError("commit failed");
    }
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_StoreCommit);

}  // namespace
}  // namespace newsdedup

BENCHMARK_MAIN();
