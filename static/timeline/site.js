// On wide screens the filter panel starts open; on phones it stays folded above the content.
(function () {
  "use strict";
  if (window.matchMedia("(min-width: 900px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }
})();

// Web-page dumps start with menus: open each article text at its first highlighted evidence.
(function () {
  "use strict";
  document.querySelectorAll(".article-text").forEach(function (box) {
    var mark = box.querySelector("mark");
    if (mark) {
      box.scrollTop = Math.max(0, mark.offsetTop - 48);
    }
  });
})();
