#include "ingest/metrics.h"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace newsdedup {
namespace {

// The families declared (name -> TYPE) and the series sampled, checked
// against the text format as it is parsed.
struct Exposition {
  std::map<std::string, std::string> types;
  std::map<std::string, double> samples;
};

Exposition Parse(const std::string& text) {
  Exposition e;
  const std::regex type_line(R"(^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)$)");
  const std::regex help_line(R"(^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+$)");
  const std::regex sample(
      R"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? (\S+)$)");
  std::istringstream lines(text);
  std::set<std::string> helped;
  std::smatch m;
  for (std::string line; std::getline(lines, line);) {
    if (std::regex_match(line, m, help_line)) {
      EXPECT_TRUE(helped.insert(m[1]).second) << "HELP twice: " << line;
    } else if (std::regex_match(line, m, type_line)) {
      EXPECT_TRUE(helped.count(m[1])) << "TYPE before HELP: " << line;
      EXPECT_TRUE(e.types.emplace(m[1], m[2]).second) << "TYPE twice: " << line;
    } else if (std::regex_match(line, m, sample)) {
      std::string family = m[1];
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string s = suffix;
        if (!e.types.count(family) && family.size() > s.size() &&
            family.compare(family.size() - s.size(), s.size(), s) == 0) {
          family.resize(family.size() - s.size());
        }
      }
      EXPECT_TRUE(e.types.count(family)) << "no TYPE for " << line;
      e.samples[std::string(m[1]) + std::string(m[2])] = std::stod(m[4]);
    } else {
      ADD_FAILURE() << "not Prometheus text: " << line;
    }
  }
  return e;
}

TEST(MetricsTest, RendersValidPrometheusTextNamedByTheGuide) {
  Metrics metrics;
  metrics.articles_stored = 5;
  metrics.fingerprint_queue = 2;
  metrics.decision_latency.Record(0.3);
  metrics.decision_latency.Record(7);
  metrics.ack_latency.Record(1.5);
  const Exposition e = Parse(metrics.Render(5, 4, 9, 1234));

  for (const auto& [name, type] : e.types) {
    EXPECT_EQ(name.rfind("newsdedup_", 0), 0u) << name;
    if (type == "counter") {
      EXPECT_EQ(name.substr(name.size() - 6), "_total") << name;
    }
    if (type == "histogram") {
      EXPECT_EQ(name.substr(name.size() - 8), "_seconds") << name;
    }
  }
  EXPECT_EQ(e.samples.at("newsdedup_articles_stored_total"), 5);
  EXPECT_EQ(e.samples.at("newsdedup_queue_depth{stage=\"fingerprint\"}"), 2);
  EXPECT_EQ(e.samples.at("newsdedup_store_size_bytes"), 1234);
  EXPECT_EQ(e.samples.at("newsdedup_build_info{version=\"" NEWSDEDUP_VERSION
                         "\"}"),
            1);
  // One histogram family, a series a stage, buckets cumulative.
  EXPECT_EQ(e.types.at("newsdedup_stage_duration_seconds"), "histogram");
  EXPECT_EQ(e.samples.at("newsdedup_stage_duration_seconds_count{stage="
                         "\"decision\"}"),
            2);
  EXPECT_EQ(e.samples.at("newsdedup_stage_duration_seconds_bucket{stage="
                         "\"decision\",le=\"0.0005\"}"),
            1);
  EXPECT_EQ(e.samples.at("newsdedup_stage_duration_seconds_bucket{stage="
                         "\"decision\",le=\"+Inf\"}"),
            2);
  EXPECT_EQ(e.samples.at("newsdedup_ack_duration_seconds_count"), 1);
}

}  // namespace
}  // namespace newsdedup
