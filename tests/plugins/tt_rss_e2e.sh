#!/usr/bin/env bash
# End to end with the real reader: Debian's Tiny Tiny RSS fetches feeds whose
# items copy each other, the af_newsdedup plugin asks a real `newsdedup
# serve`, and TT-RSS's own JSON API must show exactly the copies read and
# tagged dup:..., the originals and unrelated items unread, per user; with
# "tag only" copies stay unread; with the daemon stopped, new articles must
# arrive unread and untagged and the failure be logged. Then the plugin's
# preferences pane is shown and saved through TT-RSS's own web backend.
#
# Everything runs in private places that the test removes: a PostgreSQL
# cluster in a temp dir (socket only, no TCP port), a copy of TT-RSS's web
# root with its own config.php (the system's /etc/tt-rss is not touched), a
# network namespace holding the feed host (TT-RSS refuses feeds on loopback
# or on ports other than 80/443), and one line in /etc/hosts naming it.
#
# Usage: tt_rss_e2e.sh NEWSDEDUP_BINARY PLUGIN_DIR
# Exits 77 (skipped) when not root or when tt-rss, PHP or PostgreSQL is not
# installed (tools/install-deps.sh installs them).
set -euo pipefail
binary=$(realpath "$1") plugin=$(realpath "$2")
start=$(date +%s)

