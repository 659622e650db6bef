/* bulletin: progressive enhancement for the 大字模式 (larger text) toggle.
   Without this script the page works as is and the toggle stays hidden. */
(function () {
  "use strict";
  var KEY = "bulletin-large-text"; // also used by the inline snippet in base.html
  var CLASS = "large-text";
  var root = document.documentElement;

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
