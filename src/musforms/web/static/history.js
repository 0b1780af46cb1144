/* Nothing is ever lost: autosave, undo, "continue where you left off", and a warning
   before leaving with unsaved changes.

   What is kept where (docs/web.md says the same):
   - localStorage "musforms.draft": the form as it was last (title, organisation, year,
     theme, the ticked ids, own questions, sections). It stays in this browser on this
     computer; nothing is sent anywhere. The answers of a filled form are never kept.
   - sessionStorage "musforms.history": this tab's last 50 states, for undo and redo, and
     to bring the page back after a reload, Back or Forward.
   - sessionStorage "musforms.clean": the state at the last download or save; the page
     warns before leaving while the form differs from it.

   A state is read from the form's fields and written back to them (restore), so undo,
   the draft and the tab's history all go through the same two functions. */
"use strict";

(function (M) {
  var MAX = 50;
  var DRAFT = "musforms.draft";
  var OLDER = "musforms.draft.older";
  var HISTORY = "musforms.history";
  var CLEAN = "musforms.clean";
  var FIELDS = ["title", "organisation", "year", "theme", "language", "intro"];

  var entries = [];
  var index = -1;
  var restoring = false;
  var submitting = false;
  var offered = null;
  var clean = null;

  function read(storage, name) {
    try { return JSON.parse(storage.getItem(name) || "null"); } catch (e) { return null; }
  }

  function write(storage, name, value) {
    try {
      if (value === null) { storage.removeItem(name); } else { storage.setItem(name, JSON.stringify(value)); }
    } catch (e) { /* storage full or switched off: the page still works, it just forgets */ }
  }

  /* -- a state: read from the fields, written back to them -------------------------- */
  function snapshot() {
    var fields = {};
    FIELDS.forEach(function (name) {
      var input = document.getElementById("f-" + name);
      fields[name] = input ? input.value : "";
    });
    var ticked = Array.prototype.map.call(
      document.querySelectorAll('#bank-list input[name="q"]:checked'), function (box) { return box.value; }
    ).sort();
    var customs = Array.prototype.map.call(document.querySelectorAll("#custom-list fieldset.custom"), function (fieldset) {
      var key = fieldset.dataset.key;
      var keep = fieldset.querySelector('input[name="cq_keep.' + key + '"]');
      return {
        key: key,
        text: fieldset.querySelector('textarea[name^="cq_text"]').value,
        kind: fieldset.querySelector("select").value,
        options: fieldset.querySelector('textarea[name^="cq_options"]').value,
        keep: keep ? keep.value : ""
      };
    });
    var layout = M.layout.map(function (section) {
      return {
        key: section.key, title: section.title === undefined ? null : section.title,
        items: section.items.slice(), category: section.category || null,
        custom: !!section.custom, keep: section.keep || null
      };
    });
    return {
      v: 1, fields: fields, q: ticked, customs: customs, layout: layout,
      keep: document.getElementById("keep").value,
      preset: document.getElementById("preset-was").value
    };
  }

  function keyOf(state) { return state ? JSON.stringify([state.fields, state.q, state.customs, state.layout, state.keep]) : ""; }

  function size(state) { return state ? state.q.length + state.customs.length : 0; }

  /* Write a state back to the form; ``push`` makes it a new undo step (a draft taken up),
     otherwise it stands in for the entry it came from (undo, redo, a reload). */
  function restore(state, push) {
    restoring = push ? "push" : "replace";
    FIELDS.forEach(function (name) {
      var input = document.getElementById("f-" + name);
      if (input && state.fields[name] !== undefined) { input.value = state.fields[name]; }
    });
    var ticked = new Set(state.q);
    document.querySelectorAll('#bank-list input[name="q"]').forEach(function (box) { box.checked = ticked.has(box.value); });
    M.updateAllCounts();
    M.clearCustoms();
    state.customs.forEach(function (custom) { M.makeCustom(custom); });
    document.getElementById("keep").value = state.keep || "";
    document.getElementById("preset-was").value = state.preset || "";
    var select = document.getElementById("f-preset");
    if (select && Array.prototype.some.call(select.options, function (o) { return o.value === (state.preset || "") && !o.disabled; })) {
      select.value = state.preset || "";
    }
    M.setLayout(JSON.parse(JSON.stringify(state.layout)));
    M.sendPreview();
  }

  /* -- the tab's history: undo and redo ------------------------------------------------- */
  function saveHistory() { write(window.sessionStorage, HISTORY, { entries: entries, index: index }); }

  function buttons() {
    var undo = document.getElementById("undo");
    var redo = document.getElementById("redo");
    if (undo) { undo.disabled = index <= 0 && keyOf(snapshot()) === keyOf(entries[index]); }
    if (redo) { redo.disabled = index >= entries.length - 1; }
  }

  /* Take the page's state as the newest entry, if it changed (after each preview). */
  function commit() {
    var state = snapshot();
    var mode = restoring;
    restoring = false;
    if (mode === "replace") {
      entries[index] = state;  // the server may have tidied it (a section's key)
    } else if (keyOf(state) !== keyOf(entries[index])) {
      entries = entries.slice(0, index + 1);
      entries.push(state);
      if (entries.length > MAX) { entries = entries.slice(entries.length - MAX); }
      index = entries.length - 1;
    } else {
      buttons();
      return;
    }
    saveHistory();
    autosave(state);
    buttons();
  }

  function step(by) {
    var current = snapshot();
    var target;
    if (by < 0 && keyOf(current) !== keyOf(entries[index])) {
      target = entries[index];  // changes not yet taken: undo them first
    } else if (index + by >= 0 && index + by < entries.length) {
      index += by;
      target = entries[index];
    } else {
      M.announce(by < 0 ? M.L.nothing_to_undo : M.L.nothing_to_redo);
      return;
    }
    saveHistory();
    restore(target);
    M.announce(by < 0 ? M.L.undone : M.L.redone);
    buttons();
  }

  /* -- the draft in the browser --------------------------------------------------------- */
  function autosave(state) {
    if (offered && keyOf(state) !== keyOf(offered.state)) {
      // She started on something else: the draft she was offered is kept aside, not lost.
      write(window.localStorage, OLDER, offered);
    }
    if (!size(state) && entries.length < 2) { return; }  // an untouched blank page is no draft
    write(window.localStorage, DRAFT, { state: state, saved: Date.now() });
    var status = document.getElementById("autosaved");
    if (status) { status.textContent = M.fill(M.L.autosaved, { time: clock(new Date()) }); }
  }

  function clock(date) {
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  function when(saved) {
    var date = new Date(saved);
    var lang = document.documentElement.lang === "en" ? "en-GB" : "da-DK";
    try {
      return date.toLocaleString(lang, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit" });
    } catch (e) { return date.toISOString(); }
  }

  function newestDraft() {
    var drafts = [read(window.localStorage, DRAFT), read(window.localStorage, OLDER)].filter(function (d) {
      return d && d.state && d.state.v === 1 && size(d.state) > 0;
    });
    drafts.sort(function (a, b) { return b.saved - a.saved; });
    return drafts[0] || null;
  }

  function offer(draft) {
    offered = draft;
    var box = document.getElementById("draft");
    var title = draft.state.fields.title || "MUS";
    document.getElementById("draft-text").textContent = M.fill(M.L.draft_text, {
      title: title, n: size(draft.state), when: when(draft.saved)
    });
    box.hidden = false;
    M.announce(document.getElementById("h-draft").textContent + ". " + document.getElementById("draft-text").textContent);
  }

  function answerOffer(take) {
    var box = document.getElementById("draft");
    box.hidden = true;
    var draft = offered;
    offered = null;
    if (take && draft) {
      restore(draft.state, true);
      M.announce(M.L.draft_restored);
      var first = document.getElementById("step-basics");
      if (first) { first.focus(); }
    } else {
      write(window.localStorage, OLDER, null);
      if (draft && keyOf(draft.state) === keyOf((read(window.localStorage, DRAFT) || {}).state)) {
        write(window.localStorage, DRAFT, null);
      }
      M.announce(M.L.draft_discarded);
      document.getElementById("main").focus();
    }
  }

  /* -- leaving ---------------------------------------------------------------------------- */
  function dirty() { return clean !== null && keyOf(snapshot()) !== clean; }

  function setClean(state) {
    clean = keyOf(state);
    write(window.sessionStorage, CLEAN, clean);
  }

  M.history = {
    init: function () {
      var navigation = (window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0]) || {};
      var how = navigation.type || "navigate";
      var fresh = document.body.dataset.fresh === "1";
      var saved = read(window.sessionStorage, HISTORY);
      if (saved && Array.isArray(saved.entries) && saved.entries.length) {
        entries = saved.entries.filter(function (e) { return e && e.v === 1; });
        index = Math.min(Math.max(0, saved.index), entries.length - 1);
      }
      clean = read(window.sessionStorage, CLEAN);
      var current = snapshot();
      var latest = entries[index];
      if (!fresh) {
        // A page that answers a POST: Back, Forward and reload then ask for a page, never
        // for the form to be sent again; the state comes back from this tab's history.
        window.history.replaceState(null, "", (document.documentElement.dataset.root || "") + "/?lang=" + (document.documentElement.lang === "en" ? "en" : "da"));
      }
      if (clean === null) { setClean(current); }
      if (fresh && latest && (how === "reload" || how === "back_forward") && keyOf(latest) !== keyOf(current)) {
        restore(latest);
        M.announce(M.L.draft_restored);
      } else {
        if (fresh && !latest) {
          var draft = newestDraft();
          if (draft && keyOf(draft.state) !== keyOf(current)) { offer(draft); }
        }
        if (keyOf(current) !== keyOf(latest)) {
          entries = entries.slice(0, index + 1);
          entries.push(current);
          if (entries.length > MAX) { entries = entries.slice(entries.length - MAX); }
          index = entries.length - 1;
          saveHistory();
          if (!fresh) { autosave(current); }  // an answer to something she did
        }
      }
      buttons();
      M.afterPreview = commit;

      document.getElementById("undo").addEventListener("click", function () { step(-1); });
      document.getElementById("redo").addEventListener("click", function () { step(1); });
      document.getElementById("draft-continue").addEventListener("click", function () { answerOffer(true); });
      document.getElementById("draft-discard").addEventListener("click", function () { answerOffer(false); });
      document.addEventListener("keydown", function (event) {
        if (!(event.ctrlKey || event.metaKey) || event.altKey) { return; }
        var key = event.key.toLowerCase();
        var target = event.target;
        // The search and the question being written keep the browser's own undo.
        if (target && /^(f-search|new-text|new-options)$/.test(target.id || "")) { return; }
        if (key === "z" && !event.shiftKey) { event.preventDefault(); step(-1); }
        else if ((key === "z" && event.shiftKey) || key === "y") { event.preventDefault(); step(1); }
      });
      window.addEventListener("beforeunload", function (event) {
        if (submitting || !dirty()) { return undefined; }
        event.preventDefault();
        event.returnValue = "";
        return "";
      });
      window.addEventListener("pageshow", function (event) {
        if (!event.persisted) { return; }
        // Back from the page cache: this tab may have moved on since.
        var saved2 = read(window.sessionStorage, HISTORY);
        var newest = saved2 && saved2.entries && saved2.entries[saved2.index];
        submitting = false;
        if (newest && keyOf(newest) !== keyOf(snapshot())) {
          entries = saved2.entries;
          index = saved2.index;
          restore(newest);
        }
      });
    },

    /* The form is sent (a download, another language, a ready form, a file): keep the
       state now, and do not warn for a page she asked for. */
    leaving: function (submitter) {
      var state = snapshot();
      if (keyOf(state) !== keyOf(entries[index])) {
        entries = entries.slice(0, index + 1);
        entries.push(state);
        index = entries.length - 1;
        saveHistory();
      }
      autosave(state);
      submitting = true;
      if (submitter && submitter.name === "format") {
        setClean(state);  // a download or a save: nothing is unsaved now
        // A download does not leave the page: warn again for changes after it.
        window.setTimeout(function () { submitting = false; }, 1500);
      }
    },

    dirty: dirty,
    snapshot: snapshot,
    keyOf: keyOf,
    undo: function () { step(-1); },
    redo: function () { step(1); },
    depth: function () { return { entries: entries.length, index: index }; }
  };
})(window.MUS = window.MUS || {});
