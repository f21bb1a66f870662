<?php
// The FreshRSS extension (tools/plugins/freshrss/xExtension-NewsDedup)
// against a real `newsdedup serve`. FreshRSS is not packaged for Debian, so
// the classes the extension touches are stood in for below, shaped as
// FreshRSS's extension documentation and its Minz_Extension / FreshRSS_Entry
// describe them; the extension itself is loaded unchanged and its hook is
// called as FreshRSS's feed refresh calls it (entry_before_insert, one entry
// at a time, the hook's return value replacing the entry).
//
// Usage: php freshrss_test.php NEWSDEDUP_BINARY EXTENSION_DIR
// Starts the daemon on a loopback port with a scratch store and removes both
// when done. Exits 77 (skipped) when PHP's curl module is missing.

declare(strict_types=1);

if (!extension_loaded('curl')) {
	fwrite(STDERR, "skipped: PHP's curl module is not installed\n");
	exit(77);
}
[$_, $binary, $extension_dir] = $argv + [null, null, null];
if (!is_executable((string)$binary) || !is_file("$extension_dir/extension.php")) {
	fwrite(STDERR, "usage: php freshrss_test.php NEWSDEDUP_BINARY EXTENSION_DIR\n");
	exit(2);
}

// --- Stand-ins for FreshRSS ----------------------------------------------------

final class Minz_User {
	private static ?string $name = null;
	public static function name(): ?string { return self::$name; }
	public static function change(string $name = ''): void { self::$name = $name; }
}

final class Minz_Log {
	public static array $lines = [];
	public static function record(string $information, int $level, ?string $file_name = null): void {
		self::$lines[] = [$level, $information];
	}
	public static function debug(string $msg, ?string $file_name = null): void { self::record($msg, LOG_DEBUG); }
	public static function notice(string $msg, ?string $file_name = null): void { self::record($msg, LOG_NOTICE); }
	public static function warning(string $msg, ?string $file_name = null): void { self::record($msg, LOG_WARNING); }
	public static function error(string $msg, ?string $file_name = null): void { self::record($msg, LOG_ERR); }
}

final class Minz_Request {
	public static array $post = [];
	public static bool $is_post = false;
	public static function isPost(): bool { return self::$is_post; }
	public static function paramString(string $key, bool $plaintext = false): string {
		$value = (string)(self::$post[$key] ?? '');
		return $plaintext ? $value : htmlspecialchars($value, ENT_COMPAT, 'UTF-8');
	}
}

// Per-user extension settings, as FreshRSS keeps them in each user's config.
final class UserConfigurations {
	public static array $by_user = [];
}

final class Minz_ExtensionManager {
	private static array $hooks = [];
	public static function addHook(string $name, callable $function): void { self::$hooks[$name][] = $function; }
	// As FreshRSS: each hook gets the previous one's result; a non-entry stops the chain.
	public static function callHook(string $name, $entry) {
		foreach (self::$hooks[$name] ?? [] as $function) {
			$entry = call_user_func($function, $entry);
			if ($entry === null) break;
		}
		return $entry;
	}
}

abstract class Minz_Extension {
	private string $name;
	private string $path;
	private ?array $user_configuration = null;
	final public function __construct(array $meta_info) {
		$this->name = $meta_info['name'];
		$this->path = $meta_info['path'];
	}
	public function init() {}
	public function handleConfigureAction() {}
	final public function getName(): string { return $this->name; }
	final public function getPath(): string { return $this->path; }
	final protected function registerHook(string $hook_name, $hook_function): void {
		Minz_ExtensionManager::addHook($hook_name, $hook_function);
	}
	final public function getConfigureView(): string|false {
		ob_start();
		include($this->path . '/configure.phtml');
		return ob_get_clean();
	}
	final public function getUserConfigurationValue(string $key, mixed $default = null): mixed {
		$conf = UserConfigurations::$by_user[Minz_User::name()][$this->name] ?? [];
		return array_key_exists($key, $conf) ? $conf[$key] : $default;
	}
	final protected function setUserConfiguration(array $configuration): void {
		UserConfigurations::$by_user[Minz_User::name()][$this->name] = $configuration;
	}
}

