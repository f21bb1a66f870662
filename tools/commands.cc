#include "tools/commands.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unordered_map>

#include "dedup/baseline.h"
#include "ingest/formats/article_json.h"
#include "ingest/formats/html_text.h"
#include "ingest/sources/line_reader.h"
#include "tools/explain.h"
#include "tools/field_conditions.h"
#include "tools/json_output.h"
#include "tools/scoring.h"
#include "tools/scratch_store.h"

namespace newsdedup {
namespace {

StatusOr<std::unique_ptr<Store>> OpenReadOnly(const std::string& db) {
  StoreOptions options;
  options.read_only = true;
  options.block_cache_bytes = 32 << 20;
  return Store::Open(db, options);
}

}  // namespace

EngineOptions DefaultEngineOptions() {
  EngineOptions options;
  options.body_text = HtmlBodyText;  // HTML bodies are fingerprinted as text
  return options;
}

namespace {

// A batch reports a chunk's decisions only once they are durable (RunBatch
// persists each chunk), so it commits them as a group.
EngineOptions BatchEngineOptions() {
  EngineOptions options = DefaultEngineOptions();
  options.store.group_commit = true;
  return options;
}

}  // namespace

int BatchCommand(const CommonOptions& common, BatchOptions batch) {
  EngineOptions options = BatchEngineOptions();
  options.retention = common.retention;
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(common.db, options);
  if (!engine.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", engine.status().ToString().c_str());
    return 2;
  }
  std::fprintf(stderr, "newsdedup batch: %s\n",
               (*engine)->index_opening().Describe().c_str());
  batch.threads = common.threads;
  batch.progress = isatty(STDERR_FILENO) != 0;
  StatusOr<BatchSummary> summary = RunBatch(**engine, batch);
  if (!summary.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n",
                 summary.status().ToString().c_str());
    return 2;
  }
  // The next open reads the index back instead of rebuilding it.
  if (Status saved = (*engine)->Checkpoint(); !saved.ok()) {
    std::fprintf(stderr, "newsdedup: index snapshot not saved: %s\n",
                 saved.ToString().c_str());
  }
  const BatchSummary& s = *summary;
  const Counters& counters = (*engine)->store().counters();
  std::fprintf(stderr,
               "newsdedup batch: %llu articles stored, %llu copies found, "
               "%llu clusters in store, %llu already known, %llu rejected, "
               "%.2f s (%.0f articles/s)\n",
               static_cast<unsigned long long>(s.articles),
               static_cast<unsigned long long>(s.copies),
               static_cast<unsigned long long>(counters.clusters),
               static_cast<unsigned long long>(s.known),
               static_cast<unsigned long long>(s.rejected), s.seconds,
               s.seconds > 0 ? (s.articles + s.known) / s.seconds : 0.0);
  return s.rejected > 0 ? 1 : 0;
}

int ClusterCommand(const CommonOptions& common, const std::string& id) {
  StatusOr<std::unique_ptr<Store>> store = OpenReadOnly(common.db);
  if (!store.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", store.status().ToString().c_str());
    return 2;
  }
  StatusOr<std::optional<ClusterView>> view = FindCluster(**store, id);
  if (!view.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", view.status().ToString().c_str());
    return 2;
  }
  if (!view->has_value()) {
    std::fprintf(stderr, "newsdedup: no cluster or article with id %s\n",
                 JsonString(id).c_str());
    return 1;
  }
  std::printf("%s\n", ClusterJson(**view).c_str());
  return 0;
}

int StatsCommand(const CommonOptions& common) {
  StatusOr<std::unique_ptr<Store>> store = OpenReadOnly(common.db);
  if (!store.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", store.status().ToString().c_str());
    return 2;
  }
  const Counters& c = (*store)->counters();
  std::printf(
      "{\"articles\":%llu,\"deleted\":%llu,\"ever_stored\":%llu,"
      "\"clusters\":%llu,\"events\":%llu,\"store_bytes\":%llu}\n",
      static_cast<unsigned long long>(c.live()),
      static_cast<unsigned long long>(c.deleted),
      static_cast<unsigned long long>(c.next_ordinal),
      static_cast<unsigned long long>(c.clusters),
      static_cast<unsigned long long>(c.next_sequence - 1),
      static_cast<unsigned long long>((*store)->DiskBytes()));
  return 0;
}

