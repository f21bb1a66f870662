#!/usr/bin/env python3
"""Turns a JSON Lines file of articles ({id, title, body, source, url,
published}) into a WARC 1.1 file of crawled news pages, for benchmarks and
end-to-end tests: a warcinfo record, then for each article a request and an
HTTP 200 response holding the article as a page with its source's site
chrome (news_pages.py). The Target-URI is the article's url, or one made
from its id when it has none or an earlier article used it; with
--uri-is-id it is the id itself, so that the articles read back keep the
ids of a labelled file (newsdedup eval --input). Output ending in .gz is
compressed one gzip member a record, as crawlers write it.

    tools/make_warc.py articles.jsonl pages.warc.gz
"""

import argparse
import collections
import datetime
import gzip
import sys
import urllib.parse
import uuid

import news_pages


def record(kind, fields, block):
    """One WARC/1.1 record: header, block and the blank lines that end it."""
    head = ["WARC/1.1", "WARC-Type: " + kind]
    head += ["%s: %s" % item for item in fields]
    head.append("Content-Length: %d" % len(block))
    return ("\r\n".join(head) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def record_id(*parts):
    return "<urn:uuid:%s>" % uuid.uuid5(uuid.NAMESPACE_URL, "\0".join(parts))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines of articles (.gz too)")
    parser.add_argument("output", help="the WARC file; .gz: gzip per record")
    parser.add_argument("--uri-is-id", action="store_true",
                        help="use each article's id as its Target-URI")
    args = parser.parse_args()

    compress = args.output.endswith(".gz")
    used = set()
    recent = collections.defaultdict(lambda: collections.deque(maxlen=3))
    count = 0
    with open(args.output, "wb") as out:
        def write(data):
            out.write(gzip.compress(data, mtime=0) if compress else data)

        write(record("warcinfo", [
            ("WARC-Record-ID", record_id("warcinfo", args.input)),
            ("WARC-Date", "2000-01-01T00:00:00Z"),
            ("Content-Type", "application/warc-fields")],
            b"software: make_warc.py\r\nformat: WARC File Format 1.1\r\n"))
        for article in news_pages.read_articles(args.input):
            source = article.get("source") or "news"
            host = "".join(c for c in source.lower() if c.isalnum()) or "news"
            uri = article.get("url") or ""
            if args.uri_is_id:
                uri = str(article["id"])
            elif not uri or uri in used:
                uri = "https://%s.example/a/%s" % (host, urllib.parse.quote(str(article["id"]), safe=""))
            used.add(uri)
            when = news_pages.published(article) or datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
            date = when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            page = news_pages.page_html(article, list(recent[source])).encode()
            recent[source].appendleft((article.get("title") or "", uri))
            parsed = urllib.parse.urlsplit(article.get("url") or uri)
            request = ("GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: make_warc\r\n\r\n"
                       % (parsed.path or "/", parsed.netloc or host + ".example")).encode()
            response = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                        "Content-Length: %d\r\n\r\n" % len(page)).encode() + page
            response_id = record_id("response", uri, date)
            write(record("request", [
                ("WARC-Record-ID", record_id("request", uri, date)),
                ("WARC-Target-URI", uri), ("WARC-Date", date),
                ("WARC-Concurrent-To", response_id),
                ("Content-Type", "application/http; msgtype=request")], request))
            write(record("response", [
                ("WARC-Record-ID", response_id),
                ("WARC-Target-URI", uri), ("WARC-Date", date),
                ("Content-Type", "application/http; msgtype=response")], response))
            count += 1
    print("%d pages written to %s" % (count, args.output), file=sys.stderr)


if __name__ == "__main__":
    main()
