// A small rich-text editor over contenteditable. Without JavaScript the plain textarea
// still works; the server sanitises whatever arrives to its allow-list either way.
(function () {
  "use strict";
  var KEEP = { P: 1, BR: 1, H2: 1, H3: 1, H4: 1, STRONG: 1, B: 1, EM: 1, I: 1, U: 1, SUB: 1, SUP: 1, UL: 1, OL: 1, LI: 1,
    BLOCKQUOTE: 1, TABLE: 1, THEAD: 1, TBODY: 1, TR: 1, TH: 1, TD: 1, CAPTION: 1, A: 1, IMG: 1, FIGURE: 1,
    FIGCAPTION: 1, HR: 1, PRE: 1, CODE: 1 };
  var DROP = { SCRIPT: 1, STYLE: 1, META: 1, LINK: 1, TITLE: 1, XML: 1, IFRAME: 1, OBJECT: 1, EMBED: 1, FORM: 1 };
  var ATTRS = { A: ["href"], IMG: ["src", "alt"], TD: ["colspan", "rowspan"], TH: ["colspan", "rowspan"] };

  // Word and WPS paste: keep structure, drop fonts, colours, classes, spans and comments.
  function clean(node) {
    var children = Array.prototype.slice.call(node.childNodes);
    children.forEach(function (child) {
      if (child.nodeType === 8) { child.remove(); return; }
      if (child.nodeType !== 1) { return; }
      var tag = child.tagName.toUpperCase();
      if (DROP[tag] || tag.indexOf(":") > 0 && child.textContent.trim() === "") { child.remove(); return; }
      clean(child);
      if (!KEEP[tag]) {
        while (child.firstChild) { node.insertBefore(child.firstChild, child); }
        child.remove();
        return;
      }
      var keep = ATTRS[tag] || [];
      Array.prototype.slice.call(child.attributes).forEach(function (a) {
        if (keep.indexOf(a.name.toLowerCase()) < 0) { child.removeAttribute(a.name); }
      });
    });
  }

  function button(label, title, run) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("mousedown", function (e) { e.preventDefault(); });
    b.addEventListener("click", run);
    return b;
  }

  // An in-page dialog in place of prompt(): labelled fields, 确定 and 取消, Escape closes it.
  // `done` gets the values and answers a message when something is missing (the dialog stays),
  // or else what to do once the dialog is closed (the page behind a modal dialog takes no input).
  function ask(title, fields, done) {
    var dialog = document.createElement("dialog");
    dialog.className = "editor-dialog";
    dialog.setAttribute("aria-labelledby", "editor-dialog-title");
    var form = document.createElement("form");
    form.method = "dialog";
    form.noValidate = true;
    var heading = document.createElement("h2");
    heading.id = "editor-dialog-title";
    heading.textContent = title;
    form.appendChild(heading);
    var inputs = {};
    fields.forEach(function (f) {
      var id = "editor-dialog-" + f.name;
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = f.label;
      var input = document.createElement("input");
      input.id = id;
      input.name = f.name;
      input.type = f.type || "text";
      if (f.value) { input.value = f.value; }
      if (f.accept) { input.accept = f.accept; }
      form.appendChild(label);
      form.appendChild(input);
      if (f.hint) {
        var hint = document.createElement("p");
        hint.className = "hint";
        hint.textContent = f.hint;
        form.appendChild(hint);
      }
      inputs[f.name] = input;
    });
    var error = document.createElement("p");
    error.className = "error";
    error.setAttribute("role", "alert");
    form.appendChild(error);
    var actions = document.createElement("p");
    actions.className = "form-actions";
    var ok = document.createElement("button");
    ok.type = "submit";
    ok.className = "btn";
    ok.textContent = "确定";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "btn secondary";
    cancel.textContent = "取消";
    cancel.addEventListener("click", function () { dialog.close(); });
    actions.appendChild(ok);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(cancel);
    form.appendChild(actions);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var values = {};
      Object.keys(inputs).forEach(function (name) {
        var input = inputs[name];
        values[name] = input.type === "file" ? input.files[0] : input.value.trim();
      });
      var next = done(values);
      if (typeof next === "string") { error.textContent = next; return; }
      dialog.close();
      if (next) { next(); }
    });
    dialog.addEventListener("close", function () { dialog.remove(); });
    dialog.appendChild(form);
    document.body.appendChild(dialog);
    dialog.showModal();
    inputs[fields[0].name].focus();
  }

  var ADDRESS = /^(https?:\/\/|\/)/i;

  // The HTML of an element built in the DOM (the browser escapes what it serialises).
  function html(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes).forEach(function (k) { el.setAttribute(k, attributes[k]); });
    if (text) { el.textContent = text; }
    return el;
  }
  function figure(url, caption) {
    var f = html("figure", {});
    f.appendChild(html("img", { src: url, alt: caption }));
    f.appendChild(html("figcaption", {}, caption));
    return f.outerHTML + "<p><br></p>";
  }

  function setup(textarea) {
    var box = document.createElement("div");
    box.className = "rich-editor";
    var bar = document.createElement("div");
    bar.className = "rich-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "正文格式");
    var area = document.createElement("div");
    area.className = "rich-area";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    area.setAttribute("aria-label", "正文");
    area.innerHTML = textarea.value || "<p><br></p>";
    var status = document.createElement("p");
    status.className = "editor-status";
    status.setAttribute("role", "status");
    function say(text) { status.textContent = text; }
    // The place in the text a dialog will insert at (opening the dialog moves the focus away).
    var kept = null;
    function keep() {
      var selection = window.getSelection();
      kept = selection.rangeCount && area.contains(selection.getRangeAt(0).commonAncestorContainer) ? selection.getRangeAt(0).cloneRange() : null;
      return kept && kept.toString();
    }
    function back() {
      area.focus();
      if (kept) {
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(kept);
      }
    }
    function insert(markup) { back(); document.execCommand("insertHTML", false, markup); }
    function cmd(name, value) { return function () { document.execCommand(name, false, value); area.focus(); }; }
    function upload(file, caption) {
      var url = textarea.getAttribute("data-upload");
      var token = textarea.form.querySelector("input[name=_csrf]");
      var image = /\.(jpe?g|png)$/i.test(file.name);
      var data = new FormData();
      data.append("_csrf", token.value);
      data.append("caption", caption);
      data.append("file", file);
      say("正在上传“" + file.name + "”……");
      fetch(url, { method: "POST", body: data, headers: { "Accept": "application/json" }, credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (!res.ok) { say("上传失败：" + ((res.body.error && res.body.error.message) || "请重试")); return; }
          var b = res.body;
          insert(image ? figure(b.url, b.caption || b.name) : "<p>附件：" + html("a", { href: b.url }, b.caption || b.name).outerHTML + "</p>");
          say("已插入“" + b.name + "”。" + (b.advice ? "提示：" + b.advice : ""));
        })
        .catch(function () { say("上传失败，请检查网络后重试。"); });
    }
    [
      button("段落", "正文段落", cmd("formatBlock", "P")),
      button("标题", "二级标题", cmd("formatBlock", "H2")),
      button("小标题", "三级标题", cmd("formatBlock", "H3")),
      button("B", "加粗", cmd("bold")),
      button("• 列表", "项目列表", cmd("insertUnorderedList")),
      button("1. 列表", "编号列表", cmd("insertOrderedList")),
      button("链接", "插入链接", function () {
        var selected = keep();
        var fields = [{ name: "url", label: "链接地址", value: "https://", hint: "以 http://、https:// 或 / 开头" }];
        if (!selected) { fields.push({ name: "text", label: "链接文字" }); }
        ask("插入链接", fields, function (v) {
          if (!ADDRESS.test(v.url) || v.url === "https://") { return "请填写以 http://、https:// 或 / 开头的链接地址。"; }
          if (!selected && !v.text) { return "请填写链接文字。"; }
          return function () {
            if (selected) { back(); document.execCommand("createLink", false, v.url); } else { insert(html("a", { href: v.url }, v.text).outerHTML); }
          };
        });
      }),
      button("图片", "插入图片", function () {
        keep();
        ask("插入图片", [
          { name: "url", label: "图片地址", value: "/", hint: "本站已上传的图片，在“附件与图片”页复制地址" },
          { name: "caption", label: "说明文字（必填）", hint: "读屏软件向视障人士读出这段文字，并显示在图片下方" },
        ], function (v) {
          if (!ADDRESS.test(v.url) || v.url === "/") { return "请填写以 http://、https:// 或 / 开头的图片地址。"; }
          if (!v.caption) { return "图片须填写说明文字。"; }
          return function () { insert(figure(v.url, v.caption)); };
        });
      }),
      button("上传", "上传图片或附件", function () {
        if (!textarea.getAttribute("data-upload") || !textarea.form.querySelector("input[name=_csrf]")) { return; }
        keep();
        ask("上传图片或附件", [
          { name: "file", label: "文件", type: "file", accept: ".jpg,.jpeg,.png,.pdf,.doc,.docx,.xls,.xlsx,.txt" },
          { name: "caption", label: "说明文字", hint: "图片必填，显示在图片下方；附件可不填，用作链接文字" },
        ], function (v) {
          if (!v.file) { return "请选择要上传的文件。"; }
          if (/\.(jpe?g|png)$/i.test(v.file.name) && !v.caption) { return "图片须填写说明文字。"; }
          return function () { upload(v.file, v.caption); };
        });
      }),
      button("表格", "插入 3×3 表格", cmd("insertHTML",
        "<table><tbody><tr><th>表头</th><th>表头</th><th>表头</th></tr><tr><td></td><td></td><td></td></tr>" +
        "<tr><td></td><td></td><td></td></tr></tbody></table><p><br></p>")),
      button("清除格式", "清除所选文字的格式", cmd("removeFormat")),
      button("源码", "显示或隐藏 HTML 源码", function () {
        var showing = textarea.hidden === false;
        if (showing) { area.innerHTML = textarea.value; } else { textarea.value = area.innerHTML; }
        textarea.hidden = showing;
        area.hidden = !showing;
      }),
    ].forEach(function (b) { bar.appendChild(b); });
    area.addEventListener("paste", function (e) {
      var data = e.clipboardData;
      if (!data) { return; }
      var html = data.getData("text/html");
      e.preventDefault();
      if (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        clean(doc.body);
        document.execCommand("insertHTML", false, doc.body.innerHTML);
      } else {
        var text = data.getData("text/plain").split(/\r?\n/).filter(function (l) { return l.trim() !== ""; });
        var div = document.createElement("div");
        document.execCommand("insertHTML", false, text.map(function (line) {
          div.textContent = line;
          return "<p>" + div.innerHTML + "</p>";
        }).join(""));
      }
    });
    textarea.hidden = true;
    textarea.parentNode.insertBefore(box, textarea);
    box.appendChild(bar);
    box.appendChild(area);
    box.appendChild(textarea);
    box.appendChild(status);
    textarea.form.addEventListener("submit", function () {
      if (textarea.hidden) { textarea.value = area.innerHTML; }
    });
    liveCheck(textarea, area);
    autosave(textarea, area, say);
  }

  // 自动保存: what is typed goes to the server every 20 seconds and when the page is left, for this
  // person only; 保存 still makes the version. The server offers it back when the form opens again.
  function autosave(textarea, area, say) {
    var url = textarea.getAttribute("data-autosave");
    var form = textarea.form;
    if (!url) { return; }
    var dirty = false, leaving = false;
    function changed() { dirty = true; }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    area.addEventListener("input", changed);
    form.addEventListener("submit", function (e) {
      if (!e.submitter || !e.submitter.hasAttribute("formaction")) { leaving = true; }
    });
    function save(beacon) {
      if (!dirty || leaving) { return; }
      if (textarea.hidden) { textarea.value = area.innerHTML; }
      var data = new URLSearchParams(new FormData(form));
      dirty = false;
      if (beacon && navigator.sendBeacon) { navigator.sendBeacon(url, data); return; }
      fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r); })
        .then(function (j) { say("已自动保存（" + j.savedAt + "），只有您本人能看到；点“保存”才生成新版本。"); })
        .catch(function () { dirty = true; say("自动保存没有成功，请及时点“保存”。"); });
    }
    setInterval(function () { save(false); }, 20000);
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { save(true); } });
  }

  // The content gate while typing (P3, P10, P16): the server checks the draft a moment after
  // the editor stops typing; findings are listed with their fixes.
  function liveCheck(textarea, area) {
    var url = textarea.getAttribute("data-check");
    var panel = document.getElementById("check-panel");
    var form = textarea.form;
    if (!url || !panel) { return; }
    var timer = null;
    function replaceInText(from, to) {
      var walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT, null);
      var changed = false, node;
      while ((node = walker.nextNode())) {
        if (node.nodeValue.indexOf(from) >= 0) { node.nodeValue = node.nodeValue.split(from).join(to); changed = true; }
      }
      var title = form.querySelector("input[name=title]");
      if (title && title.value.indexOf(from) >= 0) { title.value = title.value.split(from).join(to); changed = true; }
      return changed;
    }
    // Where a finding is: the server says which field and which occurrence of the matched text.
    function bodyRange(matched, occurrence) {
      var nodes = [], text = "", walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT, null), n;
      while ((n = walker.nextNode())) { nodes.push({ node: n, start: text.length }); text += n.nodeValue; }
      var at = -1, from = 0;
      for (var k = 0; k <= occurrence; k++) {
        at = text.indexOf(matched, from);
        if (at < 0) { return null; }
        from = at + matched.length;
      }
      function point(pos, isEnd) {
        for (var i = 0; i < nodes.length; i++) {
          var s = nodes[i].start, len = nodes[i].node.nodeValue.length;
          if (pos < s + len || (isEnd && pos === s + len)) { return [nodes[i].node, pos - s]; }
        }
        return null;
      }
      var a = point(at, false), b = point(at + matched.length, true);
      if (!a || !b) { return null; }
      var range = document.createRange();
      range.setStart(a[0], a[1]);
      range.setEnd(b[0], b[1]);
      return range;
    }
    function fieldIndex(input, matched, occurrence) {
      var at = -1, from = 0;
      for (var k = 0; k <= occurrence; k++) {
        at = input.value.indexOf(matched, from);
        if (at < 0) { return -1; }
        from = at + matched.length;
      }
      return at;
    }
    function place(f) {
      if (f.field === "body" && !textarea.hidden) { return null; }
      if (f.field === "body") {
        var range = bodyRange(f.matched, f.occurrence);
        return range && { range: range };
      }
      var input = f.field && form.querySelector("[name=\"" + f.field + "\"]");
      var at = input ? fieldIndex(input, f.matched, f.occurrence) : -1;
      return at >= 0 ? { input: input, at: at } : null;
    }
    function show(spot, length) {
      if (spot.range) {
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(spot.range);
        var el = spot.range.startContainer.parentElement;
        if (el && el.scrollIntoView) { el.scrollIntoView({ block: "center" }); }
        area.focus();
      } else {
        spot.input.focus();
        spot.input.setSelectionRange(spot.at, spot.at + length);
      }
    }
    function fixAt(spot, f) {
      if (spot.range) {
        spot.range.deleteContents();
        spot.range.insertNode(document.createTextNode(f.suggestion));
        area.normalize();
      } else {
        var v = spot.input.value;
        spot.input.value = v.slice(0, spot.at) + f.suggestion + v.slice(spot.at + f.matched.length);
      }
    }
    // Marks the findings in the editor without touching its content (CSS Custom Highlight API).
    function highlight(spots) {
      if (!window.CSS || !CSS.highlights || typeof Highlight === "undefined") { return; }
      var block = new Highlight(), warn = new Highlight();
      spots.forEach(function (s) { if (s.spot && s.spot.range) { (s.finding.severity === "block" ? block : warn).add(s.spot.range); } });
      CSS.highlights.set("gate-block", block);
      CSS.highlights.set("gate-warn", warn);
    }
    function button(label, handler) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "link-button";
      b.textContent = label;
      b.addEventListener("click", handler);
      return b;
    }
    function render(result) {
      panel.textContent = "";
      var spots = result.findings.map(function (f) { return { finding: f, spot: f.matched ? place(f) : null }; });
      highlight(spots);
      if (!result.findings.length) {
        var ok = document.createElement("p");
        ok.className = "check-ok";
        ok.textContent = "内容检查：未发现问题。";
        panel.appendChild(ok);
        panel.hidden = false;
        return;
      }
      var head = document.createElement("p");
      head.className = result.blocking ? "check-head block" : "check-head";
      head.textContent = "内容检查：" + result.findings.length + " 处" + (result.blocking ? "，其中 " + result.blocking + " 处必须修改后才能提交" : "");
      panel.appendChild(head);
      var chars = result.findings.filter(function (f) { return /^chars\./.test(f.rule) && f.suggestion; });
      if (chars.length > 1) {
        var all = document.createElement("button");
        all.type = "button";
        all.className = "btn secondary";
        all.textContent = "全部转换为规范字";
        all.addEventListener("click", function () {
          chars.forEach(function (f) { replaceInText(f.matched, f.suggestion); });
          schedule(0);
        });
        panel.appendChild(all);
      }
      var list = document.createElement("ul");
      spots.forEach(function (s) {
        var f = s.finding, spot = s.spot;
        var li = document.createElement("li");
        li.className = f.severity === "block" ? "block" : "warn";
        var text = document.createElement("span");
        text.textContent = (f.severity === "block" ? "【阻止】" : "【提示】") + (f.source ? "附件“" + f.source + "”：" : "") + f.message;
        li.appendChild(text);
        if (spot) {
          li.appendChild(document.createTextNode(" "));
          li.appendChild(button("定位", function () { show(spot, f.matched.length); }));
        }
        if (f.suggestion && f.matched && !f.source) {
          li.appendChild(document.createTextNode(" "));
          li.appendChild(button("改为“" + f.suggestion + "”", function () {
            if (spot) { fixAt(spot, f); schedule(0); } else if (replaceInText(f.matched, f.suggestion)) { schedule(0); }
          }));
        }
        list.appendChild(li);
      });
      panel.appendChild(list);
      panel.hidden = false;
    }
    function run() {
      var data = new URLSearchParams();
      ["_csrf", "title", "subtitle", "summary", "originalAuthor", "sourceURL", "columnID", "articleID"].forEach(function (name) {
        var field = form.querySelector("[name=" + name + "]");
        if (field) { data.append(name, field.value); }
      });
      var repost = form.querySelector("input[name=isRepost]");
      if (repost && repost.checked) { data.append("isRepost", "on"); }
      // W5: a 办事指南's elements, checked like the rest.
      Array.prototype.forEach.call(form.querySelectorAll("[name^=\"guide.\"]"), function (field) { data.append(field.name, field.value); });
      data.append("body", textarea.hidden ? area.innerHTML : textarea.value);
      fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (result) { if (result) { render(result); } })
        .catch(function () {});
    }
    function schedule(delay) {
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(run, delay === undefined ? 1200 : delay);
    }
    area.addEventListener("input", function () { schedule(); });
    textarea.addEventListener("input", function () { schedule(); });
    Array.prototype.forEach.call(form.querySelectorAll("[name^=\"guide.\"], select[name=columnID]"), function (field) {
      field.addEventListener("change", function () { schedule(0); });
    });
    form.addEventListener("input", function (e) { if (e.target.name === "title") { schedule(); } });
    form.addEventListener("change", function (e) { if (e.target.name === "columnID") { schedule(0); } });
    schedule(300);
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-editor=rich]"), setup);
  });
})();

// W5: the 办事指南 elements are asked for when the chosen column is a 办事服务 column.
(function () {
  "use strict";
  var fields = document.getElementById("guide-fields");
  var column = document.getElementById("columnID");
  if (!fields || !column) { return; }
  var services = (fields.getAttribute("data-service-columns") || "").split(" ");
  function show() { fields.hidden = services.indexOf(column.value) < 0; }
  column.addEventListener("change", show);
  show();
})();
