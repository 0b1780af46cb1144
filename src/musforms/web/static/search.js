/* The bank list's search as you type (step 3). The server searches (GET /search: the
   bank's forgiving search, in the page's language unless she asks for both, and the
   filters); this script shows what it found, opens its themes and marks the words that
   matched. Without the script the "Søg" button sends the same fields with the page. */
"use strict";

(function (M) {
  var WORD = /[\p{L}\p{N}]+/gu;
  var input, status, categories, timer = null, seq = 0;
  var controls = ["f-search-both", "f-filter-category", "f-filter-kind", "f-filter-audience", "f-filter-length"];

  function params() {
    var query = new URLSearchParams();
    query.set("search", input.value);
    query.set("lang", document.documentElement.lang === "en" ? "en" : "da");
    if (document.getElementById("f-search-both").checked) { query.set("search_both", "1"); }
    ["category", "kind", "audience", "length"].forEach(function (name) {
      var select = document.getElementById("f-filter-" + name);
      if (select && select.value) { query.set("filter_" + name, select.value); }
    });
    return query;
  }

  /* Write ``node``'s text again with each word whose folded form is in ``terms`` in <mark>. */
  function mark(node, terms) {
    if (!node) { return false; }
    var text = node.textContent;
    node.replaceChildren();
    var last = 0;
    var marked = false;
    if (terms && terms.size) {
      text.replace(WORD, function (word, offset) {
        if (terms.has(M.fold(word))) {
          node.append(text.slice(last, offset), M.el("mark", {}, word));
          last = offset + word.length;
          marked = true;
        }
        return word;
      });
    }
    node.append(text.slice(last));
    return marked;
  }

  function show(body) {
    var ids = body.ids ? new Set(body.ids) : null;
    var terms = body.terms || {};
    categories.forEach(function (details) {
      if (details.dataset.openBefore === undefined) { details.dataset.openBefore = details.open ? "1" : "0"; }
      var found = 0;
      var all = new Set();
      details.querySelectorAll(".question").forEach(function (li) {
        var id = li.dataset.id;
        var ok = !ids || ids.has(id);
        li.hidden = !ok;
        var words = ok && terms[id] ? new Set(terms[id]) : null;
        if (words) { words.forEach(function (w) { all.add(w); }); }
        mark(li.querySelector(".q-text"), words);
        var help = li.querySelector(".q-help");
        if (help) { help.hidden = !mark(help, words); }
        if (ok) { found += 1; }
      });
      mark(details.querySelector(".cat-title"), all);  // a theme found by its title says so
      details.hidden = found === 0;
      if (ids) { details.open = found > 0; }
      else {
        details.open = details.dataset.openBefore === "1";
        delete details.dataset.openBefore;
      }
    });
    status.textContent = ids ? body.message : "";
    var clear = document.getElementById("search-clear");
    if (clear) { clear.hidden = !ids; }
  }

  /* The question boxes a person can see, theme by theme; ``open``: if none is, the first
     theme opens. */
  function visibleBoxes(open) {
    function collect() {
      var boxes = [];
      categories.forEach(function (details) {
        if (details.hidden || !details.open) { return; }
        details.querySelectorAll(".question").forEach(function (li) {
          if (!li.hidden) { boxes.push(li.querySelector('input[name="q"]')); }
        });
      });
      return boxes;
    }
    var boxes = collect();
    if (!boxes.length && open) {
      var first = categories.filter(function (details) { return !details.hidden; })[0];
      if (first) { first.open = true; boxes = collect(); }
    }
    return boxes;
  }

  function run() {
    var mine = ++seq;
    fetch((document.documentElement.dataset.root || "") + "/search?" + params().toString(), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (body) { if (mine === seq) { show(body); } })
      .catch(function () { if (mine === seq) { status.textContent = M.L.preview_failed; } });
  }

  function clear() {
    input.value = "";
    controls.forEach(function (id) {
      var control = document.getElementById(id);
      if (!control) { return; }
      if (control.type === "checkbox") { control.checked = false; } else { control.value = ""; }
    });
    run();
    input.focus();
  }

  M.search = {
    init: function () {
      input = document.getElementById("f-search");
      status = document.getElementById("search-status");
      categories = Array.prototype.slice.call(document.querySelectorAll("#bank-list details.category"));
      if (!input) { return; }
      input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(run, 120);
      });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); window.clearTimeout(timer); run(); }
        if (event.key === "Escape" && input.value) { event.preventDefault(); clear(); }
        if (event.key === "ArrowDown") {
          // Down from the search goes to the first question found (its theme opened).
          var first = visibleBoxes(true)[0];
          if (first) { event.preventDefault(); first.focus(); }
        }
      });
      // In the list, arrow up and down go from question to question; up from the first
      // goes back to the search.
      document.getElementById("bank-list").addEventListener("keydown", function (event) {
        var box = event.target;
        if (box.name !== "q" || (event.key !== "ArrowDown" && event.key !== "ArrowUp")) { return; }
        var boxes = visibleBoxes(false);
        var at = boxes.indexOf(box);
        event.preventDefault();
        if (event.key === "ArrowUp" && at <= 0) { input.focus(); input.select(); return; }
        var next = boxes[at + (event.key === "ArrowDown" ? 1 : -1)];
        if (next) { next.focus(); }
      });
      controls.forEach(function (id) {
        var control = document.getElementById(id);
        if (control) { control.addEventListener("change", run); }
      });
    },
    run: run,
    clear: clear
  };
})(window.MUS = window.MUS || {});
