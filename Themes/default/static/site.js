// 离开本站提示 (W2): a link to a site outside the platform says where it goes before leaving
// ("即将访问 中国政府网"). The platform's own hosts are listed on <body data-internal-hosts>; the
// domains the site's admin lets open directly (and their sub-domains) on data-direct-hosts.
// Without script the link simply works.
(function () {
  "use strict";
  function list(name) { return (document.body.getAttribute(name) || "").split(/\s+/).filter(Boolean); }
  var internal = list("data-internal-hosts");
  var direct = list("data-direct-hosts");
  internal.push(window.location.host, window.location.hostname);
  function under(host, domains) {
    host = host.toLowerCase();
    return domains.some(function (d) { return host === d || host.slice(-d.length - 1) === "." + d; });
  }
  function asks(a) {
    if (!/^https?:$/.test(a.protocol)) { return false; }
    if (internal.indexOf(a.host) >= 0 || internal.indexOf(a.hostname) >= 0) { return false; }
    return !under(a.hostname, direct);
  }
  // The dialog's words in the page's language: English on an English site, Chinese otherwise.
  var texts = {
    zh: { going: "即将访问 ", government: "您即将离开本站，前往其他政府网站：",
          other: "您即将离开本站。该网站不属于本网站群，其内容由该网站负责：",
          go: "继续访问", stay: "留在本站" },
    en: { going: "You are going to ", government: "You are leaving this website for another government website:",
          other: "You are leaving this website. The site you are going to is not part of this group of websites and is responsible for its own content:",
          go: "Continue", stay: "Stay on this website" }
  };
  var t = /^en/i.test(document.documentElement.lang || "") ? texts.en : texts.zh;
  // Where the link goes, as the page names it (its text), else its host.
  function destination(a) {
    var name = (a.getAttribute("aria-label") || a.textContent || "").replace(/\s+/g, " ").trim();
    return name && name.length <= 40 && name.indexOf("://") < 0 ? name : a.hostname;
  }
  function isGovernment(host) { return under(host, ["gov.cn"]); }
  var dialog = null, target = null, opener = null;
  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "leave-dialog";
    dialog.setAttribute("aria-labelledby", "leave-title");
    dialog.setAttribute("aria-describedby", "leave-note");
    dialog.innerHTML = '<h2 id="leave-title"></h2><p id="leave-note"></p><p class="leave-url"></p>' +
      '<div class="leave-actions"><button type="button" class="leave-go">' + t.go + '</button> ' +
      '<button type="button" class="leave-stay">' + t.stay + '</button></div>';
    document.body.appendChild(dialog);
    dialog.querySelector(".leave-go").addEventListener("click", function () {
      var url = target; dialog.close();
      if (url) { window.location.href = url; }
    });
    dialog.querySelector(".leave-stay").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { if (opener) { opener.focus(); } });
  }
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[href]") : null;
    if (!a || !asks(a) || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    var title = t.going + destination(a);
    var note = isGovernment(a.hostname) ? t.government : t.other;
    if (typeof HTMLDialogElement !== "function") {
      if (!window.confirm(title + "\n" + note + a.href)) { e.preventDefault(); }
      return;
    }
    e.preventDefault();
    if (!dialog) { build(); }
    target = a.href; opener = a;
    dialog.querySelector("#leave-title").textContent = title;
    dialog.querySelector("#leave-note").textContent = note;
    dialog.querySelector(".leave-url").textContent = a.href;
    dialog.showModal();
    dialog.querySelector(".leave-stay").focus();
  });
})();
