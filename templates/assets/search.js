/* bulletin: site search, a progressive enhancement of the form on the search page.
   The index is built at build time (src/search/): a tiny manifest, shards of postings
   chosen by a hash of each term (s/: units and pairs; p/: triples, with positions), and
   files of document titles, URLs and meta lines (32 documents each). A query downloads
   the manifest, one shard per term or proving triple and the document files of the
   results it shows; snippets come from the result pages themselves (the reader is about
   to open one), fetched as each result comes near the screen, or from the document file
   for results without a page of their own (roster units).
   Terms follow src/search/tokenize.rs and query.rs: text is read as units (a CJK
   character, or a lowercase word of other letters and digits); a run of one, two or four
   units typed together looks up the unit, the pair or the quad (s/), and a run of three,
   or five or more, must stand in the page as typed (its triples, every third and the
   last, at their offsets: p/). Keep them in step.
   All URLs are relative to the manifest's, so the site works under any sub-path. */
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) { return; }
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var PAGE = 10;
  var SATURATION = 10; // search::SATURATION

  function say(text) { status.textContent = text; }

  // The page's words, from its interface text (search.html puts them in data-text-*
  // attributes of the form); the Chinese defaults serve older templates.
  var DEFAULTS = {
    unsupported: "您的浏览器版本过低，无法使用站内搜索。",
    hint: "请输入汉字、字母或数字进行搜索。",
    searching: "正在搜索…",
    none: "未找到与“{query}”相关的结果。请尝试更短的词语。",
    "found-one": "找到 {n} 条与“{query}”相关的结果。",
    "found-other": "找到 {n} 条与“{query}”相关的结果。",
    failed: "搜索索引加载失败，请检查网络后重试。"
  };
  function text(name, vars) {
    var words = form.getAttribute("data-text-" + name) || DEFAULTS[name];
    Object.keys(vars || {}).forEach(function (k) { words = words.split("{" + k + "}").join(vars[k]); });
    return words;
  }

  if (!window.fetch || !window.TextEncoder || !window.URL || !Array.from) {
    say(text("unsupported"));
    return;
  }

  var WORD;
  try { WORD = new RegExp("[\\p{Alphabetic}\\p{N}]", "u"); } catch (e) { WORD = /[0-9A-Za-z\u00C0-\u024F]/; }

  function isCjk(cp) {
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
      (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF);
  }

  // Full-width forms to ASCII, then lowercase (one code point in, a short string out).
  function fold(ch) {
    var cp = ch.codePointAt(0);
    if (cp >= 0xFF01 && cp <= 0xFF5E) { ch = String.fromCodePoint(cp - 0xFEE0); }
    return ch.toLowerCase();
  }

  // The words of a query: split at spaces, except inside "quotes" (query.rs `query_words`).
  function queryWords(query) {
    var words = [];
    var word = "";
    var quoted = false;
    Array.from(query).forEach(function (c) {
      if (c === "\"" || c === "\u201C" || c === "\u201D") { quoted = !quoted; words.push(word); word = ""; }
      else if (/\s/.test(c) && !quoted) { words.push(word); word = ""; }
      else { word += c; }
    });
    words.push(word);
    return words.filter(Boolean);
  }

  // The runs of units of a word: CJK characters and words of other letters and digits,
  // with nothing between the units of a run (tokenize.rs `for_each_term`).
  function unitRuns(word) {
    var runs = [];
    var run = null;
    var w = "";
    var wJoined = false;
    var joined = false;
    function unit(text, isJoined) {
      if (!isJoined || !run) { run = []; runs.push(run); }
      run.push(text);
    }
    function endWord() {
      if (w) { unit(Array.from(w).slice(0, 32).join(""), wJoined); }
      w = "";
    }
    Array.from(word).forEach(function (raw) {
      Array.from(fold(raw)).forEach(function (c) {
        if (isCjk(c.codePointAt(0))) { endWord(); unit(c, joined); joined = true; }
        else if (WORD.test(c)) { if (!w) { wJoined = joined; } w += c; joined = true; }
        else { endWord(); joined = false; }
      });
    });
    endWord();
    return runs;
  }

  // What a query looks up, as in query.rs `query_terms`: the distinct terms of runs of
  // one, two or four units (s/), and for each run of three, or five or more, the triples
  // that prove it with their offsets (p/).
  function queryTerms(query) {
    var terms = [];
    var phrases = [];
    var keys = [];
    var marks = [];
    function add(t) { if (terms.indexOf(t) < 0) { terms.push(t); } }
    queryWords(query).forEach(function (word) {
      unitRuns(word).forEach(function (run) {
        // What snippets mark where the query is not there as typed: units or pairs.
        if (run.length === 1) { marks.push(run[0]); }
        for (var i = 0; i + 1 < run.length; i++) { marks.push(run[i] + run[i + 1]); }
        if (run.length < 3 || run.length === 4) { add(run.join("")); return; }
        var phrase = phraseCover(run.length).map(function (o) {
          return { o: o, t: run[o] + run[o + 1] + run[o + 2] };
        });
        var key = phrase.map(function (p) { return p.o + ":" + p.t; }).join("\u0000");
        if (keys.indexOf(key) < 0) { keys.push(key); phrases.push(phrase); }
      });
    });
    return { terms: terms, phrases: phrases, marks: marks };
  }

  // The offsets of the triples that prove a run of `units` units: every third, and the
  // last (query.rs `phrase_cover`).
  function phraseCover(units) {
    var last = Math.max(0, units - 3);
    var cover = [];
    for (var i = 0; i <= last; i += 3) { cover.push(i); }
    if (cover[cover.length - 1] !== last) { cover.push(last); }
    return cover;
  }

  // FNV-1a over UTF-8, 32 bits: picks a term's shard (search::fnv1a32).
  var encoder = new TextEncoder();
  function fnv(text) {
    var bytes = encoder.encode(text);
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0; }
    return h >>> 0;
  }

  var manifestUrl = new URL(form.getAttribute("data-index"), document.baseURI).href;
  // Result URLs are relative to the site's root, which is the manifest's folder's parent.
  var siteRoot = new URL("../", manifestUrl).href;
  function siteUrl(path) { var u = new URL(path, siteRoot); return u.pathname + u.search + u.hash; }
  var manifest = null;
  var cache = {};

  function getJson(url, fresh) {
    return fetch(url, fresh ? { cache: "no-cache" } : {}).then(function (r) {
      if (r.status === 404) { return {}; }
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    });
  }
  function file(path) {
    var url = new URL(path + "?v=" + encodeURIComponent(manifest.v), manifestUrl).href;
    if (!cache[url]) { cache[url] = getJson(url, false); }
    return cache[url];
  }
  function loadManifest() {
    if (!manifest) {
      manifest = getJson(manifestUrl, true).then(function (m) { manifest = m; return m; },
        function (e) { manifest = null; throw e; });
    }
    return Promise.resolve(manifest);
  }

  // Postings are base-64 VLQ numbers (search::vlq_push): 5 bits a digit, low bits first.
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function decode(text) {
    var out = [];
    var value = 0;
    var shift = 0;
    for (var i = 0; i < text.length; i++) {
      var d = DIGITS.indexOf(text.charAt(i));
      if (d < 0) { break; }
      value += (d & 31) * Math.pow(2, shift);
      if (d & 32) { shift += 5; } else { out.push(value); value = 0; shift = 0; }
    }
    return out;
  }

  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // A term's postings (query.rs `postings`): [document, weight, positions] for each
  // document. A triple (p/) has, after the document, 2 * count (weight = count) or
  // 2 * count + 1 and the weight, then its positions (the first, then deltas).
  function postings(t, positional) {
    return file((positional ? "p/" : "s/") + (fnv(t) % manifest.shards) + ".json").then(function (f) {
      var values = own(f, t) ? decode(f[t]) : [];
      var out = [];
      for (var i = 0, doc = 0; i < values.length;) {
        doc += values[i++];
        var at = [];
        var weight;
        if (positional) {
          var head = values[i++];
          weight = head % 2 ? values[i++] : head / 2;
          for (var k = 0, p = 0; k < Math.floor(head / 2) && i < values.length; k++) {
            p = k ? p + values[i++] : values[i++];
            at.push(p);
          }
        } else {
          weight = values[i++];
        }
        if (weight === undefined) { break; }
        out.push([doc, weight, at]);
      }
      return out;
    });
  }

  function scores(list) {
    var idf = Math.log(1 + manifest.docs / Math.max(1, list.length));
    var these = new Map();
    list.forEach(function (d) { these.set(d[0], idf * d[1] / (d[1] + SATURATION)); });
    return these;
  }

  // Documents in both, scores added.
  function both(a, b) {
    var next = new Map();
    a.forEach(function (s, d) { if (b.has(d)) { next.set(d, s + b.get(d)); } });
    return next;
  }

  // The documents where a phrase's triples stand at their offsets, with their scores.
  function phrase(cover) {
    return Promise.all(cover.map(function (p) { return postings(p.t, true); })).then(function (lists) {
      var found = scores(lists[0]);
      var starts = new Map();
      lists[0].forEach(function (d) { starts.set(d[0], d[2]); });
      for (var j = 1; j < cover.length; j++) {
        found = both(found, scores(lists[j]));
        var next = new Map();
        lists[j].forEach(function (d) {
          var ps = starts.get(d[0]);
          if (!ps) { return; }
          var here = new Set(d[2]);
          var keep = ps.filter(function (p) { return here.has(p + cover[j].o); });
          if (keep.length) { next.set(d[0], keep); }
        });
        starts = next;
      }
      Array.from(found.keys()).forEach(function (d) { if (!starts.has(d)) { found.delete(d); } });
      return found;
    });
  }

  // Documents matching every term and phrase, best first (query.rs `matches`).
  function rank(q) {
    return Promise.all(q.terms.map(function (t) {
      return postings(t, false).then(scores);
    }).concat(q.phrases.map(phrase))).then(function (found) {
      var all = found.reduce(function (a, b) { return a === null ? b : both(a, b); }, null);
      var ranked = Array.from(all || new Map());
      ranked.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return ranked.map(function (pair) { return pair[0]; });
    });
  }

  // Marks every occurrence of `terms` in `folded`; returns the first position or -1.
  function markAll(folded, marked, terms) {
    var first = -1;
    terms.forEach(function (term) {
      var want = Array.from(term);
      for (var i = 0; i + want.length <= folded.length; i++) {
        var hit = true;
        for (var j = 0; j < want.length && hit; j++) { hit = folded[i + j] === want[j]; }
        if (hit) {
          for (var k = 0; k < want.length; k++) { marked[i + k] = true; }
          if (first < 0 || i < first) { first = i; }
        }
      }
    });
    return first;
  }

  // Appends `text` to `parent` with the query's words in <mark> (or, where they do not
  // occur as typed, its terms), showing at most `width` characters around the first hit
  // (0: all of it).
  function highlight(parent, text, words, terms, width) {
    var chars = Array.from(text || "");
    var folded = chars.map(fold);
    var marked = new Array(chars.length);
    var first = markAll(folded, marked, words);
    if (first < 0) { first = markAll(folded, marked, terms); }
    var start = 0;
    var end = chars.length;
    if (width > 0 && chars.length > width) {
      start = Math.max(0, (first < 0 ? 0 : first) - Math.floor(width / 4));
      end = Math.min(chars.length, start + width);
    }
    if (start > 0) { parent.appendChild(document.createTextNode("…")); }
    var i = start;
    while (i < end) {
      var on = !!marked[i];
      var j = i;
      while (j < end && !!marked[j] === on) { j++; }
      var piece = document.createTextNode(chars.slice(i, j).join(""));
      if (on) {
        var mark = document.createElement("mark");
        mark.appendChild(piece);
        parent.appendChild(mark);
      } else {
        parent.appendChild(piece);
      }
      i = j;
    }
    if (end < chars.length) { parent.appendChild(document.createTextNode("…")); }
  }

  var current = 0;
  var results = [];
  var shown = 0;
  var words = [];
  var terms = [];

  // Document `n`: an entry of file `n / per_file`.
  function doc(n) {
    var per = manifest.per_file || 32;
    return file("d/" + Math.floor(n / per) + ".json").then(function (docs) {
      return (docs && docs[n % per]) || null;
    });
  }

  // The text of a result page's body, for snippets (cached; "" when it cannot be had).
  var pages = {};
  function pageText(url) {
    var key = url.split("#")[0];
    if (!pages[key]) {
      pages[key] = fetch(key).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.text();
      }).then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var body = page.querySelector("[data-search-body]") || page.querySelector("main") || page.body;
        return body ? body.textContent.replace(/\s+/g, " ").trim() : "";
      }).catch(function () { return ""; });
    }
    return pages[key];
  }

  // Snippets are filled in as their results come near the screen: a reader on a phone sees
  // three or four results and downloads the pages of those, not of all ten. The list is
  // busy until the first screen's snippets are in (without IntersectionObserver, all of
  // them); a result that takes the keyboard focus gets its snippet at once.
  var LOOKAHEAD = "0px 0px 200px 0px";
  var observer = null;
  function watch(item, fill) {
    if (!window.IntersectionObserver) { return fill(); }
    if (!observer) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          var seen = entry.target.bulletinSeen;
          if (seen) { seen(entry.isIntersecting); }
        });
      }, { rootMargin: LOOKAHEAD });
    }
    return new Promise(function (done) {
      // Settled once: when the first report finds the result off the first screen, or
      // when its snippet is in.
      var settled = false;
      function settle() { if (!settled) { settled = true; done(); } }
      var filled = null;
      function now() {
        if (!filled) {
          item.bulletinSeen = null;
          observer.unobserve(item);
          filled = fill();
        }
        filled.then(settle);
      }
      item.bulletinSeen = function (visible) {
        if (visible) { now(); } else { settle(); }
      };
      item.addEventListener("focusin", now);
      observer.observe(item);
    });
  }

  function show(token) {
    var batch = results.slice(shown, shown + PAGE);
    shown += batch.length;
    more.hidden = true;
    return Promise.all(batch.map(doc)).then(function (docs) {
      if (token !== current) { return; }
      var snippets = [];
      list.setAttribute("aria-busy", "true");
      docs.forEach(function (doc) {
        if (!doc || !doc.u) { return; }
        var item = document.createElement("li");
        item.className = "search-result";
        var title = document.createElement("a");
        title.className = "search-result-title";
        title.href = siteUrl(doc.u);
        highlight(title, doc.t, words, [], 0);
        item.appendChild(title);
        if (doc.m) {
          var meta = document.createElement("p");
          meta.className = "search-result-meta";
          meta.textContent = doc.m;
          item.appendChild(meta);
        }
        var snippet = document.createElement("p");
        snippet.className = "search-result-snippet";
        item.appendChild(snippet);
        list.appendChild(item);
        var fill = function (text) {
          return text.then(function (t) {
            if (token === current && t) { highlight(snippet, t, words, terms, 90); }
          });
        };
        // A unit's text is in its document file already: nothing to wait for.
        snippets.push(typeof doc.x === "string" ? fill(Promise.resolve(doc.x)) :
          watch(item, function () { return fill(pageText(siteUrl(doc.u))); }));
      });
      more.hidden = shown >= results.length;
      Promise.all(snippets).then(function () {
        if (token === current) { list.removeAttribute("aria-busy"); }
      });
    });
  }

  function run(query) {
    var token = ++current;
    if (observer) { observer.disconnect(); }
    list.textContent = "";
    list.removeAttribute("aria-busy");
    more.hidden = true;
    results = [];
    shown = 0;
    query = query.trim();
    var q = queryTerms(query);
    terms = q.marks;
    if (!q.terms.length && !q.phrases.length) {
      say(query ? text("hint") : "");
      return;
    }
    say(text("searching"));
    loadManifest().then(function () { return rank(q); }).then(function (ranked) {
      if (token !== current) { return; }
      results = ranked;
      // Every document found, in order, for tools that measure the search (bench/).
      if (window.CustomEvent && form.dispatchEvent) {
        form.dispatchEvent(new CustomEvent("bulletin-search", { detail: { query: query, docs: ranked } }));
      }
      words = queryWords(query).map(function (w) { return Array.from(w).map(fold).join(""); });
      if (!ranked.length) {
        say(text("none", { query: query }));
        return;
      }
      say(text(ranked.length === 1 ? "found-one" : "found-other", { n: ranked.length, query: query }));
      return show(token);
    }).catch(function () {
      if (token === current) { say(text("failed")); }
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url.href);
    } catch (e) { /* the address simply does not change */ }
    run(query);
  });
  more.addEventListener("click", function () { show(current); });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(initial);
  }
})();
