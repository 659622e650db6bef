#!/usr/bin/env python3
"""Adapt a shared benchmark corpus (shared/bench/gen_corpus.py) to bulletin's input format.

Usage:
  bench/adapt.py SITE              convert SITE (content/ + data/units.yaml) in place
  bench/adapt.py CORPUS --out SITE copy CORPUS's content/ and data/ into SITE, then convert

What it changes (stdlib only, deterministic: same input, byte-identical output):

  data/units.yaml    corpus: a top-level list of {id, name, stars, kind, region, website}
                     bulletin: `kinds:` (the two kinds of unit) and
                     `units: [{id, name, kind, region, website}]`, with
                       - id lowercased (`U00001` -> `u00001`; bulletin ids are
                         lowercase letters, digits, `-`, `_`)
                       - kind mapped to bulletin's two kinds: `technical*` ->
                         `technical-support`, `governance*` -> `governance-cooperation`
                       - `stars` moved to data/ratings.yaml
  data/ratings.yaml  the roster: three keyed tiers (3, 2, 1, shown as stars) and one round (year 2025) listing every unit
                     in its star tier, in units.yaml order
  data/site.yaml     title, base_url, publisher (the required keys), plus
                     `roster_order: pinyin` (bulletin's default, stated for clarity)
  content/roster.md  removed: bulletin generates /roster/ from data/ratings.yaml, and
                     the stub's `template: roster.html` / `layout: roster` would be errors
  content/**/_index.md
                     front matter reduced to the keys bulletin accepts there (Hugo/Zola
                     section keys such as `sort_by` are errors in bulletin, which denies
                     unknown keys)

Notices (`content/notices/nNNNNNN.md`) are left byte-for-byte as generated: their front
matter (title, date as YYYY-MM-DD, description, tags) is already valid for bulletin. The
script checks that and fails loudly if a notice carries a key or a date form bulletin
would reject, so a change to the generator cannot silently turn the benchmark into an
error-path benchmark.
"""

import argparse
import json
import os
import re
import shutil
import sys

# Front matter keys bulletin accepts (src/content/front_matter.rs, deny_unknown_fields).
FRONT_KEYS = {
    "title", "date", "updated", "source", "issuer", "doc_number", "addressee",
    "category", "tags", "description", "slug", "draft", "publish_at", "expire_at",
    "deadline", "attachments", "credits", "template",
}
# Section introductions (_index.md): keep only what makes sense for an introduction.
INDEX_KEYS = ("title", "description")

# Date forms bulletin accepts: 2025-01-22, 2025-01-22 10:51, 2025-01-22T10:51:00,
# RFC 3339 with an offset.
DATE_RE = re.compile(
    r"^\d{4}-\d{2}-\d{2}"
    r"([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$"
)

KINDS = {
    "technical": "technical-support",
    "technical-support": "technical-support",
    "governance": "governance-cooperation",
    "governance-cooperation": "governance-cooperation",
}

# The kinds of unit bulletin's example programme defines; the corpus's kinds map onto them.
KIND_NAMES = [
    ("technical-support", "技术支撑单位"),
    ("governance-cooperation", "漏洞治理合作单位"),
]

TIERS = [
    (3, "三星支撑单位", "技术能力突出、贡献显著的支撑单位（基准测试用合成数据）"),
    (2, "二星支撑单位", "技术能力较强、积极参与工作的支撑单位（基准测试用合成数据）"),
    (1, "一星支撑单位", "具备基本技术能力的支撑单位（基准测试用合成数据）"),
]

SITE_YAML = """\
# Written by bench/adapt.py for the build-time benchmark (synthetic data).
title: 漏洞管理通告（基准测试）
base_url: https://bench.example.com/
publisher: 基准测试合成数据
description: bulletin 构建时间基准测试用合成站点，所有内容均为合成文本。
roster_order: pinyin
"""

RATINGS_YEAR = 2025
RATINGS_ANNOUNCED = "2025-12-18"


def die(msg):
    sys.stderr.write("adapt.py: %s\n" % msg)
    sys.exit(1)


def q(s):
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def unquote(v):
    v = v.strip()
    if v.startswith('"'):
        return json.loads(v)
    if v.startswith("'") and v.endswith("'") and len(v) >= 2:
        return v[1:-1].replace("''", "'")
    return v


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    tmp = path + ".adapt-tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


# --------------------------------------------------------------------- units

