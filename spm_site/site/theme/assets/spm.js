/* spm-site's small reader enhancements, offline and without dependencies:
   - the measures catalogue sorts (click a column heading) and filters (function, kind, objective,
     words; key indicators and health when some measure states them). Progressive enhancement:
     without this script the table is complete, every link works, and the filter form stays
     hidden. Rows carry data-function, data-kind, data-objectives, data-text and, where stated,
     data-key and data-health for the filters;
   - Material's search dialog gets a name, as screen readers and axe (aria-dialog-name) expect;
   - a table wider than the screen gets `data-spm-overflows`, which shows "scroll sideways". */
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

  function init() {
    nameSearchDialog();
    window.setTimeout(scrollBoxes, 0);  // after Material's own script has wrapped the tables
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

  // Material's instant navigation swaps pages without reloading: re-run on each new page.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
