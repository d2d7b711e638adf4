/* spm-site's small reader enhancements, offline and without dependencies:
   - the measures catalogue sorts (click a column heading) and filters (function, kind, objective,
     words; key indicators and health when some measure states them). Progressive enhancement:
     without this script the table is complete, every link works, and the filter form stays
     hidden. Rows carry data-function, data-kind, data-objectives, data-text and, where stated,
     data-key and data-health for the filters;
   - Material's search dialog gets a name, as screen readers and axe (aria-dialog-name) expect;
   - a table wider than the screen gets `data-spm-overflows`, which shows "scroll sideways";
   - a role page with levels offers a level picker (site/my_level.py): picking a level, opening the
     page with `?level=<id>`, or following a `#level-<id>` link shows that level's parts
     (`data-spm-level`) only and hides the comparisons of every level (`data-spm-all-levels`), on
     screen and in print. Without this script every level stays on the page and the picker hidden;
   - a printed role page says the day it was printed, and a printed link to the site's own page
     does not write out its address;
   - the catalogue's filters are kept in the page's query, and its Target column sorts by unit, then number;
   - the comparison page shows two roles, or a role at two levels, side by side (assets/compare.json) */
(function () {
  "use strict";
  // This script's own address: the comparison page's data sits next to it, in the theme's assets.
  var SCRIPT = document.currentScript ? document.currentScript.src : window.location.href;

  function cellKey(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return "";
    if (type === "target") return targetKey(cell);
    if (type === "number" || type === "cadence") {
      var raw = cell.getAttribute("data-value");
      return raw === null || raw === "" ? null : parseFloat(raw);
    }
    return cell.textContent.trim().toLowerCase();
  }

  // A target sorts by its unit first, then by its number: 3% and 3x and 4 hours are never one scale.
  // Targets in words come after every number, and a cell without a target last.
  function targetKey(cell) {
    var raw = cell.getAttribute("data-value");
    if (raw !== null && raw !== "") {
      return { group: 0, unit: (cell.getAttribute("data-unit") || "").toLowerCase(), value: parseFloat(raw) };
    }
    var words = cell.getAttribute("data-words");
    return words ? { group: 1, unit: "", value: words.toLowerCase() } : null;
  }

  function compareTargets(a, b, ascending) {
    if (a.group !== b.group) return a.group - b.group;        // numbers, then words, whatever the direction
    if (a.unit !== b.unit) return a.unit < b.unit ? -1 : 1;     // units in one order, whatever the direction
    var order = compare(a.value, b.value);
    return ascending ? order : -order;
  }

  function compare(a, b) {
    if (a === b) return 0;
    if (a === null) return 1;      // empty cells last, whatever the direction
    if (b === null) return -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    var body = table.tBodies[0];
    Array.prototype.forEach.call(headers, function (th, index) {
      var type = th.getAttribute("data-sort");
      if (!type) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "spm-sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      var icon = document.createElement("span");
      icon.className = "spm-sort__icon";
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var k1 = cellKey(r1, index, type), k2 = cellKey(r2, index, type);
          if (k1 === null || k2 === null) return compare(k1, k2);
          if (type === "target") return compareTargets(k1, k2, ascending);
          return ascending ? compare(k1, k2) : compare(k2, k1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeFilterable(form, table) {
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var count = form.querySelector(".spm-filters__count");
    function apply() {
      var query = (form.elements.q.value || "").trim().toLowerCase();
      var fn = form.elements["function"].value;
      var kind = form.elements.kind.value;
      var objective = form.elements.objective.value;
      // Shown only when some measure is a key indicator or states its health.
      var key = form.elements.key ? form.elements.key.value : "";
      var health = form.elements.health ? form.elements.health.value : "";
      var shown = 0;
      rows.forEach(function (row) {
        var d = row.dataset;
        var ok = (!fn || d.function === fn) && (!kind || d.kind === kind) &&
          (!key || d.key === key) && (!health || d.health === health) &&
          (!objective || (" " + d.objectives + " ").indexOf(" " + objective + " ") >= 0) &&
          (!query || query.split(/\s+/).every(function (word) { return d.text.indexOf(word) >= 0; }));
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) {
        var words = wordsOf(form);
        count.textContent = shown === rows.length
          ? say(words, "all", "Showing all {n} measures.", { n: rows.length })
          : say(words, "some", "Showing {shown} of {n} measures.", { shown: shown, n: rows.length });
      }
    }
    function applyAndRemember() {
      apply();
      remember(form);
    }
    form.addEventListener("input", applyAndRemember);
    form.addEventListener("change", applyAndRemember);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(applyAndRemember, 0); });
    restore(form);
    form.hidden = false;
    apply();
  }

  // The filters live in the page's query (?function=sales&kind=outcome&q=win), so a filtered view
  // is a link to share; opening it sets the same filters. Unknown names and values are ignored.
  function restore(form) {
    var params = new URLSearchParams(window.location.search);
    params.forEach(function (value, name) {
      var field = form.elements[name];
      if (!field || !field.name) return;
      if (field.tagName === "SELECT") {
        var known = Array.prototype.some.call(field.options, function (o) { return o.value === value; });
        if (known) field.value = value;
      } else {
        field.value = value;
      }
    });
  }

  function remember(form) {
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "reset" || field.type === "button") return;
      var value = (field.value || "").trim();
      if (value) params.set(field.name, value); else params.delete(field.name);
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  // The comparison page: two roles, or one role at two levels, side by side, from the build's
  // assets/compare.json (every string in it is HTML-escaped author text). The choice is kept in the
  // query (?a=role&al=level&b=role&bl=level), so a comparison is a link to share.
  function makeComparison(form) {
    var result = document.getElementById("spm-compare-result");
    var request = new XMLHttpRequest();
    request.open("GET", new URL(form.getAttribute("data-spm-compare"), SCRIPT).href);
    request.responseType = "json";
    request.onload = function () {
      if (request.status !== 200 && request.status !== 0) return;
      var data = request.response;
      if (!data || !data.roles) return;
      var roles = {};
      data.roles.forEach(function (r) { roles[r.id] = r; });
      ["a", "b"].forEach(function (side) { listRoles(form.elements[side], data.roles); });
      var params = new URLSearchParams(window.location.search);
      ["a", "b"].forEach(function (side) {
        var wanted = params.get(side);
        if (wanted && roles[wanted]) form.elements[side].value = wanted;
        fillLevels(form.elements[side + "l"], roles[form.elements[side].value], params.get(side + "l"));
      });
      form.addEventListener("change", function (event) {
        var name = event.target.name;
        if (name === "a" || name === "b") fillLevels(form.elements[name + "l"], roles[event.target.value], "");
        remember(form);
        show(form, roles, data.measures, result);
      });
      form.hidden = false;
      var note = document.querySelector(".spm-compare__static");
      if (note) note.hidden = true;
      show(form, roles, data.measures, result);
    };
    request.send();
  }

  // A large organisation's page lists no role in its HTML (site/subpages.py compare_options): the
  // roles come from the data, already in name order, their names HTML-escaped like the levels'.
  function listRoles(select, roles) {
    if (select.options.length > 1) return;
    roles.forEach(function (r) {
      var option = document.createElement("option");
      option.value = r.id;
      option.innerHTML = r.name;
      select.appendChild(option);
    });
  }

  function fillLevels(select, role, wanted) {
    while (select.options.length > 1) select.remove(1);
    (role ? role.levels : []).forEach(function (level) {
      var option = document.createElement("option");
      option.value = level.id;
      option.innerHTML = level.name + (level.title ? ": " + level.title : "");
      select.appendChild(option);
    });
    select.value = role && role.levels.some(function (l) { return l.id === wanted; }) ? wanted : "";
    select.disabled = !role || !role.levels.length;
  }

  // The words a form's script says, in the handbook's language (data-spm-words, from the catalogue;
  // site/labels.py); the English ones here are the catalogue's English, used when the page gives none.
  function wordsOf(el) {
    try { return JSON.parse((el && el.getAttribute("data-spm-words")) || "{}"); } catch (e) { return {}; }
  }

  function say(words, key, english, values) {
    var text = words[key] || english;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }

  function textElement(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text;
    return node;
  }

  function element(tag, html, className) {
    var node = document.createElement(tag);
    if (html !== undefined) node.innerHTML = html;  // escaped at build time
    if (className) node.className = className;
    return node;
  }

  function show(form, roles, measures, result) {
    var sides = ["a", "b"].map(function (side) {
      var role = roles[form.elements[side].value];
      if (!role) return null;
      var lid = form.elements[side + "l"].value;
      var level = null;
      role.levels.forEach(function (l) { if (l.id === lid) level = l; });
      return { role: role, level: level };
    });
    var words = wordsOf(form);
    result.innerHTML = "";
    if (!sides[0] || !sides[1]) {
      result.appendChild(textElement("p", say(words, "choose", "Choose a role on each side to compare them.")));
      return;
    }
    var table = element("table", undefined, "spm-compare__table");
    var head = table.createTHead().insertRow();
    head.appendChild(element("th", "")).setAttribute("scope", "col");
    sides.forEach(function (s) {
      var th = element("th");
      th.setAttribute("scope", "col");
      var link = element("a", s.role.name);
      link.href = s.role.url + (s.level ? "#level-" + s.level.id : "");
      th.appendChild(link);
      th.appendChild(document.createTextNode(s.level ? " (" : say(words, "everyLevel", " (every level)")));
      if (s.level) th.appendChild(element("span", s.level.name + ")"));
      head.appendChild(th);
    });
    var body = table.createTBody();
    function row(label, cells, className) {
      var tr = body.insertRow();
      if (className) tr.className = className;
      var th = textElement("th", label);
      th.setAttribute("scope", "row");
      tr.appendChild(th);
      cells.forEach(function (cell) { tr.appendChild(cell); });
    }
    row(say(words, "function", "Function"), sides.map(function (s) { return element("td", s.role.function || "—"); }));
    row(say(words, "purpose", "Purpose"), sides.map(function (s) { return element("td", s.role.purpose); }));
    row(say(words, "expectations", "Expectations"), sides.map(function (s) {
      var td = element("td");
      var levels = s.level ? [s.level] : [];
      if (!levels.length) { td.textContent = say(words, "chooseLevel", "Choose a level to see its expectations."); return td; }
      var list = element("ul");
      levels[0].expectations.forEach(function (e) { list.appendChild(element("li", e)); });
      if (!levels[0].expectations.length) td.textContent = say(words, "noneListed", "None listed at this level.");
      else td.appendChild(list);
      return td;
    }));
    var ids = [];
    sides.forEach(function (s) { s.role.measures.forEach(function (m) { if (ids.indexOf(m) < 0) ids.push(m); }); });
    ids.forEach(function (m) {
      var label = element("a", measures[m] ? measures[m].name : m);
      if (measures[m]) label.href = measures[m].url;
      var cells = sides.map(function (s) {
        var targets = s.level ? s.level.targets : s.role.targets;
        if (targets.hasOwnProperty(m)) return element("td", targets[m]);
        return textElement("td", say(words, "notHeld", "Not held to it"));
      });
      var same = cells[0].innerHTML === cells[1].innerHTML;
      row("", cells, same ? "spm-compare__same" : "spm-compare__differs");
      body.rows[body.rows.length - 1].cells[0].appendChild(label);
    });
    result.appendChild(table);
  }

  function nameSearchDialog() {
    var dialog = document.querySelector(".md-search[role=dialog]:not([aria-label]):not([aria-labelledby])");
    var input = document.querySelector(".md-search__input");
    if (dialog) dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
  }

  // Each table of the page (labelled by the build: data-spm-label, data-spm-hint) scrolls in one
  // box, Material's wrapper: a named region the keyboard can focus, with a hint under it while the
  // table is wider than the box. A resize or a turn of the phone may change that.
  function scrollBoxes() {
    var tables = document.querySelectorAll("article table[data-spm-label]");
    Array.prototype.forEach.call(tables, function (table) {
      var box = table.closest(".md-typeset__scrollwrap") || table.parentElement;
      if (!box.classList.contains("spm-scroll")) {
        box.classList.add("spm-scroll");
        box.setAttribute("role", "region");
        box.setAttribute("tabindex", "0");
        box.setAttribute("aria-label", table.getAttribute("data-spm-label"));
        var hint = document.createElement("p");
        hint.className = "spm-scroll__hint";
        hint.setAttribute("aria-hidden", "true");
        hint.textContent = table.getAttribute("data-spm-hint");
        box.parentNode.insertBefore(hint, box.nextSibling);
      }
      if (box.scrollWidth > box.clientWidth + 1) box.setAttribute("data-spm-overflows", "");
      else box.removeAttribute("data-spm-overflows");
    });
  }

  var LEVEL_HASH = "#level-";
  var pickLevel = null;  // the current page's picker, for links to `#level-<id>` on it

  function levelPicker(form) {
    var article = form.closest(".md-content__inner") || document.body;
    var select = form.elements.level;
    var link = form.querySelector(".spm-level-picker__link");
    var known = Array.prototype.map.call(select.options, function (o) { return o.value; })
      .filter(function (v) { return v; });

    function show(id, remember) {
      if (known.indexOf(id) < 0) id = "";
      select.value = id;
      var parts = article.querySelectorAll("[data-spm-level], [data-spm-all-levels]");
      Array.prototype.forEach.call(parts, function (el) {
        el.hidden = id !== "" && (el.hasAttribute("data-spm-all-levels") || el.getAttribute("data-spm-level") !== id);
      });
      levelColumns(id);
      if (id) article.setAttribute("data-spm-picked", id); else article.removeAttribute("data-spm-picked");
      var search = id ? "?level=" + encodeURIComponent(id) : "";
      link.hidden = !id;
      link.setAttribute("href", search || "?");
      if (remember) {  // the address bar holds the picked level, so the page can be shared or bookmarked
        var hash = window.location.hash.indexOf(LEVEL_HASH) === 0 ? "" : window.location.hash;
        window.history.replaceState(window.history.state, "", window.location.pathname + search + hash);
      }
    }

    // A table with a column per level (the role's measures: `<span class="spm-level-col"
    // data-level>` in its header) keeps only the picked level's column, so the target shown is
    // the reader's own and print carries that one.
    function levelColumns(id) {
      var heads = article.querySelectorAll("th .spm-level-col");
      Array.prototype.forEach.call(heads, function (span) {
        var th = span.closest("th");
        var index = Array.prototype.indexOf.call(th.parentNode.children, th);
        var off = id !== "" && span.getAttribute("data-level") !== id;
        Array.prototype.forEach.call(th.closest("table").rows, function (row) {
          if (row.cells[index]) row.cells[index].hidden = off;
        });
      });
    }

    function fromHash() {
      var hash = window.location.hash;
      if (hash.indexOf(LEVEL_HASH) !== 0) return false;
      var id = decodeURIComponent(hash.slice(LEVEL_HASH.length));
      if (known.indexOf(id) < 0) return false;
      show(id, false);
      var heading = document.getElementById("level-" + id);
      if (heading) heading.scrollIntoView();
      return true;
    }

    select.addEventListener("change", function () { show(select.value, true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    pickLevel = fromHash;
    if (!fromHash()) show(new URLSearchParams(window.location.search).get("level") || "", false);
  }

  // Paper writes out the address of a link to another site (spm.css); instant navigation makes every
  // link absolute, so the site's own links are marked here to stay plain text on paper.
  function markOwnLinks() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-content a[href]"), function (a) {
      if (a.origin === window.location.origin) a.setAttribute("data-spm-own", "");
    });
  }

  function printDate() {
    // "1 December 2026", as the site writes its own dates, with the month in the page's language.
    // In another language, the date as that language writes it ("1. Dezember 2026").
    var now = new Date();
    var lang = document.documentElement.lang || undefined;
    var month = now.toLocaleDateString(lang, { month: "long" });
    var when = !lang || /^en\b/.test(lang) ? now.getDate() + " " + month + " " + now.getFullYear()
      : now.toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric" });
    Array.prototype.forEach.call(document.querySelectorAll(".spm-print-date"), function (el) {
      el.textContent = when;
    });
  }

  function init() {
    nameSearchDialog();
    window.setTimeout(scrollBoxes, 0);  // after Material's own script has wrapped the tables
    printDate();
    markOwnLinks();
    pickLevel = null;
    var picker = document.querySelector("form.spm-level-picker");
    if (picker && !picker.hasAttribute("data-spm-ready")) {
      picker.setAttribute("data-spm-ready", "");
      levelPicker(picker);
    }
    var forms = document.querySelectorAll("form[data-spm-filters]");
    Array.prototype.forEach.call(forms, function (form) {
      var table = document.getElementById(form.getAttribute("data-spm-filters"));
      if (!table || table.hasAttribute("data-spm-ready")) return;
      table.setAttribute("data-spm-ready", "");
      makeSortable(table);
      makeFilterable(form, table);
    });
    var comparison = document.querySelector("form[data-spm-compare]");
    if (comparison && !comparison.hasAttribute("data-spm-ready")) {
      comparison.setAttribute("data-spm-ready", "");
      makeComparison(comparison);
    }
  }

  window.addEventListener("resize", scrollBoxes);
  window.addEventListener("hashchange", function () { if (pickLevel) pickLevel(); });
  // Instant navigation follows a link to `#level-<id>` on the same page without a hashchange event.
  if (window.location$ && typeof window.location$.subscribe === "function") {
    window.location$.subscribe(function () { if (pickLevel) pickLevel(); });
  }
  window.addEventListener("beforeprint", function () { printDate(); markOwnLinks(); });

  // Material's instant navigation swaps pages without reloading: re-run on each new page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
