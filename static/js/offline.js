/* Registers the service worker (its address is in this script's data-worker attribute), which
   keeps the shell and shows the offline page when the connection is down. Signing out (the form
   marked data-sign-out) removes what apply-offline.js kept on the device: on a shared phone the
   next person finds no one else's drafts or waiting submissions. */
(function () {
  "use strict";
  var script = document.currentScript;
  document.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute("data-sign-out")) { return; }
    try {
      Object.keys(localStorage).forEach(function (key) {
        if (key.indexOf("balai:draft:") === 0) { localStorage.removeItem(key); }
      });
    } catch (error) { /* storage disabled: nothing was kept */ }
    if (window.indexedDB) { indexedDB.deleteDatabase("balai-offline"); }
  });
  if (!("serviceWorker" in navigator) || !script) {
    return;
  }
  var worker = script.getAttribute("data-worker");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker, {scope: "/"}).catch(function () {});
  });
})();
