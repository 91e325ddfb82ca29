// The dashboard's little script: chart tabs, confirming a removal, filters that apply
// themselves. Every page works without it; it only makes them quicker to use.
(function () {
  "use strict";

  function setUpTabs(section) {
    var tabs = section.querySelectorAll("[data-tab]");
    if (!tabs.length) return;
    function show(id) {
      tabs.forEach(function (tab) {
        var selected = tab.getAttribute("data-tab") === id;
        tab.setAttribute("aria-selected", selected ? "true" : "false");
        document.getElementById(tab.getAttribute("data-tab")).hidden = !selected;
      });
    }
    tabs.forEach(function (tab) {
      tab.addEventListener("click", function () { show(tab.getAttribute("data-tab")); });
    });
    section.querySelector(".tabs").hidden = false;
    section.querySelectorAll(".tab-panel h3").forEach(function (h) { h.hidden = true; });
    show(tabs[0].getAttribute("data-tab"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var records = document.getElementById("records-chart");
    if (records) setUpTabs(records);

    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
      });
    });

    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
})();