final class FreshRSS_Auth {
	public static function csrfToken(): string { return 'csrf-token'; }
}
function _url(...$args): string { return '?' . implode('&', $args); }
function _t(string $key): string { return $key; }

final class FreshRSS_Feed {
	public function __construct(private int $id, private string $name, private string $website) {}
	public function id(): int { return $this->id; }
	public function name(bool $raw = false): string { return $this->name; }
	public function website(): string { return $this->website; }
}

final class FreshRSS_Entry {
	private ?bool $is_read = null;
	private array $tags;
	public function __construct(private FreshRSS_Feed $feed, private string $guid, private string $title,
			private string $link, private string $content, private int $date, array $tags = []) {
		$this->tags = $tags;
	}
	public function guid(): string { return $this->guid; }
	public function title(): string { return $this->title; }
	public function link(): string { return $this->link; }
	public function content(bool $withEnclosures = true): string { return $this->content; }
	public function date(bool $raw = false): int|string { return $raw ? $this->date : date('c', $this->date); }
	public function feed(): ?FreshRSS_Feed { return $this->feed; }
	public function feedId(): int { return $this->feed->id(); }
	public function isRead(): ?bool { return $this->is_read; }
	public function _isRead($value): void { $this->is_read = $value === null ? null : (bool)$value; }
	public function tags(bool $asString = false): array|string {
		return $asString ? ($this->tags ? '#' . implode(' #', $this->tags) : '') : $this->tags;
	}
	public function _tags($value): void {
		$this->tags = is_array($value) ? $value : (preg_split('/\s*[#,]\s*/', $value, -1, PREG_SPLIT_NO_EMPTY) ?: []);
	}
}

// --- The daemon ------------------------------------------------------------------

$scratch = sys_get_temp_dir() . '/newsdedup-freshrss-' . getmypid();
@mkdir($scratch, 0700, true);
$token = 'token-' . getmypid();
file_put_contents("$scratch/serve.json", json_encode(['token' => $token]));
$daemon = null;
function start_daemon(string $binary, string $scratch) {
	@unlink("$scratch/ready");
	$process = proc_open([$binary, 'serve', '--db', "$scratch/db", '--config', "$scratch/serve.json",
		'--http', '127.0.0.1:0', '--tcp', '127.0.0.1:0', '--ready-file', "$scratch/ready"],
		[0 => ['file', '/dev/null', 'r'], 1 => ['file', "$scratch/serve.log", 'a'], 2 => ['file', "$scratch/serve.log", 'a']], $pipes);
	for ($i = 0; $i < 100 && !@filesize("$scratch/ready"); $i++) usleep(100000);
	$ready = json_decode((string)@file_get_contents("$scratch/ready"), true);
	if (!isset($ready['http'])) {
		fwrite(STDERR, "newsdedup serve did not start:\n" . @file_get_contents("$scratch/serve.log"));
		exit(1);
	}
	return [$process, (int)$ready['http']];
}
function stop_daemon($process): void {
	proc_terminate($process);
	proc_close($process);
}
register_shutdown_function(function () use (&$daemon, $scratch) {
	if (is_resource($daemon)) stop_daemon($daemon);
	exec('rm -rf ' . escapeshellarg($scratch));
});
[$daemon, $port] = start_daemon($binary, $scratch);

// --- The extension, loaded as FreshRSS loads it ------------------------------------

$meta = json_decode(file_get_contents("$extension_dir/metadata.json"), true);
require "$extension_dir/extension.php";
$class = $meta['entrypoint'] . 'Extension';
$extension = new $class(['name' => $meta['name'], 'path' => $extension_dir]);
$extension->init();

