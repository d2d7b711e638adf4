/* The home page's role finder: type a title (or a short form such as AE), pick a function.
   Progressive enhancement: without this script the form stays hidden and the list of roles by
   function below it is complete, every link working. The list is the paragraphs of class
   spm-finder__function (one per function, with a class spm-finder__function--<function id>), each
   followed by the list of that function's roles. Every word typed must appear in a role's line
   (its name, abbreviations and synonyms); Enter opens the role when only one is left. */
(function () {
  "use strict";

  function groupsAfter(form) {
    var groups = [];
    var el = form.nextElementSibling;
    while (el && !/^H[1-6]$/.test(el.tagName)) {
      if (el.classList.contains("spm-finder__function")) {
        var match = /spm-finder__function--(\S+)/.exec(el.className);
        var list = el.nextElementSibling;
        if (match && list && list.tagName === "UL") {
          groups.push({ id: match[1], heading: el, items: Array.prototype.slice.call(list.children), list: list });
        }
      }
      el = el.nextElementSibling;
    }
    return groups;
  }

  function setUp(form) {
    if (form.getAttribute("data-spm-ready")) return;
    form.setAttribute("data-spm-ready", "true");
    var groups = groupsAfter(form);
    var query = form.elements.q, picked = form.elements["function"];
    var status = form.querySelector("[role=status]");
    // The words it says, in the handbook's language (data-spm-words, from the catalogue); else English.
    var words = {};
    try { words = JSON.parse(form.getAttribute("data-spm-words") || "{}"); } catch (e) { words = {}; }
    function say(key, english) { return words[key] || english; }

    function visible() {
      var words = query.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = [];
      groups.forEach(function (group) {
        var inGroup = 0;
        var groupOk = !picked.value || picked.value === group.id;
        group.items.forEach(function (item) {
          var text = item.textContent.toLowerCase();
          var ok = groupOk && words.every(function (w) { return text.indexOf(w) !== -1; });
          item.hidden = !ok;
          if (ok) { inGroup += 1; shown.push(item); }
        });
        group.heading.hidden = group.list.hidden = inGroup === 0;
      });
      return shown;
    }

    function update() {
      var shown = visible();
      var filtered = query.value.trim() || picked.value;
      status.textContent = !filtered ? "" : shown.length === 0
        ? say("none", "No role matches: try fewer words, or all functions.")
        : shown.length === 1 ? say("one", "1 role matches: press Enter to open it.")
        : say("many", "{n} roles match.").split("{n}").join(String(shown.length));
    }

    query.addEventListener("input", update);
    picked.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var shown = visible();
      var link = shown.length === 1 ? shown[0].querySelector("a[href]") : null;
      if (link) window.location.href = link.href;
    });
    form.hidden = false;
    update();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-spm-finder]"), setUp);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
