<?php
// NewsDedup: a FreshRSS extension (FreshRSS 1.23 or later, PHP 8.1+) that
// sends each new entry to a `newsdedup serve` daemon on the
// entry_before_insert hook and, when the entry copies one this user already
// has, returns it marked read and tagged "dup:<cluster>"; otherwise the entry
// comes back unchanged. When the daemon cannot be reached or answers badly,
// entries pass through unchanged and the failure goes to FreshRSS's log: a
// reader never loses an entry because of this extension.
//
// Settings (per user, in the extension's configuration panel): daemon URL,
// bearer token, and what to do with copies (mark read and tag, or tag only).
// See doc/plugins.md.

declare(strict_types=1);

require_once __DIR__ . '/newsdedup_client.php';

final class NewsDedupExtension extends Minz_Extension {
	public const DEFAULT_URL = 'http://127.0.0.1:8080';
	private const ACTIONS = ['read_and_tag', 'tag_only'];
	// After a failure, this process leaves the daemon alone for this long, so
	// a daemon that hangs costs one timeout per refresh, not one per entry.
	private const BACKOFF_SECONDS = 60;

	private int $skip_until = 0;

	public function init(): void {
		parent::init();
		$this->registerHook('entry_before_insert', [$this, 'onEntryBeforeInsert']);
	}

	/** The hook: returns the entry, marked as a copy or unchanged. */
	public function onEntryBeforeInsert($entry) {
		if (!($entry instanceof FreshRSS_Entry) || time() < $this->skip_until) return $entry;
		$url = $this->setting('url');
		if ($url === '') return $entry;  // switched off for this user
		$content = (string)$entry->content(false);
		// Nothing to compare: a title alone would match unrelated items.
		if (trim(strip_tags($content)) === '') return $entry;

		try {
			$feed = $entry->feed();
			$client = new NewsDedupClient($url, $this->setting('token'));
			$verdict = $client->check(
				'freshrss:' . self::userName() . ':',
				// A GUID is unique within its feed.
				sha1($entry->feedId() . "\n" . $entry->guid()),
				['title' => (string)$entry->title(),
				 'body' => $content,
				 'url' => (string)$entry->link(),
				 'source' => $feed === null ? '' : (string)$feed->name(),
				 'published' => (int)$entry->date(true)]);
		} catch (Throwable $e) {
			$this->skip_until = time() + self::BACKOFF_SECONDS;
			Minz_Log::warning('NewsDedup: ' . $e->getMessage() .
				'; entries pass through unchanged for ' . self::BACKOFF_SECONDS . ' s');
			return $entry;
		}

		if ($verdict['copy']) {
			$tags = $entry->tags();
			$tags[] = NewsDedupClient::tag($verdict['cluster']);
			$entry->_tags($tags);
			if ($this->setting('action') !== 'tag_only') $entry->_isRead(true);
		}
		return $entry;
	}

	public function handleConfigureAction(): void {
		parent::handleConfigureAction();
		if (!Minz_Request::isPost()) return;
		$url = trim(Minz_Request::paramString('newsdedup_url', plaintext: true));
		if ($url !== '' && !preg_match('#^https?://\S+$#i', $url)) {
			Minz_Log::warning('NewsDedup: not saved, the daemon URL must start with http:// or https://');
			return;
		}
		$action = Minz_Request::paramString('newsdedup_action', plaintext: true);
		$this->setUserConfiguration([
			'url' => $url,
			'token' => trim(Minz_Request::paramString('newsdedup_token', plaintext: true)),
			'action' => in_array($action, self::ACTIONS, true) ? $action : 'read_and_tag',
		]);
	}

	/** A setting of the current user, with its default. */
	public function setting(string $name): string {
		$defaults = ['url' => self::DEFAULT_URL, 'token' => '', 'action' => 'read_and_tag'];
		return (string)$this->getUserConfigurationValue($name, $defaults[$name] ?? '');
	}

	private static function userName(): string {
		return (string)(Minz_User::name() ?? '_');
	}
}
