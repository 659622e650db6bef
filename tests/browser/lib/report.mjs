// Collects the outcome of every check and prints them as one table.

/** One row per check: group (what), target (where), ok, detail. */
export class Report {
  constructor() {
    this.rows = [];
  }

  /** Runs `fn`; a thrown error or a returned string starting with "FAIL" fails the row. */
  async check(group, target, fn) {
    const started = Date.now();
    let ok = true;
    let detail = "";
    try {
      detail = (await fn()) ?? "";
    } catch (e) {
      ok = false;
      detail = e && e.message ? e.message : String(e);
    }
    const ms = Date.now() - started;
    this.rows.push({ group, target, ok, detail: String(detail), ms });
    const line = `${ok ? "ok  " : "FAIL"} ${group} ${target}${detail ? `: ${firstLine(detail)}` : ""}`;
    (ok ? console.log : console.error)(line);
    if (!ok && detail.includes("\n")) {
      console.error(indent(detail));
    }
    return ok;
  }

  /** The number of failed rows. */
  failures() {
    return this.rows.filter((r) => !r.ok).length;
  }

  /** Prints the summary table: one line per group and target. */
  print(seconds) {
    const w1 = Math.max(5, ...this.rows.map((r) => width(r.group)));
    const w2 = Math.max(6, ...this.rows.map((r) => width(r.target)));
    const pad = (s, w) => s + " ".repeat(Math.max(0, w - width(s)));
    console.log("\n" + pad("check", w1) + "  " + pad("target", w2) + "  result  detail");
    console.log("-".repeat(w1) + "  " + "-".repeat(w2) + "  ------  ------");
    for (const r of this.rows) {
      const detail = firstLine(r.detail);
      console.log(`${pad(r.group, w1)}  ${pad(r.target, w2)}  ${r.ok ? "ok    " : "FAIL  "}  ${detail}`);
    }
    const failed = this.failures();
    console.log(
      `\n${this.rows.length - failed} passed, ${failed} failed, in ${seconds.toFixed(1)} s` +
        (failed ? "" : ": all browser checks passed"),
    );
  }
}

function firstLine(s) {
  const line = String(s).split("\n")[0];
  return line.length > 110 ? line.slice(0, 107) + "..." : line;
}

function indent(s) {
  return String(s)
    .split("\n")
    .map((l) => "     " + l)
    .join("\n");
}

// Display width: CJK characters take two columns in a terminal.
function width(s) {
  let w = 0;
  for (const ch of String(s)) {
    w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  }
  return w;
}
