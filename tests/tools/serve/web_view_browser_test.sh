#!/usr/bin/env bash
# The web view (tools/serve/ui_routes.h) and the report (tools/report/) in
# a real browser: Debian's chromium, headless. A daemon on loopback with a
# token gets the seed articles; each page is loaded and its rendered DOM
# checked: the cluster page lists the members and their lags, the pair page
# highlights the aligned sentences of seed pair 000/001, the live page shows
# a decision posted after it loaded, a page without the token is refused,
# and no page logs a JavaScript error. The report written from the same
# store is rendered the same way.
#
# Usage: web_view_browser_test.sh NEWSDEDUP_BINARY SEEDS_DIR [SCREENSHOT_DIR]
# Writes cluster.png and pair.png (1200x800, the cluster page and the pair
# page) and report.png to SCREENSHOT_DIR when given. Exits 77 (skipped) when chromium is not installed
# (tools/install-deps.sh installs it).
set -euo pipefail
binary=$(realpath "$1") seeds=$(realpath "$2") shots=${3:-}
command -v chromium >/dev/null || { echo "skipped: no chromium" >&2; exit 77; }
command -v python3 >/dev/null || { echo "skipped: no python3" >&2; exit 77; }

tmp=$(mktemp -d /tmp/newsdedup-web.XXXXXX)
pids=()
cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  [ -n "${NEWSDEDUP_KEEP_TMP:-}" ] && echo "kept $tmp" >&2 || rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# The seeds as JSON Lines: the first line is the title; 000 is the wire
# original, 001 its copy 25 minutes later, 002-004 other reports.
python3 - "$seeds" "$tmp" <<'PY'
import json, pathlib, sys
seeds, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
outlets = ["Wire Service", "Daily Courier", "Kyiv Bulletin", "Die Woche",
           "Atlantic Review"]
minutes = [0, 25, 40, 55, 70]
for n, path in enumerate(sorted(seeds.glob("*.txt"))):
    text = path.read_text(encoding="utf-8").strip()
    title = text.split("\n", 1)[0].strip()
    if len(title) > 90:
        title = title[:90].rsplit(" ", 1)[0] + "…"
    m = minutes[n]
    article = {"id": path.stem, "title": title, "body": text,
               "source": outlets[n], "url": f"https://news.example/{path.stem}",
               "published": f"2024-04-08T{8 + m // 60:02d}:{m % 60:02d}:00Z"}
    (out / f"{path.stem[:3]}.jsonl").write_text(json.dumps(article) + "\n")
PY
id0=$(basename "$seeds"/000_*.txt .txt) id1=$(basename "$seeds"/001_*.txt .txt)

token=web-$$-$RANDOM
printf '{"token": "%s"}\n' "$token" >"$tmp/config.json"
"$binary" serve --db "$tmp/store" --config "$tmp/config.json" \
  --http 127.0.0.1:0 --tcp 127.0.0.1:0 --threads 1 \
  --ready-file "$tmp/ready.json" 2>"$tmp/serve.log" &
pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/ready.json" ] && break; sleep 0.1; done
[ -s "$tmp/ready.json" ] || { cat "$tmp/serve.log"; fail "daemon not ready"; }
port=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$tmp/ready.json")
base=http://127.0.0.1:$port
post() { "$binary" post --url "$base" --token "$token" --quiet "$@" >/dev/null; }
post "$tmp/000.jsonl" "$tmp/002.jsonl" "$tmp/003.jsonl" "$tmp/004.jsonl"

# Loads a page and prints its DOM; the browser's log goes to $tmp/NAME.log.
# Virtual time lets the page's scripts and polls run to their end at once.
browse() {
  local name=$1 url=$2
  shift 2
  chromium --headless --disable-gpu --no-sandbox --no-first-run \
    --user-data-dir="$tmp/profile-$name" --enable-logging=stderr --v=0 \
    "$@" "$url" 2>"$tmp/$name.log"
}
no_js_errors() {
  if grep -E 'Uncaught|Refused to|CONSOLE.*(Error|error)' "$tmp/$1.log"; then
    fail "$1: JavaScript error or blocked resource in the console"
  fi
}

# Without the token: refused, page and API alike.
browse refused "$base/ui/cluster?id=$id0" --dump-dom >"$tmp/refused.html"
grep -q 'needs its token' "$tmp/refused.html" || fail "page without the token not refused"
grep -q "$id0" "$tmp/refused.html" && fail "page without the token shows data"
code=$(python3 - "$base/ui/api/events" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(sys.argv[1]); print(200)
except urllib.error.HTTPError as e:
    print(e.code)
PY
)
[ "$code" = 401 ] || fail "API without the token answered $code"

# The live page, left running: after its first answer it long-polls
# /ui/api/events, during which its virtual clock stands still, so 001,
# posted meanwhile, must arrive through that poll (marked fresh) and be
# shown in the same cluster as 000.
browse live "$base/ui/?token=$token" --dump-dom --virtual-time-budget=1500 \
  >"$tmp/live.html" &
