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
     does not write out its address. */
(function () {
  "use strict";

  function cellKey(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return "";
    if (type === "number" || type === "cadence") {
      var raw = cell.getAttribute("data-value");
      return raw === null || raw === "" ? null : parseFloat(raw);
    }
    return cell.textContent.trim().toLowerCase();
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
        count.textContent = shown === rows.length
          ? "Showing all " + rows.length + " measures."
          : "Showing " + shown + " of " + rows.length + " measures.";
      }
    }
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.hidden = false;
    apply();
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
      if (id) article.setAttribute("data-spm-picked", id); else article.removeAttribute("data-spm-picked");
      var search = id ? "?level=" + encodeURIComponent(id) : "";
      link.hidden = !id;
      link.setAttribute("href", search || "?");
      if (remember) {  // the address bar holds the picked level, so the page can be shared or bookmarked
        var hash = window.location.hash.indexOf(LEVEL_HASH) === 0 ? "" : window.location.hash;
        window.history.replaceState(window.history.state, "", window.location.pathname + search + hash);
      }
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
    var now = new Date();
    var month = now.toLocaleDateString(document.documentElement.lang || undefined, { month: "long" });
    var when = now.getDate() + " " + month + " " + now.getFullYear();
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
