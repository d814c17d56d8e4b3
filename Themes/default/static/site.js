// 离开本站提示 (W2): a link to a site outside the platform asks before leaving. The platform's
// own hosts are listed on <body data-internal-hosts>. Without script the link simply works.
(function () {
  "use strict";
  var internal = (document.body.getAttribute("data-internal-hosts") || "").split(/\s+/).filter(Boolean);
  internal.push(window.location.host, window.location.hostname);
  function isExternal(a) {
    if (!/^https?:$/.test(a.protocol)) { return false; }
    return internal.indexOf(a.host) < 0 && internal.indexOf(a.hostname) < 0;
  }
  // The dialog's words in the page's language: English on an English site, Chinese otherwise.
  var texts = {
    zh: { title: "您即将离开本站", note: "您访问的链接不属于本网站群，其内容由对方网站负责：",
          go: "继续访问", stay: "留在本站", confirm: "您即将离开本站，访问：" },
    en: { title: "You are leaving this website", note: "The link you followed is not part of this group of websites; its content is the responsibility of that website:",
          go: "Continue", stay: "Stay on this website", confirm: "You are leaving this website to visit: " }
  };
  var t = /^en/i.test(document.documentElement.lang || "") ? texts.en : texts.zh;
  var dialog = null, target = null, opener = null;
  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "leave-dialog";
    dialog.setAttribute("aria-labelledby", "leave-title");
    dialog.innerHTML = '<h2 id="leave-title">' + t.title + '</h2>' +
      '<p>' + t.note + '</p><p class="leave-url"></p>' +
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
    if (!a || !isExternal(a) || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    if (typeof HTMLDialogElement !== "function") {
      if (!window.confirm(t.confirm + a.href)) { e.preventDefault(); }
      return;
    }
    e.preventDefault();
    if (!dialog) { build(); }
    target = a.href; opener = a;
    dialog.querySelector(".leave-url").textContent = a.href;
    dialog.showModal();
    dialog.querySelector(".leave-stay").focus();
  });
})();
