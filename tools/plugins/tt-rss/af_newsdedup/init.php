<?php
// af_newsdedup: a Tiny Tiny RSS (21, PHP 8) plugin that sends each new
// article to a `newsdedup serve` daemon and, when the article copies one the
// same user already has, stores it read and tagged "dup:<cluster>". The
// first copy a user receives stays unread. When the daemon cannot be reached
// or answers badly, articles pass through untouched and the failure goes to
// TT-RSS's log: a reader never loses an article because of this plugin.
//
// Settings (per user, Preferences > Feeds > "Copies of articles you already
// have"): daemon URL, bearer token, and what to do with copies (mark read and
// tag, or tag only). See doc/plugins.md.

require_once __DIR__ . "/newsdedup_client.php";

class Af_NewsDedup extends Plugin {
	const DEFAULT_URL = "http://127.0.0.1:8080";
	const ACTIONS = ["read_and_tag", "tag_only"];
	// After a failure, the rest of this feed update leaves the daemon alone
	// for this long, so a daemon that hangs costs one timeout, not one per
	// article.
	const BACKOFF_SECONDS = 60;

	/** @var PluginHost */
	private $host;
	private $skip_until = 0;

	function about() {
		return [1.0,
			"Marks copies of articles you already have as read (newsdedup)",
			"newsdedup",
			false];  // a user plugin; list it in PLUGINS to enable it for everyone
	}

	function api_version() {
		return 2;
	}

	function init($host) {
		$this->host = $host;
		$host->add_hook($host::HOOK_ARTICLE_FILTER, $this);
		$host->add_hook($host::HOOK_PREFS_TAB, $this);
	}

	function hook_article_filter($article) {
		if (time() < $this->skip_until) return $article;
		$url = trim((string)$this->host->get($this, "url", self::DEFAULT_URL));
		if ($url === "") return $article;  // switched off for this user
		// Nothing to compare: a title alone would match unrelated items.
		if (trim(strip_tags((string)$article["content"])) === "") return $article;

		try {
			$client = new NewsDedupClient($url, (string)$this->host->get($this, "token", ""));
			$feed = $article["feed"] ?? [];
			$verdict = $client->check(
				"ttrss:" . (int)$article["owner_uid"] . ":",
				// guid_hashed is unique per user and entry, and stable.
				sha1((string)$article["guid_hashed"]),
				["title" => (string)$article["title"],
				 "body" => (string)$article["content"],
				 "url" => (string)$article["link"],
				 "source" => (string)(parse_url($feed["site_url"] ?? "", PHP_URL_HOST)
					?: parse_url($feed["fetch_url"] ?? "", PHP_URL_HOST) ?: ""),
				 "published" => (int)$article["timestamp"]]);
		} catch (Throwable $e) {
			$this->skip_until = time() + self::BACKOFF_SECONDS;
			Logger::get()->log(E_USER_WARNING, "af_newsdedup: " . $e->getMessage() .
				"; articles pass through unchanged for " . self::BACKOFF_SECONDS . " s");
			return $article;
		}

		Debug::log("af_newsdedup: " . $verdict["relation"] . " in cluster " . $verdict["cluster"] .
			($verdict["copy"] ? ", a copy for this user" : ""), Debug::$LOG_VERBOSE);
		if ($verdict["copy"]) {
			$article["tags"][] = NewsDedupClient::tag($verdict["cluster"]);
			if ($this->host->get($this, "action", "read_and_tag") !== "tag_only") {
				$article["force_catchup"] = true;
			}
		}
		return $article;
	}

	function hook_prefs_tab($args) {
		if ($args != "prefFeeds") return;

		$url = htmlspecialchars((string)$this->host->get($this, "url", self::DEFAULT_URL), ENT_QUOTES);
		$token = htmlspecialchars((string)$this->host->get($this, "token", ""), ENT_QUOTES);
		$action = (string)$this->host->get($this, "action", "read_and_tag");

		print "<div dojoType='dijit.layout.AccordionPane'
			title=\"<i class='material-icons'>content_copy</i> " . __("Copies of articles you already have (af_newsdedup)") . "\">";
		print "<form dojoType='dijit.form.Form'>";
		print "<script type='dojo/method' event='onSubmit' args='evt'>
			evt.preventDefault();
			if (this.validate()) {
				new Ajax.Request('backend.php', {
					parameters: dojo.objectToQuery(this.getValues()),
					onComplete: function(transport) { Notify.info(transport.responseText); }
				});
			}
			</script>";
		print_hidden("op", "pluginhandler");
		print_hidden("method", "save");
		print_hidden("plugin", "af_newsdedup");

		print_notice(__("New articles are sent to a newsdedup daemon. A copy of an article you already have is stored as you choose below and tagged dup:…; the first copy stays unread. If the daemon is down, articles arrive unchanged."));

		print "<fieldset><label>" . __("Daemon URL (empty: off):") . "</label> ";
		print "<input dojoType='dijit.form.ValidationTextBox' name='url' value='$url'
			regExp='(https?://\\S+)?' placeholder='" . self::DEFAULT_URL . "' style='width: 300px'>";
		print "</fieldset><fieldset><label>" . __("Token:") . "</label> ";
		print "<input dojoType='dijit.form.TextBox' type='password' name='token' value='$token'>";
		print "</fieldset><fieldset><label>" . __("Copies:") . "</label> ";
		print_select_hash("newsdedup_action", $action,
			["read_and_tag" => __("mark read and tag"), "tag_only" => __("tag only")],
			"dojoType='fox.form.Select'", "action");
		print "</fieldset>";

		print_button("submit", __("Save"), "class='alt-primary'");
		print "</form></div>";
	}

	// Backend call from the form above (op=pluginhandler, method=save).
	function save() {
		// PluginHandler skips TT-RSS's CSRF check for plugins; do it here.
		if (!validate_csrf($_POST["csrf_token"] ?? null)) {
			print __("Not saved: the form has expired, reload the page.");
			return;
		}
		$url = trim((string)($_POST["url"] ?? ""));
		if ($url !== "" && !preg_match('#^https?://\S+$#i', $url)) {
			print __("Not saved: the daemon URL must start with http:// or https://.");
			return;
		}
		$action = (string)($_POST["action"] ?? "");
		if (!in_array($action, self::ACTIONS, true)) $action = "read_and_tag";

		$this->host->set($this, "url", $url, false);
		$this->host->set($this, "token", trim((string)($_POST["token"] ?? "")), false);
		$this->host->set($this, "action", $action);
		print __("Saved.");
	}
}
