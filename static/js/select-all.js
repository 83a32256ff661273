// "Pilih semua" for a list of checkboxes: <input type="checkbox" data-select-all="NAME">
// ticks or clears every input[name=NAME] of its form; an element with
// data-selected-count="NAME" says how many are ticked.
(function () {
  "use strict";

  function boxes(form, name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[type=checkbox][name="' + name + '"]'));
  }

  function refresh(master) {
    var name = master.dataset.selectAll;
    var all = boxes(master.form, name);
    var ticked = all.filter(function (box) { return box.checked; }).length;
    master.checked = all.length > 0 && ticked === all.length;
    master.indeterminate = ticked > 0 && ticked < all.length;
    var counter = master.form.querySelector('[data-selected-count="' + name + '"]');
    if (counter) {
      counter.textContent = ticked ? ticked + " dari " + all.length + " dipilih" : "";
    }
  }

  document.querySelectorAll("input[data-select-all]").forEach(function (master) {
    var name = master.dataset.selectAll;
    master.addEventListener("change", function () {
      boxes(master.form, name).forEach(function (box) { box.checked = master.checked; });
      refresh(master);
    });
    master.form.addEventListener("change", function (event) {
      if (event.target.name === name) refresh(master);
    });
    refresh(master);
  });
})();
