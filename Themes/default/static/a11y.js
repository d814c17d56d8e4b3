// 无障碍工具条（适老化）: larger text, high contrast, a larger cursor, a reading guide line and a
// simplified reading mode. Works without reloading and remembers the choices (localStorage).
(function () {
  "use strict";
  var KEY = "menhu-a11y";
  var root = document.documentElement;
  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY) || "{}") || {}; } catch (e) { return {}; }
  }
  function save(state) {
    try { window.localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode: for this page only */ }
  }
  var state = load();
  var guide = null;
  function moveGuide(e) { if (guide) { guide.style.top = (e.clientY + 12) + "px"; } }
  function apply() {
    ["large", "contrast", "cursor", "guide", "simple"].forEach(function (name) {
      root.classList.toggle("a11y-" + name, !!state[name]);
      Array.prototype.forEach.call(document.querySelectorAll("[data-a11y=" + name + "]"), function (b) {
        b.setAttribute("aria-pressed", state[name] ? "true" : "false");
      });
    });
    if (state.guide && !guide) {
      guide = document.createElement("div");
      guide.className = "a11y-guide-line";
      guide.setAttribute("aria-hidden", "true");
      document.body.appendChild(guide);
      document.addEventListener("mousemove", moveGuide);
    } else if (!state.guide && guide) {
      document.removeEventListener("mousemove", moveGuide);
      guide.parentNode.removeChild(guide);
      guide = null;
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    // The tools need this script: shown only when it runs.
    Array.prototype.forEach.call(document.querySelectorAll("[data-needs-js]"), function (el) { el.hidden = false; });
    document.addEventListener("click", function (e) {
      var button = e.target.closest ? e.target.closest("[data-a11y], [data-a11y-reset], [data-print]") : null;
      if (!button) { return; }
      if (button.hasAttribute("data-print")) { window.print(); return; }
      if (button.hasAttribute("data-a11y-reset")) { state = {}; } else {
        var name = button.getAttribute("data-a11y");
        state[name] = !state[name];
      }
      save(state);
      apply();
    });
    apply();
  });
  apply();
})();
