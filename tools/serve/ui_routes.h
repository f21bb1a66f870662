// The web view: pages under /ui that show what the daemon decides, served
// on the same listener as the API and under the same token.
//
//   GET /ui/               live decisions, newest first, grouped by cluster
//   GET /ui/cluster?id=    a cluster's members on a time line
//   GET /ui/pair?a=&b=     two articles side by side, with the evidence
//   GET /ui/search?q=      recent articles by id, URL or title words
//   GET /ui/static/NAME    the pages' style and scripts (no data, no token)
//   GET /ui/api/events?after=SEQ&limit=N[&wait=S]   recent events, with
//                          each article's source and title (JSON); with
//                          wait, answered when one comes (at most 25 s)
//   GET /ui/api/search?q=  the search's results (JSON)
//   GET /ui/api/pair?a=&b= the pair's evidence (tools/pair_evidence.h;
//                          b defaults to the article a matched)
// The pages are files in tools/serve/web/ built into the binary
// (web_assets.h); their scripts read the API with the token as a bearer
// header. doc/web.md describes each page.
//
// Token: as for the API, when one is configured; a browser cannot send a
// header when it opens a page, so ?token= on the URL is accepted too (the
// pages pass it on in their links). Every response forbids sending a
// Referer, so that the token does not leave with a followed link. Without
// the token: 401.
//
// Thread safety: as HttpRoutes, on the network thread.
#pragma once

#include <string_view>

#include "tools/serve/http_routes.h"

namespace newsdedup {

// True for the paths the web view answers (/ui and below).
bool IsUiPath(std::string_view path);

// Answers a /ui request. `authorized`: the request carried the bearer
// header, or no token is configured.
boost::asio::awaitable<HttpResponse> HandleUi(Pipeline& pipeline,
                                              const ServeConfig& config,
                                              const HttpRequest& req,
                                              bool authorized);

}  // namespace newsdedup