$passed = 0;
$failed = 0;
function check(string $what, bool $ok): void {
	global $passed, $failed;
	if ($ok) { $passed++; echo "ok   $what\n"; } else { $failed++; echo "FAIL $what\n"; }
}
function configure(string $user, array $post): void {
	global $extension;
	Minz_User::change($user);
	Minz_Request::$is_post = true;
	Minz_Request::$post = $post;
	$extension->handleConfigureAction();
	Minz_Request::$is_post = false;
}
// Inserts one entry for USER as a feed refresh does; returns what is stored.
function insert(string $user, FreshRSS_Feed $feed, string $guid, string $title, string $content): FreshRSS_Entry {
	Minz_User::change($user);
	$entry = new FreshRSS_Entry($feed, $guid, $title, "https://example.org/$guid", $content,
		time() - 3600, ['local']);
	return Minz_ExtensionManager::callHook('entry_before_insert', $entry);
}
function unchanged(FreshRSS_Entry $e): bool { return $e->isRead() === null && $e->tags() === ['local']; }
function marked_copy(FreshRSS_Entry $e, bool $read = true): bool {
	$tags = $e->tags();
	return $e->isRead() === ($read ? true : null) && count($tags) === 2 && $tags[0] === 'local' &&
		preg_match('/^dup:[0-9a-f]{12}$/', $tags[1]) === 1;
}

$ferry = 'The harbour council voted 7 to 2 on Tuesday to approve a new ferry terminal on the eastern pier. The project will cost 48 million euros and is expected to open in 2028. Mayor Lena Strand said the terminal would double passenger capacity and cut waiting times for island residents. Opponents argued the money should go to road repairs instead.';
$ferry_edited = '<p>The harbour council voted 7 to 2 on Tuesday to approve a new ferry terminal on the eastern pier.</p><p>The project will cost 48 million euros and should open in 2028. Mayor Lena Strand said the terminal would double passenger capacity and shorten waiting times for island residents.</p>';
$library = 'The city library reopened its north wing on Saturday after an eighteen month renovation. Visitors found a new reading room for teenagers, a repair cafe open on Thursdays and 12000 books moved from storage. Head librarian Omar Haddad said opening hours would be extended to 9 pm from next month.';

$harbour = new FreshRSS_Feed(1, 'Harbour Herald', 'https://harbour.example');
$coast = new FreshRSS_Feed(2, 'Coast Courier', 'https://coast.example');
$wire = new FreshRSS_Feed(3, 'Wire', 'https://wire.example');
$daemon_url = "http://127.0.0.1:$port";
foreach (['alice', 'bob'] as $user) {
	configure($user, ['newsdedup_url' => $daemon_url, 'newsdedup_token' => $token, 'newsdedup_action' => 'read_and_tag']);
}
configure('carol', ['newsdedup_url' => $daemon_url, 'newsdedup_token' => $token, 'newsdedup_action' => 'tag_only']);

// Copies a user already has come back read and tagged; first copies unchanged.
check('an original comes back unchanged', unchanged(insert('alice', $harbour, 'h1', 'Harbour council approves ferry terminal', $ferry)));
check('an unrelated entry comes back unchanged', unchanged(insert('alice', $harbour, 'h2', 'Library reopens north wing', $library)));
$verbatim = insert('alice', $coast, 'c1', 'Ferry terminal approved', $ferry);
check('a verbatim copy comes back read and tagged', marked_copy($verbatim));
$edited = insert('alice', $wire, 'w1', 'Council backs ferry terminal', $ferry_edited);
check('an edited copy in HTML comes back read and tagged', marked_copy($edited));
check('copies of one story carry one tag', $verbatim->tags()[1] === $edited->tags()[1]);
check('the same GUID in another feed is another entry', marked_copy(insert('alice', $harbour, 'c1', 'Ferry terminal approved', $ferry)));
check('an entry sent again (its text updated) stays a copy', marked_copy(insert('alice', $coast, 'c1', 'Ferry terminal approved', $ferry . ' Updated.')));
check('an original sent again stays unchanged', unchanged(insert('alice', $harbour, 'h1', 'Harbour council approves ferry terminal', $ferry)));
check('a copy another user has is new to this user', unchanged(insert('bob', $coast, 'c1', 'Ferry terminal approved', $ferry)));
check('... and the next copy is a copy for them', marked_copy(insert('bob', $wire, 'w1', 'Council backs ferry terminal', $ferry_edited)));
check('an entry with no text is not sent', unchanged(insert('alice', $coast, 'c9', 'Ferry terminal approved', '<p> </p>')));
check('tag only: the first copy is unchanged', unchanged(insert('carol', $harbour, 'h1', 'Harbour council approves ferry terminal', $ferry)));
check('tag only: a copy is tagged and left unread', marked_copy(insert('carol', $coast, 'c1', 'Ferry terminal approved', $ferry), false));

