// newsdedup: near-duplicate and syndication detection for news feeds.
// The command line: parses arguments and hands over to tools/commands.h.
#include <CLI/CLI.hpp>

#include "tools/commands.h"

int main(int argc, char** argv) {
  using namespace newsdedup;
  CLI::App app{"newsdedup: find copies, rewrites and syndication in news"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "newsdedup 0.1.0");

  CommonOptions common;
  BatchOptions batch;
  std::string id;

  CLI::App* batch_cmd = app.add_subcommand(
      "batch", "Cluster JSON Lines articles in input order; one decision per line on stdout");
  batch_cmd->add_option("--db", common.db, "Store directory (created if missing)")
      ->required();
  batch_cmd->add_option("--threads", common.threads,
                        "Fingerprinting threads (default: all cores)");
  batch_cmd->add_option("--events", batch.events_path,
                        "Write cluster events here as length-delimited Protobuf");
  batch_cmd->add_flag("--evidence", batch.with_evidence,
                      "Add the evidence behind each decision to its line");
  batch_cmd->add_option("inputs", batch.inputs,
                        "JSON Lines files (.gz and .zst too); - for stdin")
      ->required();

  CLI::App* cluster_cmd =
      app.add_subcommand("cluster", "Show a cluster's members and original");
  cluster_cmd->add_option("--db", common.db, "Store directory")->required();
  cluster_cmd->add_option("id", id, "Cluster id, or the id of any member")
      ->required();

  CLI::App* stats_cmd = app.add_subcommand("stats", "Print store statistics as JSON");
  stats_cmd->add_option("--db", common.db, "Store directory")->required();

  CLI::App* explain_cmd = app.add_subcommand(
      "explain", "Show why a stored article was decided as it was");
  explain_cmd->add_option("--db", common.db, "Store directory")->required();
  explain_cmd->add_option("id", id, "Article id")->required();

  std::string labels;
  CLI::App* eval_cmd = app.add_subcommand(
      "eval", "Score the detector on a labelled JSON Lines file");
  eval_cmd->add_option("--labels", labels,
                       "JSON Lines with id, body and the labels group, relation, "
                       "hard_negative_of, hard_negative_kind")
      ->required();
  eval_cmd->add_option("--db", common.db,
                       "Store directory (default: a temporary one)");
  eval_cmd->add_option("--threads", common.threads, "Fingerprinting threads");
  std::string mode = "newsdedup";
  eval_cmd->add_option("--mode", mode,
                       "newsdedup (default), or a baseline: minhash, simhash")
      ->check(CLI::IsMember({"newsdedup", "minhash", "simhash"}));

  CLI11_PARSE(app, argc, argv);

  if (*batch_cmd) return BatchCommand(common, batch);
  if (*cluster_cmd) return ClusterCommand(common, id);
  if (*stats_cmd) return StatsCommand(common);
  if (*eval_cmd) return EvalCommand(common, labels, mode);
  if (*explain_cmd) return ExplainCommand(common, id);
  return 2;
}
