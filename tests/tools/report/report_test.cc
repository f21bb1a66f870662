#include "tools/report/report.h"

#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace newsdedup {
namespace {

constexpr int64_t kT0 = 1'712'563'200'000;  // 2024-04-08T08:00:00Z
constexpr int64_t kMin = 60'000;

struct Row {
  std::string id, cluster, source;
  pb::Relation relation;
  std::optional<int64_t> published;
  int64_t ingested;
};

// A store holding, as the engine would leave it: cluster a (original a,
// from Wire) with two copies by "Daily <News>", and cluster e, later merged
// into a, whose copy f has no publication time; d alone.
std::unique_ptr<Store> SyndicatedStore(const std::string& dir) {
  std::unique_ptr<Store> store = std::move(*Store::Open(dir, {}));
  const std::vector<Row> rows = {
      {"a", "a", "Wire", pb::NEW, kT0, kT0 + kMin},
      {"b", "a", "Daily <News>", pb::EXACT, kT0 + 10 * kMin, kT0 + 11 * kMin},
      {"c", "a", "Daily <News>", pb::REWRITE, kT0 + 180 * kMin,
       kT0 + 181 * kMin},
      {"d", "d", "Solo", pb::NEW, kT0 + 1440 * kMin, kT0 + 1441 * kMin},
      {"e", "e", "Wire", pb::NEW, kT0 + kMin, kT0 + 2 * kMin},
      {"f", "e", "Herald", pb::NEAR_DUPLICATE, std::nullopt,
       kT0 + 2880 * kMin + kMin},
  };
  CommitBatch batch;
  uint32_t ordinal = 0;
  for (const Row& r : rows) {
    pb::StoredArticle& a = batch.articles.emplace_back();
    a.mutable_article()->set_id(r.id);
    a.mutable_article()->set_title("Title of " + r.id);
    a.mutable_article()->set_source(r.source);
    if (r.published) a.mutable_article()->set_published_ms(*r.published);
    a.set_ingested_ms(r.ingested);
    a.set_ordinal(ordinal++);
    a.mutable_decision()->set_article_id(r.id);
    a.mutable_decision()->set_cluster_id(r.cluster);
    a.mutable_decision()->set_relation(r.relation);
    a.mutable_decision()->mutable_scores()->set_score(
        r.relation == pb::NEW ? 0 : 0.9);
    const std::string final_cluster = r.id == "d" ? "d" : "a";
    batch.members.emplace_back(final_cluster, r.id);
  }
  pb::StoredCluster& a = batch.clusters.emplace_back();
  a.set_id("a");
  a.set_original_id("a");
  a.set_original_published_ms(kT0);
  a.set_size(5);
  pb::StoredCluster& d = batch.clusters.emplace_back();
  d.set_id("d");
  d.set_original_id("d");
  d.set_size(1);
  pb::StoredCluster& e = batch.clusters.emplace_back();
  e.set_id("e");
  e.set_original_id("e");
  e.set_merged_into("a");
  batch.counters = Counters{6, 1, 2};
  EXPECT_TRUE(store->Commit(batch).ok());
  return store;
}

uint64_t LagCount(const ReportData& d, const std::string& label) {
  for (const LagBin& bin : d.lags) {
    if (bin.label == label) return bin.count;
  }
  ADD_FAILURE() << "no lag bin " << label;
  return 0;
}

TEST(ReportTest, CountsClustersAfterMergesAndCopiesByOutletAndLag) {
  test::TempDir dir;
  std::unique_ptr<Store> store = SyndicatedStore(dir.path());
  StatusOr<ReportData> d = AggregateReport(*store, ReportOptions{});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->articles, 6u);
  EXPECT_EQ(d->clusters, 2u);  // e folded into a
  EXPECT_EQ(d->clusters_with_copies, 1u);
  EXPECT_EQ(d->sources, 4u);
  EXPECT_EQ(d->by_relation[static_cast<size_t>(Relation::kNew)], 3u);
  EXPECT_EQ(d->by_relation[static_cast<size_t>(Relation::kExact)], 1u);
  EXPECT_EQ(d->by_relation[static_cast<size_t>(Relation::kNearDuplicate)], 1u);
  EXPECT_EQ(d->by_relation[static_cast<size_t>(Relation::kRewrite)], 1u);
  EXPECT_EQ(LagCount(*d, "< 30 min"), 1u);  // b, published 10 min after a
  EXPECT_EQ(LagCount(*d, "< 6 h"), 1u);     // c, 3 h
  EXPECT_EQ(LagCount(*d, "< 3 days"), 1u);  // f, stored 2 days after a
  EXPECT_EQ(d->lags_unknown, 0u);

  ASSERT_EQ(d->top_sources.size(), 4u);
  EXPECT_EQ(d->top_sources[0].source, "Daily <News>");
  EXPECT_EQ(d->top_sources[0].articles, 2u);
  EXPECT_EQ(d->top_sources[0].copies, 2u);
  ASSERT_EQ(d->top_sources[0].copied_from.size(), 1u);
  EXPECT_EQ(d->top_sources[0].copied_from[0],
            (std::pair<std::string, uint64_t>{"Wire", 2}));
  EXPECT_EQ(d->top_sources[1].source, "Herald");
  EXPECT_EQ(d->top_sources[3].source, "Wire");
  EXPECT_EQ(d->top_sources[3].copies, 0u);