// Settings: saved per user, a bad URL refused, shown escaped in the panel.
configure('dave', ['newsdedup_url' => 'ftp://nope', 'newsdedup_token' => 'x', 'newsdedup_action' => 'tag_only']);
check('a URL that is not http(s) is refused', $extension->setting('url') === NewsDedupExtension::DEFAULT_URL);
configure('dave', ['newsdedup_url' => ' http://127.0.0.1:9/"x ', 'newsdedup_token' => 't', 'newsdedup_action' => 'bogus']);
check('settings are saved trimmed, an unknown action falls back', $extension->setting('url') === 'http://127.0.0.1:9/"x' &&
	$extension->setting('action') === 'read_and_tag' && $extension->setting('token') === 't');
Minz_User::change('alice');
check('settings are per user', $extension->setting('url') === $daemon_url);
Minz_User::change('dave');
$view = $extension->getConfigureView();
check('the panel shows the saved URL, escaped', str_contains($view, 'value="http://127.0.0.1:9/&quot;x"') &&
	str_contains($view, 'name="_csrf"') && str_contains($view, '<option value="read_and_tag" selected="selected">'));

// Failures: entries pass through unchanged and the failure is logged.
configure('erin', ['newsdedup_url' => $daemon_url, 'newsdedup_token' => 'wrong', 'newsdedup_action' => 'read_and_tag']);
Minz_Log::$lines = [];
check('a wrong token leaves the entry unchanged', unchanged(insert('erin', $coast, 'c1', 'Ferry terminal approved', $ferry)));
check('... and is logged', count(Minz_Log::$lines) === 1 && str_contains(Minz_Log::$lines[0][1], '401'));

stop_daemon($daemon);
$extension2 = new $class(['name' => $meta['name'], 'path' => $extension_dir]);  // no back-off yet
Minz_User::change('alice');
Minz_Log::$lines = [];
$t0 = microtime(true);
$down = $extension2->onEntryBeforeInsert(new FreshRSS_Entry($wire, 'w2', 'Ferry terminal approved', 'https://example.org/w2', $ferry, time(), ['local']));
$again = $extension2->onEntryBeforeInsert(new FreshRSS_Entry($wire, 'w3', 'Ferry terminal approved', 'https://example.org/w3', $ferry, time(), ['local']));
check('with the daemon down entries come back unchanged', unchanged($down) && unchanged($again));
check('... the failure is logged once', count(Minz_Log::$lines) === 1 && Minz_Log::$lines[0][0] === LOG_WARNING);
check('... and costs well under the 5 s timeout', microtime(true) - $t0 < 3);

// A daemon that accepts connections but never answers: one timeout, then
// the back-off lets the rest of the refresh through at once.
$silent = stream_socket_server('tcp://127.0.0.1:0');
$silent_url = 'http://' . stream_socket_get_name($silent, false);
configure('frank', ['newsdedup_url' => $silent_url, 'newsdedup_token' => '', 'newsdedup_action' => 'read_and_tag']);
$extension3 = new $class(['name' => $meta['name'], 'path' => $extension_dir]);
Minz_Log::$lines = [];
$t0 = microtime(true);
$first = $extension3->onEntryBeforeInsert(new FreshRSS_Entry($wire, 'w4', 'Ferry terminal approved', 'https://example.org/w4', $ferry, time(), ['local']));
$t1 = microtime(true);
$second = $extension3->onEntryBeforeInsert(new FreshRSS_Entry($wire, 'w5', 'Ferry terminal approved', 'https://example.org/w5', $ferry, time(), ['local']));
$t2 = microtime(true);
check('a daemon that never answers leaves entries unchanged', unchanged($first) && unchanged($second));
check('... after at most the 5 s timeout', $t1 - $t0 >= 4.5 && $t1 - $t0 < 7);
check('... once: the next entry passes at once', $t2 - $t1 < 0.5 && count(Minz_Log::$lines) === 1);
fclose($silent);

check('both plugins ship the same client', sha1_file("$extension_dir/newsdedup_client.php") ===
	sha1_file(dirname(__DIR__, 2) . '/tools/plugins/tt-rss/af_newsdedup/newsdedup_client.php'));

echo "$passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