live=$!
pids+=($live)
# Once the browser holds a connection to the daemon the page has loaded and
# polls at once (its virtual clock runs ahead while it waits for nothing);
# a second more is a wide margin. Without ss, a slow start is allowed for.
if command -v ss >/dev/null; then
  for _ in $(seq 200); do
    [ -n "$(ss -Htn state established "( dport = :$port )")" ] && break
    sleep 0.1
  done
  sleep 1
else
  sleep 4
fi
post "$tmp/001.jsonl"
wait "$live"
no_js_errors live
python3 - "$tmp/live.html" "$id0" "$id1" <<'PY' || fail "live page"
import re, sys
dom, id0, id1 = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
groups = re.findall(r'<section class="group" data-cluster="([^"]+)">(.*?)</section>', dom, re.S)
assert groups, "no cluster groups"
holder = [c for c, body in groups if f'class="decision fresh" data-article="{id1}"' in body]
assert holder, f"{id1}, posted after the page loaded, is not shown as new"
body = dict(groups)[holder[0]]
assert f'data-article="{id0}"' in body, f"{id1} not grouped with {id0}"
# Newest first: the group holding the later decision leads.
assert groups[0][0] == holder[0], "newest decision not first"
print("live page: ok")
PY

# The cluster page: every member, the copy's lag behind the original.
browse cluster "$base/ui/cluster?id=$id0&token=$token" --dump-dom \
  --virtual-time-budget=5000 >"$tmp/cluster.html"
no_js_errors cluster
python3 - "$tmp/cluster.html" "$id0" "$id1" <<'PY' || fail "cluster page"
import re, sys
dom, id0, id1 = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
rows = re.findall(r'<tr class="member" data-article="([^"]+)">(.*?)</tr>', dom, re.S)
ids = [r[0] for r in rows]
assert ids == [id0, id1], f"members {ids}"
assert "Wire Service" in rows[0][1] and "Daily Courier" in rows[1][1]
assert re.search(r'class="[^"]*\blag\b[^"]*">\+25 min<', rows[1][1]), "lag of the copy"
assert "<circle" in dom, "no time line"
print("cluster page: ok")
PY

# The pair page: the aligned sentences of 000 and 001 highlighted on both
# sides, the evidence beside its thresholds.
browse pair "$base/ui/pair?a=$id1&b=$id0&token=$token" --dump-dom \
  --virtual-time-budget=5000 >"$tmp/pair.html"
no_js_errors pair
python3 - "$tmp/pair.html" "$id0" "$id1" <<'PY' || fail "pair page"
import re, sys
dom, id0, id1 = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
sides = re.findall(r'<section class="text" data-article="([^"]+)">(.*?)</section>', dom, re.S)
assert [s[0] for s in sides] == [id0, id1], f"sides {[s[0] for s in sides]}"
pairs = [set(re.findall(r'class="sent aligned"[^>]*data-pair="(\d+)"', body)) for _, body in sides]
assert pairs[0] and pairs[0] == pairs[1], f"aligned sentences {pairs}"
assert re.search(r'<tr class="figure"><td>shingle containment</td><td class="n">[0-9.]+</td><td class="muted">copy &gt;=', dom)
print(f"pair page: ok, {len(pairs[0])} aligned sentence pairs")
PY

# Search by title words.
browse search "$base/ui/search?q=authoritarian+powers&token=$token" --dump-dom \
  --virtual-time-budget=5000 >"$tmp/search.html"
no_js_errors search
grep -q "class=\"result\" data-article=\"$id1\"" "$tmp/search.html" ||
  fail "search by title words does not find $id1"

if [ -n "$shots" ]; then
  mkdir -p "$shots"
  browse shot "$base/ui/cluster?id=$id0&token=$token" --hide-scrollbars \
    --window-size=1200,800 --virtual-time-budget=5000 \
    --screenshot="$(realpath "$shots")/cluster.png" >/dev/null
  browse shot-pair "$base/ui/pair?a=$id1&b=$id0&token=$token" --hide-scrollbars \
    --window-size=1200,800 --virtual-time-budget=5000 \
    --screenshot="$(realpath "$shots")/pair.png" >/dev/null
  [ -s "$shots/cluster.png" ] && [ -s "$shots/pair.png" ] || fail "no screenshot"
fi

# The report from the same store, read-only beside the running daemon.
"$binary" report --db "$tmp/store" --out "$tmp/report.html" 2>/dev/null
browse report "file://$tmp/report.html" --dump-dom >"$tmp/report.dom"
no_js_errors report
python3 - "$tmp/report.dom" "$id1" <<'PY' || fail "report"
import re, sys
dom, id1 = open(sys.argv[1]).read(), sys.argv[2]
assert re.search(r"<b>5</b>articles", dom), "totals"
assert "Daily Courier" in dom and id1 in dom, "most-copied original"
assert re.search(r"<td>Daily Courier</td><td class=\"n\">1</td><td class=\"n\">1</td>", dom), "outlet row"
assert dom.count("<svg") == 2, "charts"
print("report: ok")
PY
if [ -n "$shots" ]; then
  browse shot-report "file://$tmp/report.html" --hide-scrollbars \
    --window-size=1000,1100 --screenshot="$(realpath "$shots")/report.png" >/dev/null
  [ -s "$shots/report.png" ] || fail "no screenshot of the report"
fi
echo "web view and report: all checks passed"
