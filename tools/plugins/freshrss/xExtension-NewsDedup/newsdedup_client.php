<?php
// NewsDedupClient: asks a `newsdedup serve` daemon (doc/api.md) whether an
// article copies one that the same reader user already has.
//
// The Tiny Tiny RSS plugin and the FreshRSS extension each ship this file,
// byte for byte the same (tests/plugins/freshrss_test.sh compares them), so
// each can be installed by copying one folder.
//
// Whose copy: every article is stored in the daemon under
// "<reader>:<user>:<key>" (the caller's user prefix and a key unique per
// reader entry). The same entry fetched by two users is two daemon articles
// that fall into one cluster; an article is a copy *for this user* when its
// cluster holds another article with this user's prefix. That decides per
// user with no table of our own, survives cluster merges (members are read
// from the daemon each time), and a re-sent article (the reader saw its text
// change) answers 409 with its first decision, so it stays what it was.
//
// Failures (daemon down, slow, wrong token, bad answer) throw
// NewsDedupError; callers leave the article as it was. Timeouts are short
// (2 s to connect, 5 s in all) so a down daemon never stalls feed updates.
// Not thread-safe; cheap to make one per article.

class NewsDedupError extends Exception {
}

final class NewsDedupClient {
	const CONNECT_TIMEOUT_MS = 2000;
	const TIMEOUT_MS = 5000;
	// Answers larger than this are refused (a cluster listing is the largest).
	const MAX_RESPONSE_BYTES = 4194304;
	// Under the daemon's own caps (doc/api.md: body 2 MiB, fields 64 KiB).
	const MAX_BODY_BYTES = 1048576;
	const MAX_FIELD_BYTES = 16384;

	private $base_url;
	private $token;

	/** @param string $base_url e.g. "http://127.0.0.1:8080" */
	public function __construct(string $base_url, string $token = '') {
		$this->base_url = rtrim(trim($base_url), '/');
		$this->token = trim($token);
		if (!preg_match('#^https?://[^/\s]+#i', $this->base_url)) {
			throw new NewsDedupError("daemon URL '$base_url' is not an http(s) URL");
		}
	}

	/**
	 * Stores the article in the daemon and tells whether it copies another
	 * article of the same user.
	 *
	 * @param string $user_prefix "<reader>:<user>:", the same for all of one
	 *   user's articles and for no other user's.
	 * @param string $key unique per reader entry of that user.
	 * @param array $fields title, body (HTML or text), url, source (strings)
	 *   and published (Unix seconds, or 0 when unknown).
	 * @return array ["copy" => bool, "cluster" => string, "relation" => string]
	 * @throws NewsDedupError
	 */
	public function check(string $user_prefix, string $key, array $fields): array {
		$id = $user_prefix . $key;
		$article = ["id" => $id, "body" => self::cap($fields["body"] ?? "", self::MAX_BODY_BYTES)];
		foreach (["title", "url", "source"] as $name) {
			$value = self::cap((string)($fields[$name] ?? ""), self::MAX_FIELD_BYTES);
			if ($value !== "") $article[$name] = $value;
		}
		$published = (int)($fields["published"] ?? 0);
		if ($published > 0) $article["published"] = gmdate("Y-m-d\\TH:i:s\\Z", $published);

		$json = json_encode($article, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);
		if ($json === false) throw new NewsDedupError("cannot encode the article: " . json_last_error_msg());

		list($status, $answer) = $this->request("POST", "/v1/articles", $json);
		if ($status == 200) {
			$decision = $answer;
		} else if ($status == 409 && isset($answer["decision"])) {
			$decision = $answer["decision"];  // sent before: its first decision
		} else {
			throw new NewsDedupError("POST /v1/articles answered $status: " . ($answer["error"] ?? "no reason given"));
		}
		if (!isset($decision["cluster"], $decision["relation"]) || !is_string($decision["cluster"])) {
			throw new NewsDedupError("POST /v1/articles answered without a cluster");
		}
		$verdict = ["copy" => false, "cluster" => $decision["cluster"], "relation" => (string)$decision["relation"]];
		// The first article of its cluster copies nothing.
		if ($verdict["relation"] === "new") return $verdict;

		list($status, $cluster) = $this->request("GET", "/v1/clusters/" . rawurlencode($verdict["cluster"]), null);
		if ($status != 200 || !isset($cluster["members"]) || !is_array($cluster["members"])) {
			throw new NewsDedupError("GET /v1/clusters answered $status: " . ($cluster["error"] ?? "no member list"));
		}
		foreach ($cluster["members"] as $member) {
			$other = (string)($member["id"] ?? "");
			if ($other !== $id && strncmp($other, $user_prefix, strlen($user_prefix)) === 0) {
				$verdict["copy"] = true;
				break;
			}
		}
		return $verdict;
	}

	/** The tag a copy carries: short, stable per cluster, safe as a tag. */
	public static function tag(string $cluster): string {
		return "dup:" . substr(sha1($cluster), 0, 12);
	}

	/** At most $bytes bytes of $text, cut on a UTF-8 character boundary. */
	private static function cap(string $text, int $bytes): string {
		if (strlen($text) <= $bytes) return $text;
		$cut = $bytes;
		while ($cut > 0 && (ord($text[$cut]) & 0xC0) == 0x80) $cut--;
		return substr($text, 0, $cut);
	}

	/** @return array [HTTP status, decoded JSON object] */
	private function request(string $method, string $path, ?string $body): array {
		if (!function_exists("curl_init")) throw new NewsDedupError("PHP's curl extension is missing");
		$ch = curl_init($this->base_url . $path);
		$received = "";
		$headers = ["Accept: application/json"];
		if ($this->token !== "") $headers[] = "Authorization: Bearer " . $this->token;
		if ($body !== null) $headers[] = "Content-Type: application/json";
		curl_setopt_array($ch, [
			CURLOPT_CUSTOMREQUEST => $method,
			CURLOPT_HTTPHEADER => $headers,
			CURLOPT_CONNECTTIMEOUT_MS => self::CONNECT_TIMEOUT_MS,
			CURLOPT_TIMEOUT_MS => self::TIMEOUT_MS,
			CURLOPT_FOLLOWLOCATION => false,
			CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
			CURLOPT_WRITEFUNCTION => function ($ch, $chunk) use (&$received) {
				if (strlen($received) + strlen($chunk) > self::MAX_RESPONSE_BYTES) return 0;  // abort
				$received .= $chunk;
				return strlen($chunk);
			},
		]);
		if ($body !== null) curl_setopt($ch, CURLOPT_POSTFIELDS, $body);
		$ok = curl_exec($ch);
		$status = (int)curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
		$error = curl_error($ch);
		curl_close($ch);
		if ($ok === false) {
			throw new NewsDedupError("$method $path at {$this->base_url} failed: $error");
		}
		$answer = json_decode($received, true);
		if (!is_array($answer)) {
			throw new NewsDedupError("$method $path answered $status with a body that is not a JSON object");
		}
		return [$status, $answer];
	}
}