  ASSERT_EQ(d->top_clusters.size(), 1u);
  const ReportCluster& c = d->top_clusters[0];
  EXPECT_EQ(c.id, "a");
  EXPECT_EQ(c.members, 5u);
  EXPECT_EQ(c.outlets, 3u);
  EXPECT_EQ(c.original_source, "Wire");
  ASSERT_EQ(c.listed.size(), 5u);
  EXPECT_TRUE(c.listed[0].original);
  EXPECT_EQ(c.listed[0].id, "a");
  EXPECT_FALSE(c.listed[0].lag_ms.has_value());
  EXPECT_EQ(c.listed[1].id, "e");
  EXPECT_EQ(c.listed[2].id, "b");
  EXPECT_EQ(c.listed[2].lag_ms, 10 * kMin);
  EXPECT_EQ(c.listed[4].id, "f");
  EXPECT_EQ(c.listed[4].lag_ms, 2880 * kMin);
}

// Retention or a deletion took the original away; its copy stays.
TEST(ReportTest, ACopyWhoseOriginalIsGoneHasNoLagAndCopiesNobodyKnown) {
  test::TempDir dir;
  std::unique_ptr<Store> store = std::move(*Store::Open(dir.path(), {}));
  CommitBatch batch;
  pb::StoredArticle& h = batch.articles.emplace_back();
  h.mutable_article()->set_id("h");
  h.mutable_article()->set_source("Herald");
  h.mutable_article()->set_published_ms(kT0);
  h.mutable_decision()->set_cluster_id("g");
  h.mutable_decision()->set_relation(pb::EXACT);
  pb::StoredCluster& g = batch.clusters.emplace_back();
  g.set_id("g");
  g.set_original_id("gone");
  g.set_original_published_ms(kT0 - 1000 * kMin);
  batch.members.emplace_back("g", "h");
  batch.counters = Counters{1, 1, 1};
  ASSERT_TRUE(store->Commit(batch).ok());
  StatusOr<ReportData> d = AggregateReport(*store, ReportOptions{});
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->articles, 1u);
  EXPECT_EQ(d->lags_unknown, 1u);
  ASSERT_EQ(d->top_sources.size(), 1u);
  EXPECT_EQ(d->top_sources[0].copies, 1u);
  EXPECT_TRUE(d->top_sources[0].copied_from.empty());
}

TEST(ReportTest, SinceKeepsOnlyLaterArticles) {
  test::TempDir dir;
  std::unique_ptr<Store> store = SyndicatedStore(dir.path());
  ReportOptions options;
  options.since_ms = kT0 + 60 * kMin;
  StatusOr<ReportData> d = AggregateReport(*store, options);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->articles, 3u);  // c, d and f (by its stored time)
  ASSERT_EQ(d->top_clusters.size(), 1u);
  EXPECT_EQ(d->top_clusters[0].members, 2u);
  ASSERT_EQ(d->top_clusters[0].listed.size(), 2u);
  EXPECT_EQ(d->top_clusters[0].listed[0].id, "c");
}

TEST(ReportTest, TopListsAreCut) {
  test::TempDir dir;
  std::unique_ptr<Store> store = SyndicatedStore(dir.path());
  ReportOptions options;
  options.top_sources = 2;
  options.members_per_cluster = 3;
  StatusOr<ReportData> d = AggregateReport(*store, options);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->top_sources.size(), 2u);
  EXPECT_EQ(d->top_clusters[0].listed.size(), 3u);
  EXPECT_EQ(d->top_clusters[0].members, 5u);
}

TEST(ReportTest, PageIsSelfContainedAndEscapesTheData) {
  test::TempDir dir;
  std::unique_ptr<Store> store = SyndicatedStore(dir.path());
  StatusOr<ReportData> d = AggregateReport(*store, ReportOptions{});
  ASSERT_TRUE(d.ok());
  const std::string html = RenderReportHtml(*d);
  EXPECT_NE(html.find("Daily &lt;News&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<News>"), std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("+10 min"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
}

TEST(ReportTest, OutletsAndClustersLinkToEachOther) {
  test::TempDir dir;
  std::unique_ptr<Store> store = SyndicatedStore(dir.path());
  StatusOr<ReportData> d = AggregateReport(*store, ReportOptions{});
  ASSERT_TRUE(d.ok());
  const std::string html = RenderReportHtml(*d);
  // Daily <News> ranks first among the outlets and is in cluster 1.
  EXPECT_NE(html.find("<div class=\"cluster\" id=\"cluster-1\">"),
            std::string::npos);
  EXPECT_NE(html.find("<tr id=\"outlet-1\"><td>Daily &lt;News&gt;</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td><a href=\"#outlet-1\">Daily &lt;News&gt;</a></td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td><a href=\"#cluster-1\">1</a></td></tr>"),
            std::string::npos);
  // Wire is copied from: its name in the copiers' rows leads to its row.
  EXPECT_NE(html.find("<a href=\"#outlet-4\">Wire</a> (2)"), std::string::npos);
}

TEST(ReportTest, HtmlEscapeCoversMarkupAndQuotes) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST(ReportTest, SinceTakesATimeOrADate) {
  EXPECT_EQ(ReportSince("2024-04-08"), kT0 - 8 * 60 * kMin);
  EXPECT_EQ(ReportSince("2024-04-08T08:00:00Z"), kT0);
  EXPECT_FALSE(ReportSince("yesterday").has_value());
}

}  // namespace
}  // namespace newsdedup
