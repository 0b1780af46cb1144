/* The web MUS-automat's script. The page works without it (tick, submit, download);
   this adds search as you type, a live preview, adding and removing own questions
   in place, and the sections panel. No libraries, no build step, no inline code
   (the Content-Security-Policy allows only this file). User text is only ever put
   in the page with textContent or form values, never as HTML; the preview's HTML
   comes escaped from the server's templates. */
"use strict";

document.documentElement.classList.add("js");

(function () {
  var CHOICE_KINDS = ["choice", "multi_choice", "competence_wheel"];
  var FIELD_INPUTS = {
    title: "f-title", organisation: "f-organisation", language: "f-language",
    theme: "f-theme", intro: "f-intro", spec_file: "f-spec-file", preset: "f-preset"
  };
  // Errors a preview can neither make nor clear: they come from loading a file or a preset.
  var KEEP_ERRORS = ["spec_file", "preset"];

  var L = {};
  var builder, layoutField, previewContent, previewPanel, sectionList;
  var layout = [];
  var timer = null;
  var requestSeq = 0;
  var editVersion = 0;
  var lastCount = null;
  var lastTicked = null;

  /* Fold text for matching exactly as musforms.bank.search.fold does on the server:
     casefold, æ/ø/å spelled out, accents stripped, then aa->a, ae->a, oe->o. */
  function fold(text) {
    var s = text.toLowerCase().replace(/ß/g, "ss")
      .replace(/æ/g, "ae").replace(/ø/g, "oe").replace(/å/g, "aa");
    s = s.normalize("NFKD").replace(/\p{M}/gu, "");
    return s.replace(/aa/g, "a").replace(/ae/g, "a").replace(/oe/g, "o");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      var value = attrs[name];
      if (value === false || value === null || value === undefined) { return; }
      if (name === "value") { node.value = value; } else { node.setAttribute(name, value === true ? "" : value); }
    });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function announce(id, message) {
    var region = document.getElementById(id);
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 30);
  }

  /* -- search ------------------------------------------------------------ */
  function setupSearch() {
    var box = document.getElementById("search-box");
    var input = document.getElementById("f-search");
    var status = document.getElementById("search-status");
    if (!box || !input) { return; }
    box.hidden = false;
    var categories = Array.prototype.slice.call(document.querySelectorAll("#bank-list details.category"));
    var searchTimer = null;
    function run() {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      if (!words.length) {
        categories.forEach(function (details) {
          details.hidden = false;
          details.querySelectorAll(".question").forEach(function (li) { li.hidden = false; });
          if (details.dataset.openBefore !== undefined) {
            details.open = details.dataset.openBefore === "1";
            delete details.dataset.openBefore;
          }
        });
        status.textContent = "";
        return;
      }
      var total = 0;
      categories.forEach(function (details) {
        if (details.dataset.openBefore === undefined) { details.dataset.openBefore = details.open ? "1" : "0"; }
        var found = 0;
        details.querySelectorAll(".question").forEach(function (li) {
          var key = li.dataset.search || "";
          var ok = words.every(function (word) { return key.indexOf(word) !== -1; });
          li.hidden = !ok;
          if (ok) { found += 1; }
        });
        details.hidden = found === 0;
        details.open = found > 0;
        total += found;
      });
      status.textContent = total ? fill(L.search_count, { n: total }) : L.search_none;
    }
    input.addEventListener("input", function () {
      window.clearTimeout(searchTimer);
      searchTimer = window.setTimeout(run, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); run(); }
      if (event.key === "Escape" && input.value) { input.value = ""; run(); }
    });
  }

  /* -- ticks ------------------------------------------------------------- */
  function updateCount(details) {
    if (!details) { return; }
    var count = details.querySelector(".cat-count");
    var ticked = details.querySelectorAll('input[name="q"]:checked').length;
    count.textContent = fill(L.ticked_count, { n: ticked, m: count.dataset.total });
    count.classList.toggle("has-ticks", ticked > 0);
  }

  /* -- preview ----------------------------------------------------------- */
  function schedulePreview(delay) {
    editVersion += 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(sendPreview, delay);
  }

  function formBody() {
    var data = new FormData(builder);
    var body = new URLSearchParams();
    data.forEach(function (value, name) {
      // The file and the question being written are not part of the form yet.
      if (typeof value !== "string" || /^(spec_file|new_text|new_kind|new_options|remove|format)$/.test(name)) { return; }
      body.append(name, value);
    });
    return body;
  }

  function sendPreview() {
    var seq = ++requestSeq;
    var version = editVersion;
    previewPanel.setAttribute("aria-busy", "true");
    fetch("/preview", {
      method: "POST",
      body: formBody(),
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.text();
    }).then(function (html) {
      // Apply only the answer to the latest state; a newer request is on its way otherwise.
      if (seq === requestSeq && version === editVersion) { applyPreview(html); }
    }).catch(function () {
      if (seq === requestSeq) { announce("preview-status", L.preview_failed); }
    }).then(function () {
      if (seq === requestSeq) { previewPanel.removeAttribute("aria-busy"); }
    });
  }

  function applyPreview(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var fragment = template.content.getElementById("preview-fragment");
    if (!fragment) { return; }
    var scroll = previewContent.scrollTop;
    previewContent.replaceChildren(fragment);
    previewContent.scrollTop = scroll;
    try { setLayout(JSON.parse(fragment.dataset.layout || "[]")); } catch (e) { /* keep ours */ }
    showErrors(fragment);
    var summary = document.getElementById("summary");
    var fresh = fragment.querySelector("#preview-summary");
    if (summary && fresh) { summary.replaceChildren.apply(summary, Array.prototype.slice.call(fresh.cloneNode(true).childNodes)); }
    var count = fragment.dataset.count;
    if (count !== lastCount) { announce("preview-status", fragment.dataset.status); lastCount = count; }
    var summaryBox = document.getElementById("error-summary");
    if (summaryBox) { summaryBox.remove(); }
    revealTicked();
  }

  /* Scroll the preview (when it scrolls by itself, on wide screens) to the question just ticked. */
  function revealTicked() {
    if (!lastTicked || previewContent.scrollHeight <= previewContent.clientHeight + 4) { return; }
    var target = previewContent.querySelector('[data-question-id="' + CSS.escape(lastTicked) + '"]');
    lastTicked = null;
    if (!target) { return; }
    var top = target.offsetTop - 16;
    var bottom = target.offsetTop + target.offsetHeight;
    if (top < previewContent.scrollTop || bottom > previewContent.scrollTop + previewContent.clientHeight) {
      previewContent.scrollTop = top;
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
      if (KEEP_ERRORS.indexOf(field) !== -1) { return; }
      slot.hidden = true;
      slot.textContent = "";
      var input = inputFor(field);
      if (input) { input.removeAttribute("aria-invalid"); }
    });
  }

  function showErrors(fragment) {
    clearErrors();
    fragment.querySelectorAll("li[data-field]").forEach(function (item) {
      var field = item.dataset.field;
      var slot = document.getElementById("err-" + field);
      var message = item.querySelector("[data-message]");
      if (!slot || !message) { return; }
      if (slot.textContent) { slot.append(" "); }
      slot.append(el("span", { "class": "sr-only" }, L.error_prefix + " "), message.textContent);
      slot.hidden = false;
      var input = inputFor(field);
      if (input) { input.setAttribute("aria-invalid", "true"); }
    });
  }

  /* -- sections panel ------------------------------------------------------ */
  function saveLayout() {
    layoutField.value = JSON.stringify(layout.map(function (section) {
      var copy = {};
      Object.keys(section).forEach(function (key) { if (key !== "shown") { copy[key] = section[key]; } });
      return copy;
    }));
  }

  function setLayout(next) {
    var before = layoutField.value;
    layout = Array.isArray(next) ? next : [];
    saveLayout();
    if (layoutField.value !== before || !sectionList.dataset.rendered) { renderSections(); }
    else { refreshPlaceholders(); }
  }

  function formLanguage() {
    var select = document.getElementById("f-language");
    return select && select.value === "en" ? "en" : "da";
  }

  function titleValue(section) {
    var title = section.title;
    if (title && typeof title === "object") { return title[formLanguage()] || title.da || ""; }
    return title || "";
  }

  function titleOf(section) { return titleValue(section) || section.shown || "…"; }

  function itemText(item) {
    if (item.indexOf("custom:") === 0) {
      var text = document.getElementById("cq-text-" + item.slice(7));
      return text && text.value.trim() ? text.value.trim() : "…";
    }
    var label = document.querySelector('label[for="pick-' + CSS.escape(item) + '"] .q-text');
    return label ? label.textContent : item;
  }

  /* The form's language may have changed: automatic titles follow it. */
  function refreshPlaceholders() {
    layout.forEach(function (section) {
      var input = document.getElementById("sec-title-" + section.key);
      if (!input) { return; }
      input.placeholder = section.shown || "";
      if (input.dataset.automatic && document.activeElement !== input) { input.value = section.shown || ""; }
    });
  }

  function smallButton(text, label, id, onClick) {
    var button = el("button", { type: "button", "class": "button-small", id: id, "aria-label": label }, text);
    button.addEventListener("click", onClick);
    return button;
  }

  function renderSections() {
    var active = document.activeElement && sectionList.contains(document.activeElement) ? document.activeElement.id : null;
    sectionList.replaceChildren();
    sectionList.dataset.rendered = "1";
    document.getElementById("sections-none").hidden = layout.length > 0;
    layout.forEach(function (section, index) {
      var title = titleOf(section);
      var item = el("li", { "class": "section-item", "data-key": section.key });
      var head = el("div", { "class": "section-head" });
      var field = el("div", { "class": "field" });
      var inputId = "sec-title-" + section.key;
      field.append(el("label", { "for": inputId }, fill(L.section_label, { n: index + 1 })));
      // An automatic title (the theme's, in the form's language) shows as the value; it
      // becomes the section's own title only when edited.
      var input = el("input", {
        type: "text", id: inputId, value: titleValue(section) || section.shown || "",
        placeholder: section.shown || "", "aria-describedby": "err-sec-" + section.key,
        autocomplete: "off", "data-automatic": titleValue(section) ? null : "1"
      });
      input.addEventListener("input", function () {
        // Look the section up by key: a preview may have replaced the layout's objects.
        var current = sectionByKey(section.key);
        if (!current) { return; }
        current.title = input.value.trim() ? input.value : null;
        input.removeAttribute("data-automatic");
        saveLayout();
        schedulePreview(500);
      });
      field.append(input);
      head.append(field);
      var buttons = el("div", { "class": "section-buttons" });
      var up = smallButton("↑ " + L.move_up, fill(L.move_up_long, { t: title }), "sec-up-" + section.key, function () { moveSection(section.key, -1); });
      var down = smallButton("↓ " + L.move_down, fill(L.move_down_long, { t: title }), "sec-down-" + section.key, function () { moveSection(section.key, 1); });
      up.disabled = index === 0;
      down.disabled = index === layout.length - 1;
      buttons.append(up, down);
      head.append(buttons);
      item.append(head);
      item.append(el("p", { "class": "field-error", id: "err-sec-" + section.key, hidden: true }));
      if (section.items.length) {
        var list = el("ul", { "class": "section-questions" });
        section.items.forEach(function (entry) {
          var text = itemText(entry);
          var row = el("li");
          row.append(el("span", {}, text));
          var select = el("select", { id: "move-" + entry, "aria-label": fill(L.move_to, { t: text }) });
          layout.forEach(function (target, position) {
            select.append(new Option((position + 1) + ". " + titleOf(target), target.key, false, target.key === section.key));
          });
          select.addEventListener("change", function () { moveQuestion(entry, section.key, select.value); });
          row.append(select);
          list.append(row);
        });
        item.append(list);
      } else {
        item.append(el("p", { "class": "section-empty" }, L.section_empty));
        var remove = el("button", { type: "button", "class": "button-quiet", id: "sec-delete-" + section.key }, L.delete_section);
        remove.addEventListener("click", function () { deleteSection(section.key); });
        item.append(remove);
      }
      sectionList.append(item);
    });
    if (active) {
      var again = document.getElementById(active);
      if (again && !again.disabled) { again.focus(); }
    }
  }

  function sectionByKey(key) {
    for (var i = 0; i < layout.length; i += 1) { if (layout[i].key === key) { return layout[i]; } }
    return null;
  }

  function indexOfKey(key) {
    for (var i = 0; i < layout.length; i += 1) { if (layout[i].key === key) { return i; } }
    return -1;
  }

  function moveSection(key, step) {
    var index = indexOfKey(key);
    var to = index + step;
    if (index < 0) { return; }
    if (to < 0 || to >= layout.length) { return; }
    var moved = layout.splice(index, 1)[0];
    layout.splice(to, 0, moved);
    saveLayout();
    renderSections();
    var same = document.getElementById((step < 0 ? "sec-up-" : "sec-down-") + moved.key);
    var other = document.getElementById((step < 0 ? "sec-down-" : "sec-up-") + moved.key);
    (same && !same.disabled ? same : other).focus();
    announce("sections-status", L.section_moved);
    schedulePreview(50);
  }

  function moveQuestion(entry, fromKey, toKey) {
    if (fromKey === toKey) { return; }
    var target = null;
    layout.forEach(function (section) {
      if (section.key === fromKey) { section.items = section.items.filter(function (i) { return i !== entry; }); }
      if (section.key === toKey) { target = section; }
    });
    if (!target) { return; }
    target.items.push(entry);
    saveLayout();
    renderSections();
    var select = document.getElementById("move-" + entry);
    if (select) { select.focus(); }
    announce("sections-status", fill(L.question_moved, { t: titleOf(target) }));
    schedulePreview(50);
  }

  function newKey(prefix, taken) {
    var number = 1;
    while (taken.indexOf(prefix + number) !== -1) { number += 1; }
    return prefix + number;
  }

  function addSection() {
    var key = newKey("s", layout.map(function (s) { return s.key; }));
    layout.push({ key: key, title: L.new_section_title, items: [], shown: L.new_section_title });
    saveLayout();
    renderSections();
    var input = document.getElementById("sec-title-" + key);
    if (input) { input.focus(); input.select(); }
  }

  function deleteSection(key) {
    var index = indexOfKey(key);
    if (index < 0) { return; }
    layout.splice(index, 1);
    saveLayout();
    renderSections();
    var previous = layout[Math.max(0, index - 1)];
    var focus = previous ? document.getElementById("sec-title-" + previous.key) : document.getElementById("add-section");
    if (focus) { focus.focus(); }
    schedulePreview(50);
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
      if (legend) { legend.textContent = fill(L.custom_legend, { n: index + 1 }); }
    });
  }

  function addCustom(event) {
    event.preventDefault();
    var text = document.getElementById("new-text");
    var kind = document.getElementById("new-kind");
    var options = document.getElementById("new-options");
    var error = document.getElementById("err-new-text");
    if (!text.value.trim()) {
      error.textContent = L.custom_empty_new;
      error.hidden = false;
      text.setAttribute("aria-invalid", "true");
      text.focus();
      return;
    }
    error.hidden = true;
    error.textContent = "";
    text.removeAttribute("aria-invalid");
    var taken = Array.prototype.map.call(document.querySelectorAll('#custom-list input[name="cq"]'), function (input) { return input.value; });
    var key = newKey("c", taken);
    var template = document.getElementById("custom-template");
    // The key is made here of a letter and digits: safe to put into the template's markup.
    var holder = document.createElement("template");
    holder.innerHTML = template.innerHTML.split("__KEY__").join(key).split("__N__").join(String(taken.length + 1));
    var fieldset = holder.content.querySelector("fieldset");
    fieldset.querySelector("textarea[name^='cq_text']").value = text.value;
    fieldset.querySelector("select").value = kind.value;
    fieldset.querySelector("textarea[name^='cq_options']").value = options.value;
    document.getElementById("custom-list").append(fieldset);
    wireCustom(fieldset);
    text.value = "";
    options.value = "";
    kind.value = "long_text";
    toggleOptions(document.getElementById("custom-new"));
    renumberCustoms();
    announce("preview-status", L.custom_added);
    text.focus();
    schedulePreview(50);
  }

  function removeCustom(fieldset) {
    var key = fieldset.dataset.key;
    var next = fieldset.nextElementSibling;
    fieldset.remove();
    layout.forEach(function (section) {
      section.items = section.items.filter(function (i) { return i !== "custom:" + key; });
    });
    saveLayout();
    renumberCustoms();
    announce("preview-status", L.custom_removed);
    var focus = next ? next.querySelector("textarea") : document.getElementById("new-text");
    if (focus) { focus.focus(); }
    schedulePreview(50);
  }

  function wireCustom(fieldset) {
    toggleOptions(fieldset);
    var select = fieldset.querySelector("[data-kind-select]");
    if (select) { select.addEventListener("change", function () { toggleOptions(fieldset); }); }
    var remove = fieldset.querySelector("[data-remove]");
    if (remove) {
      remove.addEventListener("click", function (event) { event.preventDefault(); removeCustom(fieldset); });
    }
  }

  /* -- wiring ----------------------------------------------------------------- */
  function init() {
    var labels = document.getElementById("ui-labels");
    builder = document.getElementById("builder");
    if (!labels || !builder) { return; }
    L = JSON.parse(labels.textContent);
    layoutField = document.getElementById("layout");
    previewContent = document.getElementById("preview-content");
    previewPanel = document.getElementById("preview");
    sectionList = document.getElementById("section-list");

    document.querySelectorAll("[data-js-only]").forEach(function (node) { node.hidden = false; });
    document.querySelectorAll("[data-no-js]").forEach(function (node) { node.hidden = true; });

    setupSearch();
    try { layout = JSON.parse(layoutField.value || "[]"); } catch (e) { layout = []; }
    renderSections();
    document.getElementById("add-section").addEventListener("click", addSection);
    var fragment = document.getElementById("preview-fragment");
    lastCount = fragment ? fragment.dataset.count : null;

    document.querySelectorAll("#custom-list fieldset.custom, #custom-new").forEach(wireCustom);
    document.getElementById("add-custom").addEventListener("click", addCustom);

    builder.addEventListener("change", function (event) {
      var target = event.target;
      if (target.id === "f-search" || target.id === "f-spec-file" || target.id === "f-preset" || /^new[-_]/.test(target.id || "") || target.closest("#section-list")) { return; }
      if (target.name === "q") {
        updateCount(target.closest("details"));
        if (target.checked) { lastTicked = target.value; }
      }
      schedulePreview(target.type === "checkbox" || target.tagName === "SELECT" ? 60 : 300);
    });
    builder.addEventListener("input", function (event) {
      var target = event.target;
      if (target.id === "f-search" || /^new[-_]/.test(target.id || "") || target.closest("#section-list")) { return; }
      if (target.tagName === "TEXTAREA" || target.type === "text") { schedulePreview(450); }
    });
    builder.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      // Enter in a field presses the hidden default button: with the script, that is a preview.
      if (!submitter || submitter.classList.contains("default-submit")) {
        event.preventDefault();
        window.clearTimeout(timer);
        sendPreview();
      }
    });

    document.querySelectorAll("[data-switch-lang]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        // Keep what was chosen: send the form to the server in the other language.
        event.preventDefault();
        document.getElementById("switch-lang").value = link.dataset.switchLang;
        HTMLFormElement.prototype.submit.call(builder);
      });
    });

    var preset = document.getElementById("f-preset");
    var presetDescription = document.getElementById("preset-desc");
    preset.addEventListener("change", function () {
      var option = preset.options[preset.selectedIndex];
      presetDescription.textContent = option && option.dataset.description ? option.dataset.description : L.preset_hint;
    });
    document.getElementById("preset-form").addEventListener("submit", function (event) {
      var chosen = builder.querySelectorAll('input[name="q"]:checked, #custom-list fieldset').length;
      if (chosen && !window.confirm(L.preset_confirm)) { event.preventDefault(); }
    });

    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
