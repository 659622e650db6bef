// Building the example site and serving it from 127.0.0.1, at the root or under a sub-path.

import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, relative, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ics": "text/calendar; charset=utf-8",
  ".vcf": "text/vcard; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".pdf": "application/pdf",
};

/**
 * Serves `dir` on 127.0.0.1 (never any other address) at a free port. `notFound` is the
 * page sent with a 404. Resolves to `{ port, close() }`.
 */
export function serve(dir, notFound) {
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path.split("/").includes("..") || path.includes("\0")) {
      res.writeHead(403).end();
      return;
    }
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) {
        res.writeHead(301, { Location: encodeURI(path) + "/" }).end();
        return;
      }
      file = join(file, "index.html");
    }
    let status = 200;
    if (!existsSync(file) || !statSync(file).isFile()) {
      status = 404;
      file = notFound;
      if (!file || !existsSync(file)) {
        res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
        return;
      }
    }
    res.writeHead(status, {
      "Content-Type": TYPES[extname(file).toLowerCase()] || "application/octet-stream",
      "Cache-Control": "no-cache",
    });
    if (req.method === "HEAD") {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({
        port: server.address().port,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

/** Runs `bulletin build` on the example site; throws with its output when it fails. */
export function build(bin, root, output, baseUrl, now) {
  const args = ["--root", root, "-q", "build", "--output", output, "--base-url", baseUrl, "--now", now];
  const run = spawnSync(bin, args, { encoding: "utf8" });
  if (run.error) {
    throw new Error(`cannot run ${bin}: ${run.error.message}`);
  }
  if (run.status !== 0) {
    throw new Error(`${bin} ${args.join(" ")} exited ${run.status}\n${run.stderr}`);
  }
}

/** The URL paths (relative to the site root, e.g. `roster/2024/`) of every HTML page. */
export function htmlPages(dir) {
  const pages = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (name.endsWith(".html")) {
        const rel = relative(dir, full).split(sep).join("/");
        pages.push(rel.endsWith("index.html") ? rel.slice(0, -"index.html".length) : rel);
      }
    }
  };
  walk(dir);
  return pages;
}
