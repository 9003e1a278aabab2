// Keyboard shortcuts for the review queue. Progressive enhancement: every
// action is a plain form button that works without this file; the keys only
// press those buttons. Served from /static/ (the CSP allows no inline script).
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.candidate"));
  var current = cards.length ? 0 : -1;
  function mark() {
    cards.forEach(function (c, j) { c.classList.toggle("selected", j === current); });
  }
  function select(i) {
    if (!cards.length) { return; }
    current = Math.max(0, Math.min(cards.length - 1, i));
    mark();
    cards[current].focus();
    cards[current].scrollIntoView({ block: "nearest" });
  }
  mark();
  cards.forEach(function (c, j) {
    c.addEventListener("focusin", function () { current = j; mark(); });
  });
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e)) { return; }
    var key = e.key;
    if (key === "j") { select(current + 1); e.preventDefault(); return; }
    if (key === "k") { select(current - 1); e.preventDefault(); return; }
    if (key === "?") {
      var help = document.querySelector("details.shortcuts");
      if (help) { help.open = !help.open; }
      e.preventDefault();
      return;
    }
    var scope = cards[current] || document;
    var target = (key === "u" && document.querySelector(".flash [data-shortcut='u']"))
      || scope.querySelector("[data-shortcut='" + key + "']");
    if (!target) {
      var field = document.querySelector("[data-shortcut-focus='" + key + "']");
      if (field) { field.focus(); if (field.select) { field.select(); } e.preventDefault(); }
      return;
    }
    e.preventDefault();
    if (key === "r") {
      // Reject asks for a reason first: the key moves to the field, Enter sends.
      var reason = target.form && target.form.querySelector("input[name=reason]");
      if (reason) { reason.focus(); return; }
    }
    target.click();
  });
})();
