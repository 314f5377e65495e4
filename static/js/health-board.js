/* The queue board without waiting for the page to reload: every few seconds the board's JSON
   is read and the numbers replaced. Without JavaScript the page reloads itself (noscript
   meta refresh). */
(function () {
  "use strict";
  var board = document.querySelector("[data-board-url]");
  if (!board || !window.fetch) { return; }
  var url = board.getAttribute("data-board-url");
  var updated = document.querySelector("[data-board-updated]");

  function render(data) {
    data.polyclinics.forEach(function (poli) {
      var section = board.querySelector('[data-poli="' + poli.code + '"]');
      if (!section) { return; }
      var called = section.querySelector("[data-called]");
      var text = poli.called || "\u2013";
      if (called.textContent !== text) { called.textContent = text; }
      section.querySelector("[data-waiting-count]").textContent = String(poli.waiting_count);
      var list = section.querySelector("[data-waiting]");
      while (list.firstChild) { list.removeChild(list.firstChild); }
      poli.waiting.forEach(function (ticket) {
        var item = document.createElement("li");
        item.textContent = ticket;
        list.appendChild(item);
      });
    });
    if (updated) { updated.textContent = data.updated; }
  }

  function poll() {
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 5000);
}());
