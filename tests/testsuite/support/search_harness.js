// Runs templates/assets/search.js in Node with a minimal DOM and fetch() reading a built
// site from disk. Usage: node search_harness.js SEARCH_JS PUBLIC_DIR BASE_PATH QUERY...
// Prints one JSON line per query: {"query", "status", "urls"}.
"use strict";
const fs = require("fs");
const path = require("path");
const [script, site, base, ...queries] = process.argv.slice(2);

function element(tag) {
  return {
    tag, children: [], attrs: {}, hidden: false, className: "", listeners: {}, href: "",
    set textContent(v) { this.children = v ? [{ text: v }] : []; },
    get textContent() {
      return this.children.map((c) => (c.text !== undefined ? c.text : c.textContent)).join("");
    },
    appendChild(c) { this.children.push(c); return c; },
    setAttribute(k, v) { this.attrs[k] = v; },
    removeAttribute(k) { delete this.attrs[k]; },
    hasAttribute(k) { return k in this.attrs; },
    getAttribute(k) { return this.attrs[k]; },
    addEventListener(type, f) { this.listeners[type] = f; },
  };
}
function links(node, out) {
  if (node.tag === "a") {
    const url = new URL(node.href, location.href);
    out.push(decodeURIComponent(url.pathname) + url.hash);
  }
  (node.children || []).forEach((c) => links(c, out));
  return out;
}

const ids = {};
["search-form", "search-input", "search-status", "search-results", "search-more"]
  .forEach((id) => { ids[id] = element(id); });
ids["search-form"].attrs["data-index"] = base + "search/index.json";
global.window = global;
global.location = { href: "https://example.org" + base + "search/", search: "" };
global.history = { replaceState() {} };
global.document = {
  baseURI: location.href, readyState: "complete",
  getElementById: (id) => ids[id], createElement: element, createTextNode: (t) => ({ text: t }),
};
global.fetch = async (url) => {
  let file = path.join(site, decodeURIComponent(new URL(url, location.href).pathname).slice(base.length));
  if (file.endsWith(path.sep)) { file = path.join(file, "index.html"); }
  if (!fs.existsSync(file)) { return { ok: false, status: 404, json: async () => ({}) }; }
  const body = fs.readFileSync(file, "utf8");
  return { ok: true, status: 200, json: async () => JSON.parse(body), text: async () => body };
};
// eslint-disable-next-line no-eval
eval(fs.readFileSync(script, "utf8"));

(async () => {
  for (const query of queries) {
    ids["search-input"].value = query;
    ids["search-form"].listeners.submit({ preventDefault() {} });
    for (let i = 0; i < 200 && /正在搜索/.test(ids["search-status"].textContent); i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await new Promise((r) => setTimeout(r, 20));
    console.log(JSON.stringify({
      query, status: ids["search-status"].textContent, urls: links(ids["search-results"], []),
    }));
  }
})();