skip() { echo "skipped: $*" >&2; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root (network namespace, /etc/hosts)"
ttrss_www=/usr/share/tt-rss/www
[ -f $ttrss_www/update.php ] || skip "tt-rss is not installed"
command -v php >/dev/null || skip "php is not installed"
for module in pdo_pgsql curl dom mbstring intl; do
  php -r 'exit(extension_loaded($argv[1]) ? 0 : 1);' $module ||
    skip "php's $module module is not installed"
done
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$pg_bin" ] && [ -x "$pg_bin/initdb" ] || skip "PostgreSQL is not installed"
command -v ip >/dev/null || skip "iproute2 is not installed"

tmp=$(mktemp -d /tmp/newsdedup-ttrss.XXXXXX)
chmod 755 "$tmp"
tag=nd$$                      # names this run's namespace, links and hosts line
net=10.213.$(( $$ % 250 + 1 ))  # a /24 for the namespace
feed_host=feeds-$$.newsdedup.test
hosts_mark="# newsdedup tt-rss test $$"
pids=()

cleanup() {
  set +e
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
  [ -f "$tmp/pg/postmaster.pid" ] &&
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$tmp/pg" -m immediate -w stop >/dev/null
  ip netns pids "$tag" 2>/dev/null | xargs -r kill 2>/dev/null
  ip netns del "$tag" 2>/dev/null
  ip link del "${tag}h" 2>/dev/null
  if grep -qF "$hosts_mark" /etc/hosts; then
    # Rewrite in place: /etc/hosts may be a bind mount that cannot be replaced.
    grep -vF "$hosts_mark" /etc/hosts >"$tmp/hosts" && cat "$tmp/hosts" >/etc/hosts
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# Each step below is bounded (timeouts) well inside ctest's, so the cleanup
# always runs.

fail() { echo "FAIL: $*" >&2; exit 1; }

# --- PostgreSQL: a private cluster, reachable only by its socket ---------------
mkdir -p "$tmp/pg" "$tmp/sock"
chown postgres "$tmp/pg" "$tmp/sock"
runuser -u postgres -- "$pg_bin/initdb" -D "$tmp/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$tmp/pg" -l "$tmp/sock/log" -w \
  -o "-c listen_addresses='' -k $tmp/sock -p 5432 -c fsync=off" start >/dev/null
psql() { PGOPTIONS='-c client_min_messages=warning' "$pg_bin/psql" -h "$tmp/sock" -U postgres -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "create database ttrss"
psql -d ttrss -f /usr/share/tt-rss/schema/ttrss_schema_pgsql.sql >/dev/null
sql() { psql -d ttrss -At -c "$1"; }

# --- TT-RSS: a copy of the web root with its own config and our plugin --------
www=$tmp/www
# The port TT-RSS's own web server will answer on (its config must name it).
api_port=$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); echo explode(":", stream_socket_get_name($s, false))[1];')
cp -a "$ttrss_www" "$www"
# The package links to other packages' files by relative paths: repoint them.
(cd "$ttrss_www" && find . -type l) | while read -r link; do
  ln -sfn "$(realpath -m "$ttrss_www/$link")" "$www/$link"
done
rm -f "$www/config.php" "$www/feed-icons"
mkdir -p "$www/feed-icons" "$www/plugins.local" "$tmp/lock" \
  "$tmp/cache"/{images,upload,export,feeds}
cp -r "$plugin" "$www/plugins.local/af_newsdedup"
# TT-RSS refuses to run as root; it runs as the web server's user.
chown -R www-data "$www/feed-icons" "$tmp/lock" "$tmp/cache"
cat >"$www/config.php" <<EOF
<?php
define('DB_TYPE', 'pgsql');
define('DB_HOST', '$tmp/sock');
define('DB_PORT', '5432');
define('DB_USER', 'postgres');
define('DB_NAME', 'ttrss');
define('DB_PASS', '');
define('MYSQL_CHARSET', 'UTF8');
define('SELF_URL_PATH', 'http://127.0.0.1:$api_port/');
define('SINGLE_USER_MODE', false);
define('SIMPLE_UPDATE_MODE', false);
define('PHP_EXECUTABLE', '$(command -v php)');
define('LOCK_DIRECTORY', '$tmp/lock');
define('CACHE_DIR', '$tmp/cache');
define('ICONS_DIR', 'feed-icons');
define('ICONS_URL', 'feed-icons');
define('AUTH_AUTO_CREATE', true);
define('AUTH_AUTO_LOGIN', true);
define('FORCE_ARTICLE_PURGE', 0);
define('ENABLE_REGISTRATION', false);
define('REG_NOTIFY_ADDRESS', 'user@example.org');
define('REG_MAX_USERS', 10);
define('SESSION_COOKIE_LIFETIME', 86400);
define('SMTP_FROM_NAME', 'Tiny Tiny RSS');
define('SMTP_FROM_ADDRESS', 'noreply@example.org');
define('DIGEST_SUBJECT', 'digest');
define('CHECK_FOR_UPDATES', false);
define('ENABLE_GZIP_OUTPUT', false);
define('PLUGINS', 'auth_internal, af_newsdedup');
define('LOG_DESTINATION', 'sql');
define('CONFIG_VERSION', 26);
EOF

# --- The feed host: a network namespace serving three feeds on port 80 --------
ip netns add "$tag"
ip link add "${tag}h" type veth peer name "${tag}n"
ip link set "${tag}n" netns "$tag"
ip addr add "$net.1/24" dev "${tag}h"
ip link set "${tag}h" up
ip netns exec "$tag" ip addr add "$net.2/24" dev "${tag}n"
ip netns exec "$tag" ip link set "${tag}n" up
ip netns exec "$tag" ip link set lo up
echo "$net.2 $feed_host $hosts_mark" >>/etc/hosts

mkdir "$tmp/feeds"
when() { date -u -R -d "$1"; }
item() {  # item GUID TITLE BODY HOURS_AGO
  printf '<item><guid isPermaLink="false">%s</guid><title>%s</title><link>http://%s/%s</link><pubDate>%s</pubDate><description>%s</description></item>\n' \
    "$1" "$2" "$feed_host" "$1" "$(when "-$4 hours")" "$3"
}
channel() {  # channel NAME ITEMS...
  local name=$1; shift
  { printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>%s</title><link>http://%s/</link><description>test feed</description>\n' "$name" "$feed_host"
    printf '%s' "$@"
    printf '</channel></rss>\n'; } >"$tmp/feeds/$name.xml"
}

ferry="The harbour council voted 7 to 2 on Tuesday to approve a new ferry terminal on the eastern pier. The project will cost 48 million euros and is expected to open in 2028. Mayor Lena Strand said the terminal would double passenger capacity and cut waiting times for island residents. Opponents argued the money should go to road repairs instead."
ferry_edited="The harbour council voted 7 to 2 on Tuesday to approve a new ferry terminal on the eastern pier. The project will cost 48 million euros and should open in 2028. Mayor Lena Strand said the terminal would double passenger capacity and shorten waiting times for island residents."
library="The city library reopened its north wing on Saturday after an eighteen month renovation. Visitors found a new reading room for teenagers, a repair cafe open on Thursdays and 12000 books moved from storage. Head librarian Omar Haddad said opening hours would be extended to 9 pm from next month."
roof="Pupils at Birchfield primary school will return to their classrooms on Monday after storm damage to the roof was repaired over the holidays. The county spent 310000 pounds on new tiles, gutters and insulation. Head teacher Maria Olsen thanked parents who helped move furniture into the sports hall during the works."
roof_edited="Pupils at Birchfield primary school will return to their classrooms on Monday after storm damage to the roof was repaired during the holidays. The county spent 310000 pounds on new tiles, gutters and insulation. Head teacher Maria Olsen thanked the parents who helped move furniture into the sports hall."
orchard="Volunteers planted 140 apple and pear trees in the community orchard behind the old railway station on Sunday. The trees were donated by a nursery in the valley and each one carries the name of a local family. The orchard group hopes to press its first juice within four years."

channel harbour "$(item harbour-ferry 'Harbour council approves new ferry terminal' "$ferry" 6)$(item harbour-library 'City library reopens north wing' "$library" 5)"
channel coast "$(item coast-ferry 'Ferry terminal approved for eastern pier' "$ferry" 4)$(item coast-roof 'Birchfield school roof repaired' "$roof" 4)"
channel wire "$(item wire-ferry 'Council backs eastern pier ferry terminal' "$ferry_edited" 3)$(item wire-roof 'School reopens after roof repairs' "$roof_edited" 3)"
channel late "$(item late-ferry 'Ferry terminal vote: council says yes' "$ferry" 2)$(item late-orchard 'Community orchard planted' "$orchard" 2)"

ip netns exec "$tag" php -S "$net.2:80" -t "$tmp/feeds" >"$tmp/feeds.log" 2>&1 &
pids+=($!)

# --- The daemon ---------------------------------------------------------------
token=test-token-$$
echo "{\"token\":\"$token\"}" >"$tmp/serve.json"
start_daemon() {
  rm -f "$tmp/ready"
  "$binary" serve --db "$tmp/newsdedup-db" --config "$tmp/serve.json" \
    --http 127.0.0.1:0 --tcp 127.0.0.1:0 --ready-file "$tmp/ready" >>"$tmp/serve.log" 2>&1 &
  daemon_pid=$!
  pids+=($daemon_pid)
  for _ in $(seq 100); do [ -s "$tmp/ready" ] && break; sleep 0.1; done
  [ -s "$tmp/ready" ] || { cat "$tmp/serve.log" >&2; fail "newsdedup serve did not start"; }
  daemon_port=$(php -r 'echo json_decode(file_get_contents($argv[1]), true)["http"];' "$tmp/ready")
}
start_daemon

# --- Users, feeds, plugin settings -------------------------------------------
# uid 1 is the schema's admin; uid 2 reads only the wire feed.
sql "insert into ttrss_users (login, pwd_hash, access_level) values ('reader2', (select pwd_hash from ttrss_users where id = 1), 0)"
for uid in 1 2; do
  sql "insert into ttrss_user_prefs (owner_uid, pref_name, value) values ($uid, 'ENABLE_API_ACCESS', 'true')"
  settings=$(php -r 'echo serialize(["url" => $argv[1], "token" => $argv[2], "action" => "read_and_tag"]);' \
    "http://127.0.0.1:$daemon_port" "$token")
  psql -d ttrss -v s="$settings" <<<"insert into ttrss_plugin_storage (name, owner_uid, content) values ('Af_NewsDedup', $uid, :'s')"
done
add_feed() {  # add_feed UID NAME -> feed id
  sql "insert into ttrss_feeds (owner_uid, title, feed_url) values ($1, '$2', 'http://$feed_host/$2.xml') returning id" | head -1
}
update_feed() {
  (cd "$www" && timeout 120 runuser -u www-data -- php update.php --update-feed "$1" >>"$tmp/update.log" 2>&1) ||
    { tail -30 "$tmp/update.log" >&2; fail "update.php --update-feed $1 failed"; }
}
harbour=$(add_feed 1 harbour) coast=$(add_feed 1 coast) wire=$(add_feed 1 wire)
wire2=$(add_feed 2 wire)
for f in "$harbour" "$coast" "$wire" "$wire2"; do update_feed "$f"; done

# --- What TT-RSS's JSON API shows ---------------------------------------------
(cd "$www" && exec runuser -u www-data -- php -S "127.0.0.1:$api_port" -t "$www" >"$tmp/api.log" 2>&1) &
pids+=($!)
for _ in $(seq 50); do
  php -r 'exit(@fsockopen("127.0.0.1", (int)$argv[1]) ? 0 : 1);' "$api_port" && break
  sleep 0.1
done
# headlines LOGIN: one line per article, "guid-suffix unread|read tags" sorted.
headlines() {
  php -- "$api_port" "$1" <<'PHP'
<?php
$api = "http://127.0.0.1:{$argv[1]}/api/";
function call($api, $body) {
  $ctx = stream_context_create(["http" => ["method" => "POST", "content" => json_encode($body),
    "header" => "Content-Type: application/json", "timeout" => 30]]);
  $answer = json_decode(file_get_contents($api, false, $ctx), true);
  if (($answer["status"] ?? 1) != 0) { file_put_contents("php://stderr", "api: " . json_encode($answer) . "\n"); exit(1); }
  return $answer["content"];
}
$sid = call($api, ["op" => "login", "user" => $argv[2], "password" => "password"])["session_id"];
$lines = [];
foreach (call($api, ["sid" => $sid, "op" => "getHeadlines", "feed_id" => -4,
    "view_mode" => "all_articles", "limit" => 100]) as $h) {
  $tags = array_values(array_filter($h["tags"], function ($t) { return $t !== ""; }));
  $lines[] = basename($h["link"]) . " " . ($h["unread"] ? "unread" : "read") . " " . implode(",", $tags);
}
sort($lines);
echo implode("\n", $lines), "\n";
PHP
}

# Checks LOGIN's headlines: each expected line is "name unread" (no tags) or
# "name read dup" (read, one dup: tag); copies in one story share one tag.
expect() {
  local login=$1; shift
  local got; got=$(headlines "$login")
  echo "$login sees:"; echo "$got" | sed 's/^/  /'
  [ "$(echo "$got" | wc -l)" -eq $# ] || fail "$login has $(echo "$got" | wc -l) articles, expected $#"
  for want in "$@"; do
    set -- $want
    local line; line=$(echo "$got" | grep "^$1 ") || fail "$login lacks $1"
    case "$2" in
      unread) [[ "$line" =~ ^$1\ unread\ ?$ ]] || fail "$login: $1 should be unread and untagged: $line" ;;
      read-dup) [[ "$line" =~ ^$1\ read\ dup:[0-9a-f]{12}$ ]] || fail "$login: $1 should be read and tagged dup: $line" ;;
      unread-dup) [[ "$line" =~ ^$1\ unread\ dup:[0-9a-f]{12}$ ]] || fail "$login: $1 should be unread and tagged dup: $line" ;;
    esac
  done
}
dup_tag() { headlines "$1" | grep "^$2 " | grep -o 'dup:[0-9a-f]*'; }

