#!/usr/bin/env python3
"""Save-to-servable latency of `bulletin serve` (a benchmark, not a test).

Generates the shared synthetic corpus (default 10,000 notices), adapts it to bulletin
(bench/adapt.py), starts `bulletin serve --port 0` on it, then N times: appends a unique
marker to one notice's body, and polls that notice's URL on 127.0.0.1 until the marker is
served. The time from the write to the first response holding the marker is one sample;
the median, min and max are printed. The reload event is not needed for this: what is
measured is how soon the new page is servable.

Usage: bench/serve_latency.py [--pages 10000] [--samples 21] [--bin target/release/bulletin]
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    body = conn.getresponse().read().decode("utf-8", "replace")
    conn.close()
    return body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000)
    ap.add_argument("--samples", type=int, default=21)
    ap.add_argument("--bin", default=os.path.join(REPO, "target/release/bulletin"))
    ap.add_argument("--work", default="/dev/shm/bulletin-serve-bench" if os.path.isdir("/dev/shm") else "/tmp/bulletin-serve-bench")
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "bench"))
    a = ap.parse_args()

    if not os.path.exists(a.bin):
        subprocess.run(["cargo", "build", "--release"], cwd=REPO, check=True)
    site = os.path.join(a.work, "site-%d" % a.pages)
    if not os.path.isdir(site):
        corpus = os.path.join(a.work, "corpus-%d" % a.pages)
        subprocess.run([sys.executable, os.path.join(a.shared, "gen_corpus.py"), "--pages", str(a.pages),
                        "--units", "2000", "--out", corpus, "--clean"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, os.path.join(HERE, "adapt.py"), corpus, "--out", site], check=True)
        shutil.rmtree(corpus)

    proc = subprocess.Popen([a.bin, "--root", site, "serve", "--port", "0", "--now", "2026-01-01"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = None
        started = time.monotonic()
        for line in proc.stdout:
            m = re.search(r"127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            sys.exit("serve did not start")
        print("initial build and start: %.2f s" % (time.monotonic() - started))

        notices = sorted(os.listdir(os.path.join(site, "content", "notices")))
        notices = [n for n in notices if n.endswith(".md") and n != "_index.md"]
        samples = []
        for i in range(a.samples):
            name = notices[(i * 7919) % len(notices)]
            path = os.path.join(site, "content", "notices", name)
            url = "/notices/%s/" % name[:-3]
            marker = "LATENCYMARK%d%06d" % (os.getpid(), i)
            with open(path, "a", encoding="utf-8") as f:
                f.write("\n%s\n" % marker)
            t0 = time.monotonic()
            while marker not in get(port, url):
                if time.monotonic() - t0 > 10:
                    sys.exit("timed out waiting for %s" % url)
                time.sleep(0.0005)
            samples.append((time.monotonic() - t0) * 1000)
            time.sleep(0.1)  # let the rebuild's tail (reload event) settle between samples
        samples.sort()
        print("pages: %d, samples: %d" % (a.pages, len(samples)))
        print("save -> servable: median %.1f ms, min %.1f ms, max %.1f ms" %
              (statistics.median(samples), samples[0], samples[-1]))
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
