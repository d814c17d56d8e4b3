// 窄屏页头（GB/T 37668）: on a phone the main navigation and the accessibility toolbar fold
// behind two buttons (菜单, 无障碍) in the header. Loaded in <head>, so the page never shows them
// open and then folds them; the buttons say whether they are open (aria-expanded) and which part
// they open (aria-controls); Esc closes a part and returns to its button. Without this script
// the navigation stays open as before. Wide screens always show both (site.css).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("menu-ready");
  var parts = { nav: "nav-open", tools: "tools-open" };
  function set(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    root.classList.toggle(parts[button.getAttribute("data-toggle")], open);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.querySelector(".header-toggles");
    if (!box) { root.classList.remove("menu-ready"); return; }  // a site's own layout without the buttons
    box.hidden = false;
    var buttons = Array.prototype.slice.call(box.querySelectorAll("[data-toggle]"));
    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") !== "true";
        set(button, open);
        // The toolbar sits above the header: take the reader to it.
        var part = document.getElementById(button.getAttribute("aria-controls"));
        if (open && part && button.getAttribute("data-toggle") === "tools") {
          var first = part.querySelector("button");
          if (first) { first.focus(); }
        }
      });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape") { return; }
      buttons.forEach(function (button) {
        var part = document.getElementById(button.getAttribute("aria-controls"));
        if (button.getAttribute("aria-expanded") === "true" && part && (part.contains(document.activeElement) || button === document.activeElement)) {
          set(button, false);
          button.focus();
        }
      });
    });
  });
})();
