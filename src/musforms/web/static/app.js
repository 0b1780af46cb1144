/* The web MUS-automat's script: the core. The page works without it (tick, submit,
   download); with it, the preview follows every change, own questions are added in
   place, and the other scripts add the sections panel (sections.js), the search as you
   type (search.js), and autosave, undo and "continue where you left off" (history.js).
   No libraries, no build step, no inline code (the Content-Security-Policy allows only
   these files). User text is only ever put in the page with textContent or form values,
   never as HTML; the preview's HTML comes escaped from the server's templates. */
"use strict";

document.documentElement.classList.add("js");

(function (M) {
  var CHOICE_KINDS = ["choice", "multi_choice", "competence_wheel"];
  var FIELD_INPUTS = {
    title: "f-title", organisation: "f-organisation", year: "f-year", language: "f-language",
    theme: "f-theme", intro: "f-intro", spec_file: "f-spec-file", answers_file: "f-answers-file",
    preset: "f-preset"
  };
  // Errors a preview can neither make nor clear: they come from a file or a ready form.
  var KEEP_ERRORS = ["spec_file", "answers_file", "preset"];
  // Fields that are no part of the form: the file pickers, the question being written,
  // the list's search, the buttons.
  var NOT_STATE = /^(spec_file|answers_file|new_text|new_kind|new_options|remove|format|action|switch_lang|search|search_both|filter_.*)$/;

  var timer = null;
  var requestSeq = 0;
  var editVersion = 0;
  var settledVersion = 0;
  var lastCount = null;
  var lastTicked = null;
  var pending = [];
  var announceTimer = null;

  M.L = {};
  M.NOT_STATE = NOT_STATE;

  /* Fold text for matching exactly as musforms.bank.search.fold does on the server:
     casefold, æ/ø/å spelled out, accents stripped, then aa->a, ae->a, oe->o. */
  M.fold = function (text) {
    var s = text.toLowerCase().replace(/ß/g, "ss")
      .replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa");
    s = s.normalize("NFKD").replace(/\p{M}/gu, "");
    return s.replace(/aa/g, "a").replace(/ae/g, "a").replace(/oe/g, "o");
  };

  M.fill = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  };

  M.el = function (tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) { return; }
      if (name === "value") { node.value = value; } else { node.setAttribute(name, value === true ? "" : value); }
    });
    if (text !== undefined) { node.textContent = text; }
    return node;
  };

  /* Say something to a screen reader. Messages that come close together are read as one,
     so that "the question was added" is not overwritten by "the preview was updated". */
  M.announce = function (message) {
    if (!message) { return; }
    pending.push(message);
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(function () {
      var region = document.getElementById("announcer");
      if (!region) { return; }
      region.textContent = "";
      var text = pending.join(" ");
      pending = [];
      window.setTimeout(function () { region.textContent = text; }, 40);
    }, 250);
  };

  M.formLanguage = function () {
    var select = document.getElementById("f-language");
    return select && select.value === "en" ? "en" : "da";
  };

  /* -- ticks ------------------------------------------------------------- */
  M.updateCount = function (details) {
    if (!details) { return; }
    var count = details.querySelector(".cat-count");
    var ticked = details.querySelectorAll('input[name="q"]:checked').length;
    count.textContent = M.fill(M.L.ticked_count, { n: ticked, m: count.dataset.total });
    count.classList.toggle("has-ticks", ticked > 0);
  };

  M.updateAllCounts = function () {
    document.querySelectorAll("#bank-list details.category").forEach(M.updateCount);
  };

  /* Untick a bank question (from the sections panel or the preview), as if in the list. */
  M.untick = function (questionId) {
    var box = document.getElementById("pick-" + questionId);
    if (!box) { return false; }
    box.checked = false;
    M.updateCount(box.closest("details"));
    M.schedulePreview(40);
    return true;
  };

  /* -- preview ----------------------------------------------------------- */
  M.schedulePreview = function (delay) {
    editVersion += 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(M.sendPreview, delay);
  };

  M.formBody = function () {
    var data = new FormData(M.builder);
    var body = new URLSearchParams();
    data.forEach(function (value, name) {
      if (typeof value !== "string" || NOT_STATE.test(name)) { return; }
      body.append(name, value);
    });
    return body;
  };

  M.sendPreview = function () {
    var seq = ++requestSeq;
    var version = editVersion;
    window.clearTimeout(timer);
    M.previewPanel.setAttribute("aria-busy", "true");
    fetch((document.documentElement.dataset.root || "") + "/preview", {
      method: "POST",
      body: M.formBody(),
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      // Apply only the answer to the latest state; a newer request is on its way otherwise.
      if (seq === requestSeq && version === editVersion) { applyPreview(html); }
    }).catch(function () {
      if (seq === requestSeq) { M.announce(M.L.preview_failed); }
    }).then(function () {
      if (seq === requestSeq) { M.previewPanel.removeAttribute("aria-busy"); }
    });
  };

  /* Tell whether every change has reached the preview (for tests and the history). */
  M.settled = function () { return !M.previewPanel.hasAttribute("aria-busy") && editVersion === settledVersion; };

  function applyPreview(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var fragment = template.content.getElementById("preview-fragment");
    if (!fragment) { return; }
    var content = M.previewContent;
    var scroll = content.scrollTop;
    content.replaceChildren(fragment);
    content.scrollTop = scroll;
    try { M.items = JSON.parse(fragment.dataset.items || "{}"); } catch (e) { M.items = {}; }
    try { M.setLayout(JSON.parse(fragment.dataset.layout || "[]")); } catch (e) { /* keep ours */ }
    showErrors(fragment);
    var summary = document.getElementById("summary");
    var fresh = fragment.querySelector("#preview-summary");
    if (summary && fresh) { summary.replaceChildren.apply(summary, Array.prototype.slice.call(fresh.cloneNode(true).childNodes)); }
    var count = fragment.dataset.count;
    var bar = document.getElementById("bar-count");
    if (bar) { bar.textContent = M.fill(M.L.bar_count, { n: count }); }
    if (count !== lastCount) { M.announce(fragment.dataset.status); lastCount = count; }
    var summaryBox = document.getElementById("error-summary");
    if (summaryBox) { summaryBox.remove(); }
    decoratePreview();
    revealTicked();
    settledVersion = editVersion;
    if (M.afterPreview) { M.afterPreview(); }
  }

  /* A "Fjern" button on every question of the preview. */
  function decoratePreview() {
    M.previewContent.querySelectorAll("li.mus-question[data-question-id]").forEach(function (li) {
      var formId = li.dataset.questionId;
      var item = (M.items && M.items[formId]) || formId;
      var textNode = li.querySelector(".mus-text");
      var text = textNode ? textNode.textContent.trim() : formId;
      var button = M.el("button", {
        type: "button", "class": "button-quiet preview-remove",
        "aria-label": M.fill(M.L.preview_remove_long, { t: text })
      }, M.L.remove_question);
      button.addEventListener("click", function () { M.removeItem(item, text); });
      li.prepend(button);
    });
  }

  /* Remove a question from the form: untick it in the list, or remove the own question. */
  M.removeItem = function (item, text) {
    var removed = false;
    if (item.indexOf("custom:") === 0) {
      var fieldset = document.getElementById("cq-" + item.slice(7));
      if (fieldset) { removeCustom(fieldset, true); removed = true; }
    } else {
      removed = M.untick(item);
    }
    if (removed) {
      M.pendingAction = "remove";
      M.announce(M.fill(M.L.question_removed, { t: text }));
    }
    return removed;
  };

  /* Scroll the preview (when it scrolls by itself, on wide screens) to the question just ticked. */
  function revealTicked() {
    var content = M.previewContent;
    if (!lastTicked || content.scrollHeight <= content.clientHeight + 4) { lastTicked = null; return; }
    var target = content.querySelector('[data-question-id="' + CSS.escape(lastTicked) + '"]');
    lastTicked = null;
    if (!target) { return; }
    var top = target.offsetTop - 16;
    var bottom = target.offsetTop + target.offsetHeight;
    if (top < content.scrollTop || bottom > content.scrollTop + content.clientHeight) {
      content.scrollTop = top;
    }
  }

  function inputFor(field) {
    if (FIELD_INPUTS[field]) { return document.getElementById(FIELD_INPUTS[field]); }
    if (field.indexOf("cq-") === 0) { return document.getElementById(field); }
    if (field.indexOf("sec-") === 0) { return document.getElementById("sec-title-" + field.slice(4)); }
    return null;
  }

  function clearErrors() {
    document.querySelectorAll(".field-error").forEach(function (slot) {
      var field = slot.id.replace(/^err-/, "");
      if (KEEP_ERRORS.indexOf(field) !== -1 || field === "new-text") { return; }
      slot.hidden = true;
      slot.textContent = "";
      var input = inputFor(field);
      if (input) { input.removeAttribute("aria-invalid"); }
    });
  }

  M.showError = function (field, message) {
    var slot = document.getElementById("err-" + field);
    if (!slot) { return; }
    if (slot.textContent) { slot.append(" "); }
    slot.append(M.el("span", { "class": "sr-only" }, M.L.error_prefix + " "), message);
    slot.hidden = false;
    var input = inputFor(field);
    if (input) { input.setAttribute("aria-invalid", "true"); }
  };

  function showErrors(fragment) {
    clearErrors();
    fragment.querySelectorAll("li[data-field]").forEach(function (item) {
      var message = item.querySelector("[data-message]");
      if (message) { M.showError(item.dataset.field, message.textContent); }
    });
  }

  /* -- own questions ------------------------------------------------------- */
  function toggleOptions(fieldset) {
    var select = fieldset.querySelector("[data-kind-select]");
    var options = fieldset.querySelector("[data-options]");
    if (select && options) { options.hidden = CHOICE_KINDS.indexOf(select.value) === -1; }
  }

  function renumberCustoms() {
    document.querySelectorAll("#custom-list fieldset.custom").forEach(function (fieldset, index) {
      var legend = fieldset.querySelector("legend");
      if (legend) { legend.textContent = M.fill(M.L.custom_legend, { n: index + 1 }); }
    });
  }

  function customKeys() {
    return Array.prototype.map.call(document.querySelectorAll('#custom-list input[name="cq"]'), function (input) { return input.value; });
  }

  /* Add an own question's fieldset to the page, from the template; returns the fieldset. */
  M.makeCustom = function (custom) {
    var template = document.getElementById("custom-template");
    var holder = document.createElement("template");
    // The key is made of a letter and digits (checked here): safe to put into the markup.
    var key = /^[a-z][a-z0-9]{0,15}$/.test(custom.key) ? custom.key : M.newKey("c", customKeys());
    holder.innerHTML = template.innerHTML.split("__KEY__").join(key).split("__N__").join(String(customKeys().length + 1));
    var fieldset = holder.content.querySelector("fieldset");
    fieldset.querySelector("textarea[name^='cq_text']").value = custom.text || "";
    fieldset.querySelector("select").value = custom.kind || "long_text";
    fieldset.querySelector("textarea[name^='cq_options']").value = custom.options || "";
    if (custom.keep) {
      fieldset.append(M.el("input", { type: "hidden", name: "cq_keep." + key, value: custom.keep }));
    }
    document.getElementById("custom-list").append(fieldset);
    wireCustom(fieldset);
    renumberCustoms();
    return fieldset;
  };

  M.newKey = function (prefix, taken) {
    var number = 1;
    while (taken.indexOf(prefix + number) !== -1) { number += 1; }
    return prefix + number;
  };

  function addCustom(event) {
    event.preventDefault();
    var text = document.getElementById("new-text");
    var kind = document.getElementById("new-kind");
    var options = document.getElementById("new-options");
    var error = document.getElementById("err-new-text");
    if (!text.value.trim()) {
      error.textContent = M.L.custom_empty_new;
      error.hidden = false;
      text.setAttribute("aria-invalid", "true");
      text.focus();
      return;
    }
    error.hidden = true;
    error.textContent = "";
    text.removeAttribute("aria-invalid");
    M.makeCustom({ key: M.newKey("c", customKeys()), text: text.value, kind: kind.value, options: options.value });
    text.value = "";
    options.value = "";
    kind.value = "long_text";
    toggleOptions(document.getElementById("custom-new"));
    M.announce(M.L.custom_added);
    text.focus();
    M.schedulePreview(50);
  }

  function removeCustom(fieldset, quiet) {
    var key = fieldset.dataset.key;
    var next = fieldset.nextElementSibling;
    var hadFocus = fieldset.contains(document.activeElement);
    fieldset.remove();
    M.layout.forEach(function (section) {
      section.items = section.items.filter(function (i) { return i !== "custom:" + key; });
    });
    M.saveLayout();
    renumberCustoms();
    if (!quiet) { M.announce(M.L.custom_removed); }
    if (hadFocus) {
      var focus = next ? next.querySelector("textarea") : document.getElementById("new-text");
      if (focus) { focus.focus(); }
    }
    M.schedulePreview(50);
  }

  function wireCustom(fieldset) {
    toggleOptions(fieldset);
    var select = fieldset.querySelector("[data-kind-select]");
    if (select) { select.addEventListener("change", function () { toggleOptions(fieldset); }); }
    var remove = fieldset.querySelector("[data-remove]");
    if (remove) {
      remove.addEventListener("click", function (event) { event.preventDefault(); removeCustom(fieldset, false); });
    }
  }

  M.clearCustoms = function () {
    document.querySelectorAll("#custom-list fieldset.custom").forEach(function (fieldset) { fieldset.remove(); });
  };

  /* -- the year in the title ------------------------------------------------ */
  /* The title says the year as a plain number; when the year changes, so does the title. */
  function wireYear() {
    var year = document.getElementById("f-year");
    var title = document.getElementById("f-title");
    if (!year || !title) { return; }
    var before = year.value;
    year.addEventListener("input", function () {
      var now = year.value.trim();
      if (/^\d{4}$/.test(before) && /^\d{4}$/.test(now) && now !== before) {
        var pattern = new RegExp("(^|\\D)" + before + "(?!\\d)", "g");
        if (pattern.test(title.value)) {
          title.value = title.value.replace(pattern, function (all, lead) { return lead + now; });
        }
      }
      if (/^\d{4}$/.test(now)) { before = now; }
    });
  }

  /* -- toolbars ---------------------------------------------------------------- */
  /* A group of small buttons is one stop for Tab; arrow left and right go between them
     (the ARIA toolbar pattern), so that a long list does not cost three Tabs a row. */
  M.toolbar = function (bar) {
    function buttons() {
      return Array.prototype.filter.call(bar.querySelectorAll("button"), function (b) { return !b.disabled && !b.hidden; });
    }
    function roving(active) {
      var all = buttons();
      if (!all.length) { return; }
      if (all.indexOf(active) === -1) { active = all[0]; }
      all.forEach(function (b) { b.tabIndex = b === active ? 0 : -1; });
    }
    bar.setAttribute("role", "toolbar");
    bar.addEventListener("focusin", function (event) { roving(event.target); });
    bar.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight" && event.key !== "Home" && event.key !== "End") { return; }
      var all = buttons();
      var at = all.indexOf(document.activeElement);
      if (at === -1) { return; }
      event.preventDefault();
      var to = event.key === "Home" ? 0 : event.key === "End" ? all.length - 1
        : (at + (event.key === "ArrowRight" ? 1 : -1) + all.length) % all.length;
      all[to].focus();
    });
    roving(bar.querySelector("button[tabindex='0']"));
    return roving;
  };

  /* -- uploads --------------------------------------------------------------- */
  /* A file over the limit is answered before it is sent, at its field. */
  function wireUploads() {
    document.querySelectorAll("button[data-upload]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        var input = document.getElementById(button.dataset.upload);
        var limit = Number(input && input.dataset.maxBytes);
        var file = input && input.files && input.files[0];
        if (file && limit && file.size > limit) {
          event.preventDefault();
          var field = input.name;
          var slot = document.getElementById("err-" + field);
          if (slot) { slot.textContent = ""; }
          var message = M.fill(M.L.file_too_large, { mb: Math.round(limit / 1000000) });
          M.showError(field, message);
          M.announce(message);
          input.focus();
        }
      });
    });
  }

  /* -- wiring ----------------------------------------------------------------- */
  function init() {
    var labels = document.getElementById("ui-labels");
    M.builder = document.getElementById("builder");
    if (!labels || !M.builder) { return; }
    M.L = JSON.parse(labels.textContent);
    M.previewContent = document.getElementById("preview-content");
    M.previewPanel = document.getElementById("preview");

    document.querySelectorAll("[data-js-only]").forEach(function (node) { node.hidden = false; });
    document.querySelectorAll("[data-no-js]").forEach(function (node) { node.hidden = true; });

    var fragment = document.getElementById("preview-fragment");
    lastCount = fragment ? fragment.dataset.count : null;
    try { M.items = JSON.parse((fragment && fragment.dataset.items) || "{}"); } catch (e) { M.items = {}; }

    if (M.sections) { M.sections.init(); }
    if (M.search) { M.search.init(); }
    decoratePreview();

    document.querySelectorAll("#custom-list fieldset.custom, #custom-new").forEach(wireCustom);
    document.getElementById("add-custom").addEventListener("click", addCustom);
    wireYear();
    wireUploads();

    M.builder.addEventListener("change", function (event) {
      var target = event.target;
      if (NOT_STATE.test(target.name || "") || target.id === "f-preset" || target.closest("#section-list")) { return; }
      if (target.name === "q") {
        M.updateCount(target.closest("details"));
        if (target.checked) { lastTicked = target.value; }
        M.pendingAction = "tick";
      }
      M.schedulePreview(target.type === "checkbox" || target.tagName === "SELECT" ? 60 : 300);
    });
    M.builder.addEventListener("input", function (event) {
      var target = event.target;
      if (NOT_STATE.test(target.name || "") || target.closest("#section-list")) { return; }
      if (target.tagName === "TEXTAREA" || target.type === "text") { M.pendingAction = "text"; M.schedulePreview(450); }
    });
    M.builder.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      // Enter in a field presses the hidden default button: with the script, that is a preview.
      if (!submitter || submitter.classList.contains("default-submit")) {
        event.preventDefault();
        M.sendPreview();
        return;
      }
      if (submitter.id === "search-button") { event.preventDefault(); if (M.search) { M.search.run(); } return; }
      if (submitter.id === "search-clear") { event.preventDefault(); if (M.search) { M.search.clear(); } return; }
      if (M.history) { M.history.leaving(submitter); }
    });

    var preset = document.getElementById("f-preset");
    var presetDescription = document.getElementById("preset-desc");
    preset.addEventListener("change", function () {
      var option = preset.options[preset.selectedIndex];
      presetDescription.textContent = option && option.dataset.description ? option.dataset.description : M.L.preset_hint;
    });

    if (M.history) { M.history.init(); }
    var history = document.querySelector(".toolbar");
    if (history) { M.refreshToolbar = M.toolbar(history); }

    var focus = document.getElementById("error-summary") || document.getElementById("confirm") || document.getElementById("answers");
    if (focus) { focus.focus(); }
    else if (document.getElementById("notice")) { document.getElementById("notice").focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})(window.MUS = window.MUS || {});
