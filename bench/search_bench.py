#!/usr/bin/env python3
"""bulletin's search benchmark: recall, precision and bytes per query of the real search.js
in headless Chromium, on the shared synthetic corpus; and the index's size and shard count.

Usage (see bench/README.md, "Search"):
  bench/search_bench.py                       # 10,000 pages: the query table
  bench/search_bench.py --pages 1000          # another size
  bench/search_bench.py --sizes 1000 10000 100000   # index size, files, build time, RSS
  BULLETIN_BIN=/path/to/bulletin bench/search_bench.py   # skip `cargo build --release`

Ground truth comes from the source, not from the index: a document matches a query when
each of its space-separated words (or "quoted phrase") occurs, folded (full-width to ASCII,
lowercase), in the document's visible text: for a notice its title, its date as the page
shows it (2025-01-22 10:51) and as lists and results show it (2025年1月22日), its
description, tags and body (the Markdown without its markup); for a roster unit its name,
kind, region, round (2025年度) and tier. A word of Latin letters or digits must not be part of
a longer one in the text (2025 is in BN-2025-00123 and 2025年, not in 20251): the index
matches whole words.

Bytes per query: the files search.js fetched for the query (manifest, index files, the
document files and the result pages it takes snippets from; not the search page, its
stylesheet or its script), each counted as stored and gzipped (level 6, as a host that
compresses on the fly or serves the .gz siblings would send it).

Stdlib only, plus Node and tests/browser/node_modules (playwright-core) and /usr/bin/chromium.
This is not a test: `cargo test` never runs it.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
GEN = os.path.join(REPO, "..", "shared", "bench", "gen_corpus.py")
NOW = "2026-01-01"

# The reader queries: the examples, words of the corpus, dates, unit names (filled
# in from the corpus), quoted phrases and a query found nowhere.
QUERIES = [
    "2025", "2020", "网络设备漏洞", "工业控制系统漏洞", "支撑单位", "漏洞", "漏洞治理",
    "身份认证绕过", "远程代码执行漏洞", "应急响应", "闭环管理", "技术支撑单位", "反序列化",
    "SQL注入", "sql", "高危 路由器", "缓冲区溢出", "关键信息基础设施", "第123号",
    '"网络设备漏洞"', '"工业控制系统"', "溢", "量子计算", "BN",
]


def fold(text):
    """Full-width forms to ASCII, then lowercase (as the tokenizer does)."""
    out = []
    for ch in text:
        cp = ord(ch)
        if 0xFF01 <= cp <= 0xFF5E:
            ch = chr(cp - 0xFEE0)
        out.append(ch.lower())
    return "".join(out)


def query_words(query):
    """Space-separated words; a "quoted phrase" is one word."""
    pairs = re.findall(r'"([^"]*)"|(\S+)', query)
    return [fold(quoted or bare) for quoted, bare in pairs if quoted or bare]


def markdown_text(body):
    """The visible text of the corpus's Markdown (headings, bold, strike, links, lists,
    tables): each block on its own line."""
    lines = []
    for line in body.splitlines():
        if re.match(r"^\|?\s*-{3}", line) or re.match(r"^\|(-+\|)+$", line):
            continue
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"^(\d+\.|-)\s+", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = line.replace("**", "").replace("~~", "")
        if line.startswith("|"):
            line = "\n".join(c.strip() for c in line.strip("|").split("|"))
        lines.append(line)
    return "\n".join(lines)


def notice_text(path):
    """A notice's visible text (see the module's docstring)."""
    text = open(path, encoding="utf-8").read()
    _, front, body = text.split("---\n", 2)
    meta = {}
    for line in front.splitlines():
        key, _, value = line.partition(": ")
        meta[key] = value
    title = json.loads(meta["title"])
    year, month, day = (int(x) for x in meta["date"].split("-"))
    parts = [
        title,
        "%s 00:00" % meta["date"],
        "%d年%d月%d日" % (year, month, day),
        json.loads(meta.get("description", '""')),
        "\n".join(json.loads(meta.get("tags", "[]"))),
        markdown_text(body),
    ]
    return fold("\n".join(parts))


def unit_texts(site):
    """Each roster unit's visible text, by id."""
    units = {}
    current = None
    for line in open(os.path.join(site, "data", "units.yaml"), encoding="utf-8"):
        m = re.match(r"\s*- id: (\S+)", line)
        if m:
            current = {"id": m.group(1)}
            units[current["id"]] = current
            continue
        m = re.match(r"\s+(name|kind|region): (.*)", line)
        if m and current is not None:
            value = m.group(2)
            current[m.group(1)] = json.loads(value) if value.startswith('"') else value
    tiers = {}
    tier_names = {}
    for line in open(os.path.join(site, "data", "ratings.yaml"), encoding="utf-8"):
        m = re.match(r"\s+- \{ (?:stars|key): (\d), name: (\"[^\"]*\")", line)
        if m:
            tier_names[m.group(1)] = json.loads(m.group(2))
        m = re.match(r"\s+(\d):\s*$", line)
        if m:
            stars = m.group(1)
        m = re.match(r"\s+- (u\d+)\s*$", line)
        if m:
            tiers[m.group(1)] = tier_names[stars]
    kinds = {"technical-support": "技术支撑单位", "governance-cooperation": "漏洞治理合作单位"}
    return {
        uid: fold("\n".join([u["name"], kinds[u["kind"]], u.get("region", ""),
                             "2025年度" + tiers[uid], tiers[uid]]))
        for uid, u in units.items() if uid in tiers
    }


