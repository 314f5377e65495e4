/* Registers the service worker (its address is in this script's data-worker attribute), which
   keeps the shell and shows the offline page when the connection is down. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script) {
    return;
  }
  var worker = script.getAttribute("data-worker");
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(worker, {scope: "/"}).catch(function () {});
  });
})();