expect admin "harbour-ferry unread" "harbour-library unread" "coast-ferry read-dup" \
  "coast-roof unread" "wire-ferry read-dup" "wire-roof read-dup"
[ "$(dup_tag admin coast-ferry)" = "$(dup_tag admin wire-ferry)" ] ||
  fail "the two copies of the ferry story carry different tags"
[ "$(dup_tag admin coast-ferry)" != "$(dup_tag admin wire-roof)" ] ||
  fail "copies of different stories carry the same tag"
# reader2 has only the wire feed: its copies are the first it sees.
expect reader2 "wire-ferry unread" "wire-roof unread"

# --- Tag only -------------------------------------------------------------------
settings=$(php -r 'echo serialize(["url" => $argv[1], "token" => $argv[2], "action" => "tag_only"]);' \
  "http://127.0.0.1:$daemon_port" "$token")
psql -d ttrss -v s="$settings" <<<"update ttrss_plugin_storage set content = :'s' where owner_uid = 2"
coast2=$(add_feed 2 coast)
update_feed "$coast2"
expect reader2 "wire-ferry unread" "wire-roof unread" "coast-ferry unread-dup" "coast-roof unread-dup"

# --- The daemon down: nothing lost, nothing marked, the failure logged ----------
kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true
late=$(add_feed 1 late)
t0=$(date +%s)
update_feed "$late"
[ $(( $(date +%s) - t0 )) -lt 20 ] || fail "a feed update with the daemon down took over 20 s"
expect admin "harbour-ferry unread" "harbour-library unread" "coast-ferry read-dup" \
  "coast-roof unread" "wire-ferry read-dup" "wire-roof read-dup" \
  "late-ferry unread" "late-orchard unread"
