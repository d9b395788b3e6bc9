// On wide screens the filter panel starts open; on phones it stays folded above the content.
(function () {
  "use strict";
  if (window.matchMedia("(min-width: 900px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }
})();