int ExplainCommand(const CommonOptions& common, const std::string& id) {
  EngineOptions options = DefaultEngineOptions();
  options.store.read_only = true;
  StatusOr<std::unique_ptr<Engine>> engine = Engine::Open(common.db, options);
  if (!engine.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", engine.status().ToString().c_str());
    return 2;
  }
  Status s = Explain(**engine, id, stdout);
  if (!s.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", s.ToString().c_str());
    return s.code() == Status::Code::kNotFound ? 1 : 2;
  }
  return 0;
}

namespace {

// Clusters the articles of `path` with a baseline, in input order.
StatusOr<std::unordered_map<std::string, std::string>> RunBaseline(
    const std::string& path, BaselineMode mode, double* seconds) {
  StatusOr<std::unique_ptr<LineReader>> reader =
      LineReader::Open(path, IngestLimits{}.max_record_bytes);
  if (!reader.ok()) return reader.status();
  BaselineClusterer clusterer(mode);
  std::unordered_map<std::string, std::string> cluster_of;
  std::string line;
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    const LineReader::Result r = (*reader)->Next(&line);
    if (r == LineReader::Result::kEnd) break;
    if (r != LineReader::Result::kLine) continue;
    StatusOr<Article> article =
        ParseArticleJson(line, IngestLimits{});
    if (!article.ok() || cluster_of.count(article->id)) continue;
    cluster_of[article->id] = clusterer.Add(*article);
  }
  *seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return cluster_of;
}

}  // namespace

namespace {

// Runs `input` through the detector in a fresh store (or `db`) and scores it.
StatusOr<ClusteringScores> RunDetector(
    const CommonOptions& common, const std::string& db_path,
    const std::vector<std::string>& inputs, std::optional<Format> format,
    const std::vector<LabelledArticle>& labels) {
  StatusOr<ScratchStore> store = ScratchStore::For(db_path, "eval");
  if (!store.ok()) return store.status();
  StatusOr<std::unique_ptr<Engine>> engine =
      Engine::Open(store->path(), BatchEngineOptions());
  if (!engine.ok()) return engine.status();
  std::unordered_map<std::string, std::string> cluster_of;
  BatchOptions batch;
  batch.inputs = inputs;
  batch.format = format;
  batch.threads = common.threads;
  batch.out = nullptr;
  batch.progress = isatty(STDERR_FILENO) != 0;
  batch.on_decision = [&](const Outcome& outcome) {
    cluster_of[outcome.decision.article_id()] = outcome.decision.cluster_id();
  };
  StatusOr<BatchSummary> summary = RunBatch(**engine, batch);
  if (!summary.ok()) return summary.status();
  std::fprintf(stderr, "%llu articles in %.2f s\n",
               static_cast<unsigned long long>(summary->articles),
               summary->seconds);
  return ScoreClustering(labels, cluster_of);
}

// The conditions named in `fields` ("all" for every one), in order.
StatusOr<std::vector<FieldCondition>> ParseFields(
    const std::vector<std::string>& fields) {
  std::vector<FieldCondition> conditions;
  for (const std::string& name : fields) {
    if (name == "all") {
      conditions.push_back(FieldCondition::kClean);
      for (FieldCondition c : AllFieldConditions()) conditions.push_back(c);
      continue;
    }
    const std::optional<FieldCondition> c = ParseFieldCondition(name);
    if (!c) return Status::InvalidArgument("unknown --field " + name);
    conditions.push_back(*c);
  }
  return conditions;
}

int EvalFields(const CommonOptions& common, const std::string& labels_path,
               const std::vector<LabelledArticle>& labels,
               const std::vector<std::string>& fields, uint64_t seed) {
  StatusOr<std::vector<FieldCondition>> conditions = ParseFields(fields);
  if (!conditions.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n",
                 conditions.status().ToString().c_str());
    return 2;
  }
  StatusOr<ScratchStore> scratch = ScratchStore::For("", "field");
  if (!scratch.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n",
                 scratch.status().ToString().c_str());
    return 2;
  }
  std::string table =
      "| field | P | R | F1 | hard-neg merges | template merges |\n"
      "|---|---|---|---|---|---|\n";
  for (FieldCondition condition : *conditions) {
    const std::string name = FieldConditionName(condition);
    const std::string input = scratch->path() + "/" + name + ".jsonl";
    if (Status s = WriteFieldVariant(labels_path, input, condition, seed);
        !s.ok()) {
      std::fprintf(stderr, "newsdedup: %s\n", s.ToString().c_str());
      return 2;
    }
    // Each condition in a store of its own: under --db, a folder per name.
    const std::string db = common.db.empty() ? "" : common.db + "/" + name;
    StatusOr<ClusteringScores> scores =
        RunDetector(common, db, {input}, std::nullopt, labels);
    if (!scores.ok()) {
      std::fprintf(stderr, "newsdedup: %s\n",
                   scores.status().ToString().c_str());
      return 2;
    }
    std::printf("== field %s (seed %llu)\n%s", name.c_str(),
                static_cast<unsigned long long>(seed),
                FormatScores(*scores).c_str());
    std::fflush(stdout);
    char row[256];
    std::snprintf(row, sizeof(row), "| %s | %.3f | %.3f | %.3f | %.2f %% | %.1f %% |\n",
                  name.c_str(), scores->precision, scores->recall, scores->f1,
                  100 * scores->hard_negatives.rate(),
                  100 * scores->hard_negatives_by_kind["template"].rate());
    table += row;
  }
  std::printf("\n%s", table.c_str());
  return 0;
}

}  // namespace

