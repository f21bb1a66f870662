#!/usr/bin/env python3
"""Turns a JSON Lines file of articles ({id, title, body, source, url,
published}) into one RSS 2.0 feed, for benchmarks and end-to-end tests:
an item per article with guid (the id), title, link, pubDate, a
description (the first paragraph) and content:encoded (the story as HTML
paragraphs, news_pages.py).

    tools/make_feed.py articles.jsonl feed.xml [--title "Example News"]
"""

import argparse
import email.utils
import sys
from xml.sax.saxutils import escape

import news_pages


def cdata(text):
    return "<![CDATA[%s]]>" % text.replace("]]>", "]]]]><![CDATA[>")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines of articles (.gz too)")
    parser.add_argument("output", help="the RSS file")
    parser.add_argument("--title", default="News", help="the channel's title")
    parser.add_argument("--link", default="https://news.example/",
                        help="the channel's link")
    args = parser.parse_args()

    items = []
    for article in news_pages.read_articles(args.input):
        parts = ["<guid isPermaLink=\"false\">%s</guid>" % escape(str(article["id"])),
                 "<title>%s</title>" % escape(article.get("title") or "")]
        if article.get("url"):
            parts.append("<link>%s</link>" % escape(article["url"]))
        when = news_pages.published(article)
        if when:
            parts.append("<pubDate>%s</pubDate>" % email.utils.format_datetime(when))
        if article.get("source"):
            parts.append("<dc:creator>%s</dc:creator>" % escape(article["source"]))
        first = news_pages.paragraphs(article.get("body"))[:1]
        parts.append("<description>%s</description>" % escape(first[0] if first else ""))
        parts.append("<content:encoded>%s</content:encoded>"
                     % cdata(news_pages.story_html(article)))
        items.append("<item>\n  %s\n</item>" % "\n  ".join(parts))

    with open(args.output, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n'
                  '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
                  ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n<channel>\n'
                  "<title>%s</title>\n<link>%s</link>\n<description>%s</description>\n%s\n"
                  "</channel>\n</rss>\n"
                  % (escape(args.title), escape(args.link), escape(args.title),
                     "\n".join(items)))
    print("%d items written to %s" % (len(items), args.output), file=sys.stderr)


if __name__ == "__main__":
    main()
