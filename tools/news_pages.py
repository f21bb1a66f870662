"""Shared by make_warc.py and make_feed.py: reading a JSON Lines file of
articles ({id, title, body, source, url, published}) and writing an
article as HTML. Python 3 standard library only."""

import datetime
import gzip
import hashlib
import html
import json
import re


def read_articles(path):
    """Yields the articles of a JSON Lines file (.gz too), skipping blanks."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def paragraphs(body):
    """The body's paragraphs: split at blank lines, else at newlines."""
    parts = re.split(r"\n\s*\n", body or "")
    if len(parts) == 1:
        parts = body.split("\n") if body else []
    return [" ".join(p.split()) for p in parts if p.strip()]


def published(article):
    """The article's time as an aware datetime, or None."""
    text = article.get("published")
    if not text:
        return None
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def story_html(article):
    """The body as HTML paragraphs."""
    return "\n".join("<p>%s</p>" % html.escape(p) for p in paragraphs(article.get("body")))


def _pick(source, salt, choices):
    digest = hashlib.sha256((salt + "\0" + source).encode()).digest()
    return choices[digest[0] % len(choices)]


# Pieces of site chrome; each source gets its own mix, so that pages of one
# source share their boilerplate and pages of two sources do not.
_SECTIONS = ["Home", "World", "Business", "Markets", "Politics", "Sport",
             "Science", "Opinion", "Culture", "Local", "Weather", "Video"]
_WRAPPERS = ["site-header", "masthead", "top-bar", "global-nav", "banner"]
_STORY = ["article-body", "story", "content", "post-content", "entry"]
_FOOTERS = ["All rights reserved.", "Terms of use", "Contact the newsroom",
            "Advertise with us", "Cookie settings", "Subscribe to our newsletter"]


def page_html(article, related=()):
    """A whole news page for the article: the source's chrome (header,
    navigation, related links, footer) around the title and story.
    `related` are (title, url) pairs of other articles to link to."""
    source = article.get("source") or "News"
    title = article.get("title") or ""
    when = published(article)
    sections = [s for i, s in enumerate(_SECTIONS)
                if hashlib.sha256((source + s).encode()).digest()[0] % 3]
    nav = " ".join('<a href="/%s">%s</a>' % (s.lower(), s) for s in sections)
    meta = ['<meta charset="utf-8">',
            '<meta property="og:title" content="%s">' % html.escape(title),
            '<meta property="og:site_name" content="%s">' % html.escape(source)]
    if when:
        meta.append('<meta property="article:published_time" content="%s">'
                    % when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    if article.get("url"):
        meta.append('<link rel="canonical" href="%s">' % html.escape(article["url"]))
    links = "".join('<li><a href="%s">%s</a></li>' % (html.escape(u), html.escape(t))
                    for t, u in related)
    footer = " | ".join(_FOOTERS[:2 + len(source) % 4])
    byline = ('<time datetime="%s">%s</time>' % (when.isoformat(), when.strftime("%d %B %Y"))
              if when else "")
    return """<!DOCTYPE html>
<html lang="en"><head>%s
<title>%s | %s</title></head>
<body><div class="%s"><a class="logo" href="/">%s</a><nav>%s</nav></div>
<main><article class="%s"><h1>%s</h1><div class="byline">%s</div>
%s
</article>
<aside class="related"><h2>More stories</h2><ul>%s</ul></aside></main>
<footer><p>%s</p><p>&copy; %s</p></footer></body></html>
""" % ("\n".join(meta), html.escape(title), html.escape(source),
       _pick(source, "wrapper", _WRAPPERS), html.escape(source), nav,
       _pick(source, "story", _STORY), html.escape(title), byline,
       story_html(article), links, footer, html.escape(source))
