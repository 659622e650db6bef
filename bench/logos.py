#!/usr/bin/env python3
"""Give every unit of an adapted benchmark site a generated logo, for the logo benchmark.

Usage: bench/logos.py SITE [--count N]

Writes data/logos/<id>.png for the first N units of SITE/data/units.yaml (default: all)
and adds `logo: logos/<id>.png` to each. Logos are PNGs from 320x160 to 1000x250 pixels
of a mark, stripes and sparse noise (about 10 kB each, so decoding costs like real artwork), made with
the standard library only; the same site gives byte-identical files.
"""

import argparse
import os
import random
import re
import struct
import zlib


def png(width, height, rng):
    colour = bytes(rng.randrange(256) for _ in range(3))
    accent = bytes(rng.randrange(256) for _ in range(3))
    white = b"\xff\xff\xff"
    # A mark (a square), a band of text-like stripes and a little noise, on white.
    mark = height // 2
    rows = []
    for y in range(height):
        row = bytearray(b"\x00")
        in_mark = height // 4 <= y < height // 4 + mark
        stripe = (y // 6) % 3 == 0 and height // 3 <= y < 2 * height // 3
        for x in range(width):
            if in_mark and width // 10 <= x < width // 10 + mark:
                pixel = colour
            elif stripe and width // 10 + mark + 20 <= x < width - width // 10:
                pixel = accent
            else:
                pixel = white
            if rng.randrange(64) == 0:
                pixel = bytes(rng.randrange(256) for _ in range(3))
            row += pixel
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site")
    parser.add_argument("--count", type=int, default=None)
    args = parser.parse_args()
    units_path = os.path.join(args.site, "data", "units.yaml")
    lines = open(units_path, encoding="utf-8").read().splitlines()
    logos = os.path.join(args.site, "data", "logos")
    os.makedirs(logos, exist_ok=True)
    out, done = [], 0
    for line in lines:
        out.append(line)
        m = re.match(r"^  - id: (\S+)$", line)
        if m and (args.count is None or done < args.count):
            uid = m.group(1)
            rng = random.Random(uid)
            width, height = rng.randrange(320, 1001), rng.randrange(160, 251)
            with open(os.path.join(logos, uid + ".png"), "wb") as f:
                f.write(png(width, height, rng))
            out.append("    logo: logos/%s.png" % uid)
            done += 1
    with open(units_path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print("bench/logos.py: %d logos in %s" % (done, logos))


if __name__ == "__main__":
    main()