int EvalCommand(const CommonOptions& common, const EvalOptions& eval) {
  const std::string& labels_path = eval.labels_path;
  const std::string& mode = eval.mode;
  StatusOr<std::vector<LabelledArticle>> labels = ReadLabels(labels_path);
  if (!labels.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", labels.status().ToString().c_str());
    return 2;
  }
  if (!eval.inputs.empty() && (mode != "newsdedup" || !eval.fields.empty())) {
    std::fprintf(stderr,
                 "newsdedup: --input is for the detector on its own; the "
                 "baselines and --field read the labelled file\n");
    return 2;
  }
  if (mode == "minhash" || mode == "simhash") {
    double seconds = 0;
    StatusOr<std::unordered_map<std::string, std::string>> clusters =
        RunBaseline(
            labels_path,
            mode == "minhash" ? BaselineMode::kMinHash : BaselineMode::kSimHash,
            &seconds);
    if (!clusters.ok()) {
      std::fprintf(stderr, "newsdedup: %s\n",
                   clusters.status().ToString().c_str());
      return 2;
    }
    std::fputs(FormatScores(ScoreClustering(*labels, *clusters)).c_str(),
               stdout);
    std::fprintf(stderr, "%zu articles in %.2f s (%s baseline)\n",
                 clusters->size(), seconds, mode.c_str());
    return 0;
  }
  if (mode != "newsdedup") {
    std::fprintf(stderr, "newsdedup: unknown --mode %s\n", mode.c_str());
    return 2;
  }
  if (!eval.fields.empty()) {
    return EvalFields(common, labels_path, *labels, eval.fields,
                      eval.field_seed);
  }
  const std::vector<std::string> inputs =
      eval.inputs.empty() ? std::vector<std::string>{labels_path}
                          : eval.inputs;
  StatusOr<ClusteringScores> scores =
      RunDetector(common, common.db, inputs, eval.format, *labels);
  if (!scores.ok()) {
    std::fprintf(stderr, "newsdedup: %s\n", scores.status().ToString().c_str());
    return 2;
  }
  std::fputs(FormatScores(*scores).c_str(), stdout);
  return 0;
}

}  // namespace newsdedup