def parse_corpus_units(text):
    """The generator's units.yaml: `- id: X` starts an item, `  key: value` continues it.

    Also accepts an already-adapted file (`units:` key, items indented by two), so the
    script is idempotent.
    """
    units = []
    cur = None
    for n, line in enumerate(text.splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#") or s == "units:":
            continue
        m = re.match(r"^(\s*)- (\w+):\s*(.*)$", line)
        if m:
            cur = {m.group(2): unquote(m.group(3))}
            units.append(cur)
            continue
        m = re.match(r"^\s+(\w+):\s*(.*)$", line)
        if m and cur is not None:
            cur[m.group(1)] = unquote(m.group(2))
            continue
        die("data/units.yaml:%d: unexpected line %r" % (n, line))
    return units


def adapt_units(units_path, ratings_path):
    units = parse_corpus_units(read(units_path))
    if not units:
        die("data/units.yaml has no units")
    adapted = os.path.exists(ratings_path) and all("stars" not in u for u in units)
    if adapted:
        return len(units)  # already converted (idempotent re-run)

    seen = set()
    by_stars = {3: [], 2: [], 1: []}
    out = ["# Written by bench/adapt.py from the shared corpus (synthetic units:",
           "# names are random syllable combinations, websites use example.com).",
           "kinds:"]
    out += ["  - { key: %s, name: %s }" % (key, q(name)) for key, name in KIND_NAMES]
    out.append("units:")
    for u in units:
        for key in ("id", "name", "kind", "stars"):
            if key not in u:
                die("unit %r has no `%s`" % (u, key))
        uid = u["id"].lower()
        if not re.match(r"^[a-z0-9][a-z0-9_-]{0,63}$", uid):
            die("unit id %r cannot be made a bulletin id" % u["id"])
        if uid in seen:
            die("duplicate unit id %r after lowercasing" % uid)
        seen.add(uid)
        kind = KINDS.get(u["kind"])
        if kind is None:
            die("unit %s: unknown kind %r (known: %s)" % (uid, u["kind"], ", ".join(sorted(KINDS))))
        stars = int(u["stars"])
        if stars not in by_stars:
            die("unit %s: stars %r outside 1..3" % (uid, u["stars"]))
        by_stars[stars].append(uid)
        out.append("  - id: " + uid)
        out.append("    name: " + q(u["name"]))
        out.append("    kind: " + kind)
        if u.get("region"):
            out.append("    region: " + q(u["region"]))
        if u.get("website"):
            out.append("    website: " + q(u["website"]))
    write(units_path, "\n".join(out) + "\n")

    r = ["# Written by bench/adapt.py: one round, every unit in its corpus star tier.",
         "title: 支撑单位名单",
         "tier_label: 星级",
         "tiers:"]
    for stars, name, desc in TIERS:
        r.append("  - { key: %d, name: %s, short: %s, display: stars, description: %s }"
                 % (stars, q(name), q(name[:2]), q(desc)))
    r += ["rounds:",
          "  - year: %d" % RATINGS_YEAR,
          "    announced: %s" % RATINGS_ANNOUNCED,
          "    tiers:"]
    for stars in (3, 2, 1):
        ids = by_stars[stars]
        if not ids:
            continue
        r.append("      %d:" % stars)
        r += ["        - " + i for i in ids]
    write(ratings_path, "\n".join(r) + "\n")
    return len(units)


# -------------------------------------------------------------- front matter

def split_front(text, path):
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        die("%s: no YAML front matter (`---`); TOML (`+++`) corpora are not supported" % path)
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return lines[1:i], "\n".join(lines[i + 1:])
    die("%s: front matter not closed" % path)


def top_keys(fm_lines):
    """(key, value, line) for each top-level `key: value` line."""
    out = []
    for line in fm_lines:
        m = re.match(r"^([A-Za-z_][\w-]*):\s*(.*)$", line)
        if m:
            out.append((m.group(1), m.group(2), line))
    return out


def adapt_index(path):
    fm, body = split_front(read(path), path)
    kept = [line for key, _, line in top_keys(fm) if key in INDEX_KEYS]
    if not any(line.startswith("title:") for line in kept):
        kept.insert(0, "title: " + q("通告列表"))
    new = "---\n" + "\n".join(kept) + "\n---\n" + body
    if new != read(path):
        write(path, new)


def check_notice(path):
    fm, _ = split_front(read(path), path)
    keys = top_keys(fm)
    names = [k for k, _, _ in keys]
    bad = [k for k in names if k not in FRONT_KEYS]
    if bad:
        die("%s: front matter keys bulletin rejects: %s (update bench/adapt.py)" % (path, bad))
    if "title" not in names:
        die("%s: no title" % path)
    for k, v, _ in keys:
        if k in ("date", "updated", "publish_at", "expire_at", "deadline"):
            if not DATE_RE.match(unquote(v)):
                die("%s: %s %r is not a date form bulletin accepts" % (path, k, v))


# ---------------------------------------------------------------------- main

def adapt(site, check_all):
    content = os.path.join(site, "content")
    data = os.path.join(site, "data")
    units_path = os.path.join(data, "units.yaml")
    if not os.path.isdir(content) or not os.path.isfile(units_path):
        die("%s: expected content/ and data/units.yaml (a gen_corpus.py output)" % site)

    n_units = adapt_units(units_path, os.path.join(data, "ratings.yaml"))
    # BENCH_SEARCH=0 measures bulletin with its default search index switched off.
    search_off = os.environ.get("BENCH_SEARCH", "1") == "0"
    write(os.path.join(data, "site.yaml"), SITE_YAML + ("search: false\n" if search_off else ""))

    roster = os.path.join(content, "roster.md")
    if os.path.exists(roster):
        os.remove(roster)

    n_notices = 0
    notices_dir = os.path.join(content, "notices")
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name == "_index.md":
                rel = os.path.relpath(path, content).replace(os.sep, "/")
                if rel not in ("_index.md", "notices/_index.md"):
                    die("%s: bulletin only has content/_index.md and "
                        "content/notices/_index.md as section introductions" % path)
                adapt_index(path)
            elif name.endswith(".md") and dirpath.startswith(notices_dir):
                # Every notice is generated by the same code: checking the first 50 (or
                # all, with --check-all) is enough to catch a generator change.
                if check_all or n_notices < 50:
                    check_notice(path)
                n_notices += 1
    return n_units, n_notices


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("site", help="site directory to convert in place, or the corpus with --out")
    ap.add_argument("--out", help="copy the corpus's content/ and data/ here first")
    ap.add_argument("--check-all", action="store_true",
                    help="check every notice's front matter, not only the first 50")
    a = ap.parse_args()
    site = a.site
    if a.out:
        os.makedirs(a.out, exist_ok=True)
        for d in ("content", "data"):
            dst = os.path.join(a.out, d)
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(os.path.join(a.site, d), dst)
        site = a.out
    n_units, n_notices = adapt(site, a.check_all)
    sys.stderr.write("adapt.py: %s: %d units, %d notices\n" % (site, n_units, n_notices))


if __name__ == "__main__":
    main()
