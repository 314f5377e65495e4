/* Application forms over a connection that drops (forms marked data-offline).

   - data-draft="KEY": what the applicant types is kept in localStorage and put back into empty
     fields when the form is opened again; data-draft-saved="KEY" (the next steps) drops it
     once the server holds it.
   - Submitting while the device is offline keeps the submission, files included, in
     IndexedDB. When the connection returns (the online event, or retries with backoff), the
     form is filled from it and sent as the ordinary form POST. The step that creates the
     application carries the server's idempotency key, so a submission sent twice still makes
     one application.
   With JavaScript off the forms post as usual. */
(function () {
  "use strict";
  var DRAFTS = "balai:draft:";
  var DRAFT_DAYS = 7;
  var DB = "balai-offline";
  var STORE = "outbox";

  function db(mode, work) {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open(DB, 1);
      opening.onupgradeneeded = function () { opening.result.createObjectStore(STORE); };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        var base = opening.result;
        var tx = base.transaction(STORE, mode);
        var result;
        work(tx.objectStore(STORE), function (value) { result = value; });
        tx.oncomplete = function () { base.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { base.close(); reject(tx.error); };
      };
    });
  }

  function read(key, remove) {
    return db(remove ? "readwrite" : "readonly", function (store, done) {
      var request = store.get(key);
      request.onsuccess = function () {
        done(request.result);
        // Taken in the same transaction: of two tabs, only one gets the submission.
        if (remove && request.result) { store.delete(key); }
      };
    });
  }

  function typed(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      var skip = /^(file|password|hidden|submit|button|reset)$/;
      if (!el.name || el.name === "csrfmiddlewaretoken" || skip.test(el.type)) { return; }
      if (/^(checkbox|radio)$/.test(el.type) && !el.checked) { return; }
      fields.push([el.name, el.value]);
    });
    return fields;
  }

  function storage(action, key, value) {
    try {
      if (action === "set") { localStorage.setItem(DRAFTS + key, value); }
      if (action === "remove") { localStorage.removeItem(DRAFTS + key); }
      return localStorage.getItem(DRAFTS + key);
    } catch (error) {
      return null;  // storage disabled or full: the form still works
    }
  }

  function restoreDraft(form, key) {
    var draft = JSON.parse(storage("get", key) || "null");
    if (!draft) { return 0; }
    if (Date.now() - draft.saved > DRAFT_DAYS * 864e5) { storage("remove", key); return 0; }
    var restored = 0;
    draft.fields.forEach(function (field) {
      var named = form.querySelectorAll("[name='" + field[0].replace(/'/g, "") + "']");
      var first = named[0];
      if (!first) { return; }
      if (first.type === "radio") {
        var anyChecked = Array.prototype.some.call(named, function (el) { return el.checked; });
        Array.prototype.forEach.call(named, function (el) {
          if (!anyChecked && el.value === field[1]) { el.checked = true; restored++; }
        });
      } else if (first.type !== "checkbox" && first.value === "") {
        first.value = field[1];
        restored += field[1] ? 1 : 0;
      }
    });
    return restored;
  }

  function fill(form, fields) {
    var values = {};
    fields.forEach(function (field) { (values[field[0]] = values[field[0]] || []).push(field[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      var list = values[el.name];
      if (!list || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "file") {
        if (!window.DataTransfer) { return; }
        var transfer = new DataTransfer();
        list.forEach(function (file) { if (file instanceof File) { transfer.items.add(file); } });
        el.files = transfer.files;
      } else if (/^(checkbox|radio)$/.test(el.type)) {
        el.checked = list.indexOf(el.value) !== -1;
      } else {
        el.value = list[0];
      }
    });
  }

  function enhance(form) {
    var draftKey = form.getAttribute("data-draft");
    // Whose submission: a queued form is never sent under someone else's session.
    var outboxKey = form.getAttribute("data-offline-owner") + " " + form.action;
    var address = form.action;
    var status = document.createElement("p");
    var busy = false;
    var attempt = 0;
    var timer = null;
    status.className = "notice";
    status.setAttribute("role", "status");
    status.hidden = true;
    form.parentNode.insertBefore(status, form);

    function say(name) {
      status.textContent = name ? form.getAttribute("data-offline-" + name) : "";
      status.hidden = !name;
    }

    function retryLater() {
      window.clearTimeout(timer);
      timer = window.setTimeout(flush, Math.min(60000, 2000 * Math.pow(2, attempt++)));
    }

    function flush() {
      if (busy || navigator.onLine === false) { return; }  // the online event calls again
      busy = true;
      read(outboxKey).then(function (waiting) {
        if (!waiting) { busy = false; return; }
        say("sending");
        // A cheap request first: the form is sent only over a connection that works.
        return fetch(address, {method: "HEAD", cache: "no-store", credentials: "same-origin"})
          .then(function () {
            return read(outboxKey, true).then(function (entry) {
              if (!entry) { busy = false; say(""); return; }
              fill(form, entry.fields);
              HTMLFormElement.prototype.submit.call(form);  // busy stays: the page is leaving
            });
          }, function () {
            busy = false;
            say("queued");
            retryLater();
          });
      }).catch(function () { busy = false; });
    }

    if (draftKey) {
      if (restoreDraft(form, draftKey)) { say("restored"); }
      var save = function () {
        storage("set", draftKey, JSON.stringify({saved: Date.now(), fields: typed(form)}));
      };
      form.addEventListener("input", save);
      form.addEventListener("change", save);
    }
    var saved = form.getAttribute("data-draft-saved");
    if (saved) { storage("remove", saved); }

    form.addEventListener("submit", function (event) {
      if (navigator.onLine !== false || !window.indexedDB) { return; }  // the plain form POST
      event.preventDefault();
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        var emptyFile = value instanceof File && !value.name && !value.size;
        if (name !== "csrfmiddlewaretoken" && !emptyFile) { fields.push([name, value]); }
      });
      db("readwrite", function (store) {
        store.put({saved: Date.now(), fields: fields}, outboxKey);
      }).then(function () { say("queued"); }, function () { say("failed"); });
    });
    window.addEventListener("online", function () { attempt = 0; flush(); });
    if (window.indexedDB) {
      read(outboxKey).then(function (waiting) {
        if (waiting) { say("queued"); flush(); }
      }, function () {});
    }
  }

  if (window.fetch && window.Promise) {
    document.querySelectorAll("form[data-offline]").forEach(enhance);
  }
})();
