/* bulletin: progressive enhancement for the 大字模式 (larger text) toggle.
   Without scripts the page works as is and the toggle stays hidden (style.css shows it
   only under html.js, which base.html sets before first paint, so nothing moves). */
(function () {
  "use strict";
  var KEY = "bulletin-large-text"; // also used by the inline snippet in base.html
  var CLASS = "large-text";
  var root = document.documentElement;
  root.classList.add("js"); // base.html does this before first paint; a site's own may not

  function load() {
    try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }
  function save(on) {
    try {
      if (on) { window.localStorage.setItem(KEY, "1"); } else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage blocked or full: the choice lasts for this page only */ }
  }
  function isOn() { return root.classList.contains(CLASS); }

  // Apply as early as this script runs (base.html applies it before first paint too).
  if (load()) { root.classList.add(CLASS); }

  function wire() {
    var button = document.getElementById("text-size-toggle");
    if (!button) { return; }
    var sync = function () { button.setAttribute("aria-pressed", isOn() ? "true" : "false"); };
    button.addEventListener("click", function () {
      var on = !isOn();
      root.classList.toggle(CLASS, on);
      save(on);
      sync();
    });
    sync();
    button.hidden = false;
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();

/* ---------- Roster: instant filters (roster.html) ----------
   Without this script the tier and kind links filter through CSS :target. With it, the
   form (shown under html.js) filters at once by a name box and tier and kind selects, and
   the links set the selects. Forms of older templates carry `hidden`, removed here. */
(function () {
  "use strict";

  function wire() {
    var roster = document.querySelector("[data-roster]");
    var form = roster && roster.querySelector(".roster-search");
    if (!form) { return; }
    var name = form.querySelector("input[name=q]");
    var tier = form.querySelector("select[name=tier]");
    var kind = form.querySelector("select[name=kind]");
    var status = form.querySelector(".roster-count");
    var empty = roster.querySelector(".roster-empty");
    var sections = roster.querySelectorAll(".tier");
    var total = roster.querySelectorAll(".tiers .unit").length;

    function norm(s) { return (s || "").toLowerCase().replace(/\s+/g, ""); }
    // A roster of one tier or one kind has no select for it.
    function value(select) { return select ? select.value : ""; }
    function pick(select, key) {
      if (select && select.querySelector("option[value='" + key + "']")) { select.value = key; }
    }

    function apply() {
      var q = norm(name.value);
      var shown = 0;
      Array.prototype.forEach.call(sections, function (section) {
        var inTier = !value(tier) || section.getAttribute("data-tier") === value(tier);
        var visible = 0;
        Array.prototype.forEach.call(section.querySelectorAll(".unit"), function (unit) {
          var ok = inTier &&
            (!value(kind) || unit.getAttribute("data-kind") === value(kind)) &&
            (!q || norm(unit.getAttribute("data-name")).indexOf(q) !== -1);
          unit.hidden = !ok;
          if (ok) { visible += 1; }
        });
        section.hidden = !inTier || (visible === 0 && (q || value(kind)) !== "");
        shown += visible;
      });
      var filtered = q || value(tier) || value(kind);
      // The page's words, from its interface text (data-shown: "显示 {shown} 家，共 {total} 家").
      var words = form.getAttribute("data-shown") || "{shown} / {total}";
      status.textContent = filtered
        ? words.replace("{shown}", shown).replace("{total}", total)
        : "";
      if (empty) { empty.hidden = shown !== 0 || total === 0; }
    }

    // The tier and kind links (#tier-<key>, #kind-<key>) set the selects.
    function fromHash() {
      var hash = window.location.hash.slice(1);
      if (hash === "tiers") { pick(tier, ""); pick(kind, ""); }
      var m = /^tier-([A-Za-z0-9_-]+)$/.exec(hash);
      if (m) { pick(tier, m[1]); }
      m = /^kind-([A-Za-z0-9_-]+)$/.exec(hash);
      if (m) { pick(kind, m[1]); }
      apply();
    }

    roster.classList.add("js-filter");
    form.hidden = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    name.addEventListener("input", apply);
    [tier, kind].forEach(function (select) {
      if (select) { select.addEventListener("change", apply); }
    });
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