logged=$(sql "select count(*) from ttrss_error_log where errstr like 'af_newsdedup:%'")
[ "$logged" -ge 1 ] || fail "the daemon being down was not logged"
echo "logged: $(sql "select errstr from ttrss_error_log where errstr like 'af_newsdedup:%' limit 1")"

# --- The preferences pane, through TT-RSS's own web backend -------------------
php -- "$api_port" <<'PHP' || fail "the preferences pane does not show or save the settings"
<?php
$base = "http://127.0.0.1:{$argv[1]}/";
$cookies = [];
function web($path, $post = null) {
  global $base, $cookies;
  $header = "Cookie: " . implode("; ", array_map(fn($k, $v) => "$k=$v", array_keys($cookies), $cookies));
  $options = ["method" => $post === null ? "GET" : "POST", "timeout" => 30, "follow_location" => 0,
    "ignore_errors" => true, "header" => $header];
  if ($post !== null) {
    $options["content"] = http_build_query($post);
    $options["header"] .= "\r\nContent-Type: application/x-www-form-urlencoded";
  }
  $body = file_get_contents($base . $path, false, stream_context_create(["http" => $options]));
  foreach ($http_response_header as $line) {
    if (preg_match('/^Set-Cookie: ([^=]+)=([^;]*)/i', $line, $m)) $cookies[$m[1]] = $m[2];
  }
  return $body;
}
function need($what, $ok) { if (!$ok) { file_put_contents("php://stderr", "prefs: $what\n"); exit(1); } }
web("public.php?op=login", ["login" => "admin", "password" => "password"]);
need("no csrf token after logging in", preg_match('/__csrf_token = "([^"]+)"/', web("prefs.php"), $m));
$csrf = $m[1];
$pane = web("backend.php?op=pref-feeds");
need("the pane is not in Preferences > Feeds", str_contains($pane, "(af_newsdedup)") &&
  str_contains($pane, "name='url'") && preg_match('/<option selected="selected" value="read_and_tag">/', $pane));
$save = ["op" => "pluginhandler", "plugin" => "af_newsdedup", "method" => "save",
  "url" => "http://127.0.0.1:9/", "token" => "t'2", "action" => "tag_only"];
need("saved without a csrf token", !str_contains(web("backend.php", $save), "Saved."));
need("a URL that is not http(s) was saved", !str_contains(web("backend.php",
  ["url" => "file:///etc/passwd", "csrf_token" => $csrf] + $save), "Saved."));
need("not saved", str_contains(web("backend.php", ["csrf_token" => $csrf] + $save), "Saved."));
$pane = web("backend.php?op=pref-feeds");
need("the saved settings are not shown", str_contains($pane, "value='http://127.0.0.1:9/'") &&
  str_contains($pane, "value='t&#039;2'") && str_contains($pane, '<option selected="selected" value="tag_only">'));
echo "preferences pane: shown, saved, csrf and URL checked\n";
PHP

echo "tt-rss end to end: passed in $(( $(date +%s) - start )) s"
