/* Region picker enhancement: when the kecamatan changes, fetch its desa and fill the desa list,
   so the "Tampilkan desa" button (the no-JavaScript path) is not needed and is hidden. */
(function () {
  "use strict";
  function enhance(fieldset) {
    var url = fieldset.getAttribute("data-region-picker-url");
    var kecamatan = fieldset.querySelector("select[data-region-picker=kecamatan]");
    var desa = fieldset.querySelector("select[data-region-picker=desa]");
    var button = fieldset.querySelector(".region-picker-button");
    if (!url || !kecamatan || !desa || !window.fetch) { return; }
    if (button) { button.hidden = true; }
    var placeholder = desa.options.length ? desa.options[0].cloneNode(true) : null;
    kecamatan.addEventListener("change", function () {
      var code = kecamatan.value;
      while (desa.options.length) { desa.remove(0); }
      if (placeholder) { desa.add(placeholder.cloneNode(true)); }
      if (!code) { return; }
      fetch(url + "?kecamatan=" + encodeURIComponent(code), {headers: {"Accept": "application/json"}})
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (data) {
          data.desa.forEach(function (item) { desa.add(new Option(item.name, item.code)); });
        })
        .catch(function () { if (button) { button.hidden = false; } });
    });
  }
  document.querySelectorAll("fieldset.region-picker").forEach(enhance);
})();
