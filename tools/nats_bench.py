#!/usr/bin/env python3
"""The scale-out figures of doc/scale-out.md, measured on this machine.

Starts a three-node nats-server cluster on loopback (its own temporary
directories, stopped at the end), then for each shard count runs the roles
(shards, workers, the decider) under a prefix of their own, publishes the
input with `newsdedup nats publish`, and prints:
  - the time from the first publish to the last decision, and the rate,
    against `newsdedup batch` on the same input in the same run (ratio);
  - messages and bytes per article in each stream (JetStream's own
    accounting, from the monitoring port), and in the decider's lookups;
  - each shard's index bytes, and per article.
The decisions are compared with batch's, byte for byte, every time.

Usage: tools/nats_bench.py --input FILE [--shards 1,2,4] [--workers 2]
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nats:
    """Three nats-server processes forming one JetStream cluster."""

    def __init__(self, top, nodes=3):
        self.nodes = []
        for i in range(nodes):
            d = os.path.join(top, "n%d" % i)
            os.makedirs(d)
            self.nodes.append({"dir": d, "client": free_port(),
                               "route": free_port(), "http": free_port()})
        routes = "".join("    nats-route://127.0.0.1:%d\n" % n["route"]
                         for n in self.nodes)
        self.procs = []
        for i, n in enumerate(self.nodes):
            conf = os.path.join(n["dir"], "nats.conf")
            with open(conf, "w") as f:
                f.write("server_name: n%d\nlisten: 127.0.0.1:%d\n"
                        "http: 127.0.0.1:%d\nmax_payload: 8388608\n"
                        "jetstream {\n  store_dir: \"%s/store\"\n"
                        "  max_mem: 256MB\n  max_file: 20GB\n}\n"
                        "cluster {\n  name: bench\n  listen: 127.0.0.1:%d\n"
                        "  routes: [\n%s  ]\n}\n"
                        % (i, n["client"], n["http"], n["dir"], n["route"],
                           routes))
            log = open(os.path.join(n["dir"], "log"), "w")
            self.procs.append(subprocess.Popen(
                [shutil.which("nats-server") or "/usr/sbin/nats-server",
                 "-c", conf], stdout=log, stderr=log))
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                jsz = self.jsz(0)
                if jsz.get("meta_cluster", {}).get("leader"):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("the NATS cluster did not form")

    def urls(self):
        return ",".join("nats://127.0.0.1:%d" % n["client"] for n in self.nodes)

    def jsz(self, node, query=""):
        url = "http://127.0.0.1:%d/jsz%s" % (self.nodes[node]["http"], query)
        with urllib.request.urlopen(url, timeout=5) as r:
            return json.load(r)

    def streams(self):
        """Messages and bytes of every stream, as the stream leaders count."""
        out = {}
        for i in range(len(self.nodes)):
            jsz = self.jsz(i, "?streams=true")
            for account in jsz.get("account_details", []):
                for s in account.get("stream_detail", []):
                    state = s.get("state", {})
                    out[s["name"]] = (state.get("messages", 0),
                                      state.get("bytes", 0))
        return out

    def stop(self):
        for p in self.procs:
            p.kill()
            p.wait()


def newsdedup():
    return os.path.join(ROOT, "build", "bin", "newsdedup")


def run_cluster(nats, top, prefix, shards, workers, inp):
    common = ["--nats", nats.urls(), "--prefix", prefix, "--replicas", "3",
              "--shards", str(shards)]
    roles = []
    logs = {}

    def role(name, args):
        path = os.path.join(top, "%s-%s.log" % (prefix, name))
        logs[name] = path
        roles.append((name, subprocess.Popen(
            [newsdedup(), "nats"] + args[:1] + common + args[1:],
            stdout=subprocess.DEVNULL, stderr=open(path, "w"))))

    for k in range(shards):
        role("shard%d" % k, ["shard", "--shard", str(k), "--dir",
                             os.path.join(top, "%s-s%d" % (prefix, k))])
    for w in range(workers):
        role("worker%d" % w, ["worker", "--threads", "1"])
    role("decider", ["decide", "--db", os.path.join(top, prefix + "-db")])
    time.sleep(2)  # the roles connect and make their streams
    start = time.time()
    out = subprocess.run([newsdedup(), "nats", "publish"] + common + [inp],
                         capture_output=True, text=True, check=True).stdout
    seconds = time.time() - start
    for _, p in roles:
        p.send_signal(signal.SIGTERM)
    for _, p in roles:
        p.wait(timeout=60)
    text = {name: open(path).read() for name, path in logs.items()}
    return out, seconds, text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", required=True,
                    help="JSON Lines articles, e.g. a wirecopy split")
    ap.add_argument("--shards", default="1,2,4")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    inp = os.path.abspath(args.input)
    articles = sum(1 for _ in open(inp))
    top = tempfile.mkdtemp(prefix="newsdedup-bench-")
    try:
        t = time.time()
        expected = subprocess.run(
            [newsdedup(), "batch", "--db", os.path.join(top, "batch-db"), inp],
            capture_output=True, text=True, check=True).stdout
        batch_s = time.time() - t
        print("input: %s, %d articles" % (inp, articles))
        print("batch (embedded, one process): %.1f s, %.0f articles/s"
              % (batch_s, articles / batch_s))
        nats = Nats(top)
        try:
            for shards in [int(s) for s in args.shards.split(",")]:
                prefix = "b%d" % shards
                before = nats.streams()
                out, seconds, logs = run_cluster(nats, top, prefix, shards,
                                                 args.workers, inp)
                same = out == expected
                print("\n%d shard(s), %d workers: %.1f s, %.0f articles/s, "
                      "%.3f of batch's rate; decisions %s batch's"
                      % (shards, args.workers, seconds, articles / seconds,
                         batch_s / seconds, "equal to" if same else "DIFFER FROM"))
                after = nats.streams()
                for name in sorted(after):
                    if not name.startswith(prefix.upper() + "_"):
                        continue
                    m, b = after[name]
                    m0, b0 = before.get(name, (0, 0))
                    print("  stream %-8s %6.2f messages, %8.0f bytes per article"
                          % (name, (m - m0) / articles, (b - b0) / articles))
                d = re.findall(r"(\d+) lookups \((\d+) bytes out, (\d+) back\), "
                               r"(\d+) change messages \((\d+) bytes\)",
                               logs["decider"])
                if d:
                    lookups, out_b, back_b, changes, change_b = map(int, d[-1])
                    print("  lookups  %6.2f requests, %8.0f bytes out, %8.0f "
                          "back per article (core NATS, not stored)"
                          % (lookups / articles, out_b / articles,
                             back_b / articles))
                for k in range(shards):
                    log = logs["shard%d" % k]
                    start = re.findall(r"\((\d+) articles, index (\d+) bytes\)",
                                       log)
                    end = re.findall(r"(\d+) articles, (\d+) change messages "
                                     r"applied, index (\d+) bytes", log)
                    if start and end:
                        empty = int(start[0][1])
                        n, _, mem = map(int, end[-1])
                        # An empty shard's tables are preallocated: what
                        # the articles take is what grew beyond them.
                        print("  shard %d: index %.1f MB (%.1f MB empty), "
                              "%.0f bytes per article beyond empty"
                              % (k, mem / 1e6, empty / 1e6,
                                 (mem - empty) / max(n, 1)))
                if not same:
                    sys.exit(1)
        finally:
            nats.stop()
    finally:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    main()