def contains(text, word):
    """Whether `word` occurs in `text`, not as part of a longer Latin word or number."""
    start = 0
    alnum = re.compile(r"[0-9a-z]")
    while True:
        i = text.find(word, start)
        if i < 0:
            return False
        before = text[i - 1] if i > 0 else ""
        after = text[i + len(word)] if i + len(word) < len(text) else ""
        ok = not (alnum.match(word[0]) and before and alnum.match(before))
        ok = ok and not (alnum.match(word[-1]) and after and alnum.match(after))
        if ok:
            return True
        start = i + 1


def build_site(pages, work, binary, keep_corpus=True):
    """Generates and adapts the corpus, builds it; returns (site, public, seconds, rss KiB)."""
    site = os.path.join(work, "site-%d" % pages)
    public = os.path.join(work, "public-%d" % pages)
    if not os.path.exists(os.path.join(site, ".bench-adapted")):
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, GEN, "--pages", str(pages), "--units", "2000",
                        "--out", site], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(HERE, "adapt.py"), site], check=True,
                       stdout=subprocess.DEVNULL)
        open(os.path.join(site, ".bench-adapted"), "w").close()
    shutil.rmtree(public, ignore_errors=True)
    timing = os.path.join(work, "time.txt")
    started = time.monotonic()
    subprocess.run(["/usr/bin/time", "-o", timing, "-f", "%M", binary, "build", "--root", site,
                    "--now", NOW, "--output", public], check=True, stdout=subprocess.DEVNULL)
    seconds = time.monotonic() - started
    rss = int(open(timing).read().split()[-1])
    return site, public, seconds, rss


