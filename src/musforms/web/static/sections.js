/* The sections panel (step 5): rename sections and move them up and down; open a section
   to move its questions (drag with the mouse, arrow up and down on the move button, or its
   small menu) and to remove them. Every move is announced. The panel edits the layout (the
   hidden field "layout"); the server places new questions (web/_layout.py). */
"use strict";

(function (M) {
  var list, layoutField;
  var expanded = {};
  var dragged = null;

  M.layout = [];

  M.saveLayout = function () {
    layoutField.value = JSON.stringify(M.layout.map(function (section) {
      var copy = {};
      Object.keys(section).forEach(function (key) { if (key !== "shown") { copy[key] = section[key]; } });
      return copy;
    }));
  };

  M.setLayout = function (next) {
    var before = layoutField.value;
    M.layout = Array.isArray(next) ? next : [];
    M.saveLayout();
    if (layoutField.value !== before || !list.dataset.rendered) { render(); }
    else { refreshTitles(); }
  };

  function titleValue(section) {
    var title = section.title;
    if (title && typeof title === "object") { return title[M.formLanguage()] || title.da || ""; }
    return title || "";
  }

  function titleOf(section) { return titleValue(section) || section.shown || "…"; }

  M.itemText = function (item) {
    if (item.indexOf("custom:") === 0) {
      var text = document.getElementById("cq-text-" + item.slice(7));
      return text && text.value.trim() ? text.value.trim() : "…";
    }
    var label = document.querySelector('label[for="pick-' + CSS.escape(item) + '"] .q-text');
    return label ? label.textContent : item;
  };

  /* The form's language may have changed: automatic titles follow it. */
  function refreshTitles() {
    M.layout.forEach(function (section) {
      var input = document.getElementById("sec-title-" + section.key);
      if (!input) { return; }
      input.placeholder = section.shown || "";
      if (input.dataset.automatic && document.activeElement !== input) { input.value = section.shown || ""; }
    });
  }

  function sectionByKey(key) {
    for (var i = 0; i < M.layout.length; i += 1) { if (M.layout[i].key === key) { return M.layout[i]; } }
    return null;
  }

  function indexOfKey(key) {
    for (var i = 0; i < M.layout.length; i += 1) { if (M.layout[i].key === key) { return i; } }
    return -1;
  }

  function where(item) {
    for (var i = 0; i < M.layout.length; i += 1) {
      var at = M.layout[i].items.indexOf(item);
      if (at !== -1) { return { section: i, index: at }; }
    }
    return null;
  }

  function smallButton(text, label, id, onClick) {
    var button = M.el("button", { type: "button", "class": "button-small", id: id, "aria-label": label }, text);
    button.addEventListener("click", onClick);
    return button;
  }

  /* Put focus back on the element with this id after the panel is drawn again. */
  function refocus(id) {
    var again = id && document.getElementById(id);
    if (again && !again.disabled) { again.focus(); return true; }
    return false;
  }

  function render() {
    var active = document.activeElement && list.contains(document.activeElement) ? document.activeElement.id : null;
    list.replaceChildren();
    list.dataset.rendered = "1";
    document.getElementById("sections-none").hidden = M.layout.length > 0;
    M.layout.forEach(function (section, index) { list.append(sectionItem(section, index)); });
    refocus(active);
  }

  function sectionItem(section, index) {
    var title = titleOf(section);
    var item = M.el("li", { "class": "section-item", "data-key": section.key });
    var head = M.el("div", { "class": "section-head" });
    var field = M.el("div", { "class": "field" });
    var inputId = "sec-title-" + section.key;
    field.append(M.el("label", { "for": inputId, "class": "sr-only" }, M.fill(M.L.section_label, { n: index + 1 })));
    head.append(M.el("span", { "class": "section-number", "aria-hidden": "true" }, (index + 1) + "."));
    // An automatic title (the theme's, in the form's language) shows as the value; it
    // becomes the section's own title only when edited.
    var input = M.el("input", {
      type: "text", id: inputId, value: titleValue(section) || section.shown || "",
      placeholder: section.shown || "", "aria-describedby": "section-title-hint err-sec-" + section.key,
      autocomplete: "off", "data-automatic": titleValue(section) ? null : "1", "data-index": index
    });
    input.addEventListener("input", function () {
      // Look the section up by key: a preview may have replaced the layout's objects.
      var current = sectionByKey(section.key);
      if (!current) { return; }
      current.title = input.value.trim() ? input.value : null;
      input.removeAttribute("data-automatic");
      M.saveLayout();
      M.pendingAction = "text";
      M.schedulePreview(500);
    });
    input.addEventListener("keydown", function (event) {
      // Arrow up and down go to the other sections' titles: a short way through the list.
      if ((event.key === "ArrowDown" || event.key === "ArrowUp") && !event.altKey && !event.ctrlKey) {
        var inputs = list.querySelectorAll(".section-head input[type=text]");
        var to = index + (event.key === "ArrowDown" ? 1 : -1);
        if (inputs[to]) { event.preventDefault(); inputs[to].focus(); }
      }
    });
    field.append(input);
    head.append(field);
    var buttons = M.el("div", { "class": "section-buttons" });
    var up = smallButton("↑ " + M.L.move_up, M.fill(M.L.move_up_long, { t: title }), "sec-up-" + section.key, function () { moveSection(section.key, -1); });
    var down = smallButton("↓ " + M.L.move_down, M.fill(M.L.move_down_long, { t: title }), "sec-down-" + section.key, function () { moveSection(section.key, 1); });
    up.disabled = index === 0;
    down.disabled = index === M.layout.length - 1;
    buttons.append(up, down);
    buttons.setAttribute("aria-label", title);
    head.append(buttons);
    item.append(head);
    item.append(M.el("p", { "class": "field-error", id: "err-sec-" + section.key, hidden: true }));
    if (section.items.length) {
      var open = !!expanded[section.key];
      var toggle = M.el("button", {
        type: "button", "class": "section-toggle", id: "sec-toggle-" + section.key,
        "aria-expanded": open ? "true" : "false", "aria-controls": "sec-q-" + section.key,
        // The visible words first (WCAG 2.5.3), then whose questions they are.
        "aria-label": M.fill(M.L.section_questions, { n: section.items.length }) + ": " + title
      }, M.fill(M.L.section_questions, { n: section.items.length }));
      toggle.addEventListener("click", function () {
        expanded[section.key] = !expanded[section.key];
        render();
        refocus("sec-toggle-" + section.key);
      });
      dropTarget(toggle, section.key, null);
      buttons.append(toggle);
      M.toolbar(buttons);
      var rows = M.el("ul", { "class": "section-questions", id: "sec-q-" + section.key });
      rows.hidden = !open;
      section.items.forEach(function (entry, position) { rows.append(questionRow(section, entry, position)); });
      dropTarget(rows, section.key, rows);
      item.append(rows);
    } else {
      item.append(M.el("p", { "class": "section-empty" }, M.L.section_empty));
      var remove = M.el("button", {
        type: "button", "class": "button-small", id: "sec-delete-" + section.key,
        "aria-label": M.fill(M.L.delete_section_long, { t: title })
      }, M.L.delete_section);
      remove.addEventListener("click", function () { deleteSection(section.key); });
      buttons.append(remove);
      M.toolbar(buttons);
      dropTarget(item, section.key, null);
    }
    return item;
  }

  function questionRow(section, entry, position) {
    var text = M.itemText(entry);
    var row = M.el("li", { "class": "section-question", draggable: "true", "data-item": entry });
    var handle = M.el("button", {
      type: "button", "class": "move-handle", id: "mv-" + entry,
      "aria-label": M.fill(M.L.move_question, { t: text }), "aria-describedby": "move-hint",
      "aria-expanded": "false", "aria-controls": "mm-" + entry
    }, "⠿");
    handle.addEventListener("keydown", function (event) {
      if (event.key === "ArrowUp" || event.key === "ArrowDown") {
        event.preventDefault();
        moveItem(entry, event.key === "ArrowUp" ? -1 : 1);
      } else if (event.key === "Escape") {
        closeMenu(row);
      }
    });
    handle.addEventListener("click", function () { toggleMenu(row, section, entry); });
    row.append(handle, M.el("span", { "class": "section-question-text" }, text));
    var remove = M.el("button", {
      type: "button", "class": "button-quiet", id: "rm-" + entry,
      "aria-label": M.fill(M.L.remove_question_long, { t: text })
    }, M.L.remove_question);
    remove.addEventListener("click", function () {
      var next = section.items[position + 1] || section.items[position - 1];
      if (M.removeItem(entry, text)) {
        var at = indexOfKey(section.key);
        var current = M.layout[at];
        if (current) { current.items = current.items.filter(function (i) { return i !== entry; }); }
        M.saveLayout();
        render();
        if (!(next && refocus("rm-" + next))) { refocus("sec-toggle-" + section.key) || refocus("sec-title-" + section.key); }
      }
    });
    row.append(remove);
    row.append(M.el("div", { "class": "move-menu", id: "mm-" + entry, hidden: true }));
    row.addEventListener("dragstart", function (event) {
      dragged = entry;
      row.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", entry);
    });
    row.addEventListener("dragend", function () { dragged = null; row.classList.remove("dragging"); clearDrop(); });
    return row;
  }

  function toggleMenu(row, section, entry) {
    var menu = row.querySelector(".move-menu");
    var handle = row.querySelector(".move-handle");
    if (!menu.hidden) { closeMenu(row); return; }
    menu.replaceChildren();
    var spot = where(entry);
    function add(label, id, action) {
      var button = M.el("button", { type: "button", "class": "button-small", id: id }, label);
      button.addEventListener("click", function () { action(); });
      menu.append(button);
      return button;
    }
    var first = spot.section === 0 && spot.index === 0;
    var last = spot.section === M.layout.length - 1 && spot.index === M.layout[spot.section].items.length - 1;
    if (!first) { add("↑ " + M.L.move_menu_up, "mm-up-" + entry, function () { moveItem(entry, -1); refocus("mm-up-" + entry) || refocus("mv-" + entry); }); }
    if (!last) { add("↓ " + M.L.move_menu_down, "mm-down-" + entry, function () { moveItem(entry, 1); refocus("mm-down-" + entry) || refocus("mv-" + entry); }); }
    M.layout.forEach(function (target) {
      if (target.key === section.key) { return; }
      add(M.fill(M.L.move_menu_to, { s: titleOf(target) }), "mm-to-" + target.key + "-" + entry, function () {
        moveTo(entry, target.key, M.layout[indexOfKey(target.key)].items.length);
        refocus("mv-" + entry);
      });
    });
    menu.hidden = false;
    handle.setAttribute("aria-expanded", "true");
    var firstButton = menu.querySelector("button");
    if (firstButton) { firstButton.focus(); }
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { closeMenu(row); handle.focus(); }
    });
  }

  function closeMenu(row) {
    var menu = row.querySelector(".move-menu");
    if (!menu || menu.hidden) { return; }
    menu.hidden = true;
    row.querySelector(".move-handle").setAttribute("aria-expanded", "false");
  }

  /* Move a question one place up or down; past a section's end it goes into the next one. */
  function moveItem(entry, step) {
    var spot = where(entry);
    if (!spot) { return; }
    var section = M.layout[spot.section];
    var to = spot.index + step;
    if (to >= 0 && to < section.items.length) {
      moveTo(entry, section.key, to);
    } else if (step < 0 && spot.section > 0) {
      var previous = M.layout[spot.section - 1];
      moveTo(entry, previous.key, previous.items.length);
    } else if (step > 0 && spot.section < M.layout.length - 1) {
      moveTo(entry, M.layout[spot.section + 1].key, 0);
    } else {
      return;
    }
    refocus("mv-" + entry);
  }

  /* Put a question at place ``index`` of section ``key`` (``before``: in front of the question
     now at ``index``, as a drop does); say where it went. */
  function moveTo(entry, key, index, before) {
    var spot = where(entry);
    var target = sectionByKey(key);
    if (!spot || !target) { return; }
    var source = M.layout[spot.section];
    source.items.splice(spot.index, 1);
    if (before && source === target && index > spot.index) { index -= 1; }
    index = Math.max(0, Math.min(index, target.items.length));
    target.items.splice(index, 0, entry);
    expanded[key] = true;
    M.saveLayout();
    render();
    M.pendingAction = "move";
    M.announce(M.fill(M.L.question_moved_to, { t: M.itemText(entry), i: index + 1, n: target.items.length, s: titleOf(target) }));
    M.schedulePreview(50);
  }

  /* Drag and drop: a list of questions takes a question between two rows, a section's
     button or an empty section takes it at the end. */
  function dropTarget(node, key, rows) {
    node.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      clearDrop();
      var before = rows ? rowBefore(rows, event.clientY) : null;
      if (before) { before.classList.add("drop-before"); } else { node.classList.add("drop-end"); }
    });
    node.addEventListener("dragleave", function () { node.classList.remove("drop-end"); });
    node.addEventListener("drop", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      event.stopPropagation();
      var entry = dragged;
      var target = sectionByKey(key);
      var before = rows ? rowBefore(rows, event.clientY) : null;
      var index = before ? target.items.indexOf(before.dataset.item) : target.items.length;
      clearDrop();
      dragged = null;
      if (index === -1) { index = target.items.length; }
      moveTo(entry, key, index, true);
    });
  }

  function rowBefore(rows, y) {
    var found = null;
    Array.prototype.some.call(rows.children, function (row) {
      var box = row.getBoundingClientRect();
      if (y < box.top + box.height / 2 && row.dataset.item !== dragged) { found = row; return true; }
      return false;
    });
    return found;
  }

  function clearDrop() {
    list.querySelectorAll(".drop-before, .drop-end").forEach(function (node) {
      node.classList.remove("drop-before", "drop-end");
    });
  }

  function moveSection(key, step) {
    var index = indexOfKey(key);
    var to = index + step;
    if (index < 0 || to < 0 || to >= M.layout.length) { return; }
    var moved = M.layout.splice(index, 1)[0];
    M.layout.splice(to, 0, moved);
    M.saveLayout();
    render();
    var same = document.getElementById((step < 0 ? "sec-up-" : "sec-down-") + moved.key);
    var other = document.getElementById((step < 0 ? "sec-down-" : "sec-up-") + moved.key);
    (same && !same.disabled ? same : other).focus();
    M.pendingAction = "move";
    M.announce(M.L.section_moved);
    M.schedulePreview(50);
  }

  function addSection() {
    var key = M.newKey("s", M.layout.map(function (s) { return s.key; }));
    M.layout.push({ key: key, title: M.L.new_section_title, items: [], shown: M.L.new_section_title });
    M.saveLayout();
    render();
    var input = document.getElementById("sec-title-" + key);
    if (input) { input.focus(); input.select(); }
    M.pendingAction = "section";
    M.schedulePreview(50);
  }

  function deleteSection(key) {
    var index = indexOfKey(key);
    if (index < 0) { return; }
    M.layout.splice(index, 1);
    M.saveLayout();
    render();
    var previous = M.layout[Math.max(0, index - 1)];
    var focus = previous ? document.getElementById("sec-title-" + previous.key) : document.getElementById("add-section");
    if (focus) { focus.focus(); }
    M.pendingAction = "section";
    M.schedulePreview(50);
  }

  M.sections = {
    init: function () {
      list = document.getElementById("section-list");
      layoutField = document.getElementById("layout");
      try { M.layout = JSON.parse(layoutField.value || "[]"); } catch (e) { M.layout = []; }
      render();
      document.getElementById("add-section").addEventListener("click", addSection);
    },
    render: function () { render(); }
  };
})(window.MUS = window.MUS || {});