def index_size(public):
    """Files and bytes under public/search (the search page excluded), and the shards."""
    root = os.path.join(public, "search")
    files = total = 0
    for dirpath, _, names in os.walk(root):
        for name in names:
            if dirpath == root and name == "index.html":
                continue
            files += 1
            total += os.path.getsize(os.path.join(dirpath, name))
    manifest = json.load(open(os.path.join(root, "index.json")))
    return files, total, manifest.get("shards")


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(public):
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=public))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def doc_urls(public):
    """Search document number -> URL (relative to the site's root)."""
    root = os.path.join(public, "search")
    manifest = json.load(open(os.path.join(root, "index.json")))
    per = manifest["per_file"]
    urls = []
    for f in range((manifest["docs"] + per - 1) // per):
        urls.extend(d["u"] for d in json.load(open(os.path.join(root, "d", "%d.json" % f))))
    return urls


def sizes_of(public, path, cache):
    """(stored, gzipped) bytes of the file at URL path `path`."""
    if path not in cache:
        file = os.path.join(public, path.lstrip("/"))
        if path.endswith("/"):
            file = os.path.join(file, "index.html")
        data = open(file, "rb").read() if os.path.exists(file) else b""
        cache[path] = (len(data), len(gzip.compress(data, 6, mtime=0)))
    return cache[path]


def run_queries(args, binary):
    work = args.work
    site, public, seconds, rss = build_site(args.pages, work, binary)
    print("built %d pages in %.2f s (peak RSS %d MiB)" % (args.pages, seconds, rss // 1024))
    notices = os.path.join(site, "content", "notices")
    truth_text = {}
    for name in sorted(os.listdir(notices)):
        if name.endswith(".md") and name != "_index.md":
            truth_text["notices/%s/" % name[:-3]] = notice_text(os.path.join(notices, name))
    for uid, text in unit_texts(site).items():
        truth_text["roster/2025/#unit-%s" % uid] = text
    # Queries from the corpus: two unit names and two dates, in both forms.
    units = sorted(k for k in truth_text if "#unit-" in k)
    queries = list(QUERIES)
    for uid in (units[0], units[len(units) // 2]):
        queries.append(truth_text[uid].split("\n")[0])
    for n in (7, 4242):
        path = os.path.join(notices, "n%06d.md" % min(n, args.pages))
        date = re.search(r"^date: (\S+)", open(path, encoding="utf-8").read(), re.M).group(1)
        y, m, d = (int(x) for x in date.split("-"))
        queries.append("%d年%d月%d日" % (y, m, d) if n == 7 else date)
    urls = doc_urls(public)
    server = serve(public)
    job = os.path.join(work, "job.json")
    json.dump({"base": "http://127.0.0.1:%d/" % server.server_address[1],
               "chromium": args.chromium, "queries": queries}, open(job, "w"))
    out = subprocess.run(["node", os.path.join(HERE, "search_bench.mjs"), job],
                         check=True, stdout=subprocess.PIPE, text=True).stdout
    server.shutdown()
    cache = {}
    rows = []
    for line in out.splitlines():
        r = json.loads(line)
        words = query_words(r["query"])
        truth = {u for u, t in truth_text.items() if words and all(contains(t, w) for w in words)}
        found = [urls[d] for d in r["docs"]]
        tp = len(truth & set(found))
        raw = sum(sizes_of(public, p, cache)[0] for p in r["fetched"])
        gz = sum(sizes_of(public, p, cache)[1] for p in r["fetched"])
        index_gz = sum(sizes_of(public, p, cache)[1] for p in r["fetched"]
                       if p.startswith("/search/") and "/d/" not in p)
        docs_gz = sum(sizes_of(public, p, cache)[1] for p in r["fetched"] if "/search/d/" in p)
        unit_rank = next((i + 1 for i, u in enumerate(found) if "#unit-" in u), None)
        rows.append({
            "query": r["query"], "true": len(truth), "found": len(found), "tp": tp,
            "recall": tp / len(truth) if truth else 1.0,
            "precision": tp / len(found) if found else 1.0,
            "raw": raw, "gzip": gz, "index": index_gz, "docs": docs_gz, "files": len(r["fetched"]), "unit": unit_rank, "ms": r["ms"],
        })
    print("\n| query | true | found | recall | precision | files | KiB | KiB gzip | index | docs | 1st unit | ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %s | %d | %d | %.3f | %.3f | %d | %.0f | %.0f | %.0f | %.0f | %s | %d |" % (
            r["query"], r["true"], r["found"], r["recall"], r["precision"], r["files"],
            r["raw"] / 1024, r["gzip"] / 1024, r["index"] / 1024, r["docs"] / 1024,
            r["unit"] or "-", r["ms"]))
    kib = lambda key, f: f([r[key] for r in rows]) / 1024
    print("(KiB gzip: everything fetched; of which index: manifest and index files, docs: "
          "document files; the rest are result pages)")
    print("\nqueries %d: recall %.3f, precision %.3f (means over queries); bytes per query "
          "gzip %.0f KiB median / %.0f max, stored %.0f KiB median / %.0f max" % (
              len(rows), statistics.mean(r["recall"] for r in rows),
              statistics.mean(r["precision"] for r in rows),
              kib("gzip", statistics.median), kib("gzip", max),
              kib("raw", statistics.median), kib("raw", max)))
    files, total, shards = index_size(public)
    print("index: %d files, %.1f MiB, %s shards" % (files, total / 2**20, shards))
    if args.json:
        json.dump(rows, open(args.json, "w"), ensure_ascii=False, indent=1)


def report_sizes(args, binary):
    print("| pages | index files | index MiB | shards | build s | peak RSS MiB |")
    print("|---:|---:|---:|---:|---:|---:|")
    for pages in args.sizes:
        site, public, seconds, rss = build_site(pages, args.work, binary)
        files, total, shards = index_size(public)
        print("| %d | %d | %.1f | %s | %.2f | %d |" % (
            pages, files, total / 2**20, shards, seconds, rss // 1024), flush=True)
        shutil.rmtree(public, ignore_errors=True)
        if pages > 10000 and not args.keep:
            shutil.rmtree(site, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--sizes", type=int, nargs="*", help="report index sizes instead")
    ap.add_argument("--work", default=os.environ.get("BENCH_WORK", "/dev/shm/bulletin-search-bench"))
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--json", help="also write the per-query rows here")
    ap.add_argument("--keep", action="store_true", help="keep corpora above 10,000 pages")
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    binary = os.environ.get("BULLETIN_BIN")
    if not binary:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        binary = os.path.join(args.work, "bulletin")
        shutil.copy(os.path.join(REPO, "target", "release", "bulletin"), binary)
    if args.sizes:
        report_sizes(args, binary)
    else:
        run_queries(args, binary)


if __name__ == "__main__":
    main()
