// Draws every .chart element from the figure JSON the page carries (json_script), and
// turns a click on a point or cell into navigation to the URL in its customdata.
(function () {
  "use strict";

  var AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو",
    "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];

  function registerArabic() {
    Plotly.register({
      moduleType: "locale",
      name: "ar",
      dictionary: {},
      format: {
        days: ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"],
        shortDays: ["أحد", "اثنين", "ثلاثاء", "أربعاء", "خميس", "جمعة", "سبت"],
        months: AR_MONTHS,
        shortMonths: AR_MONTHS,
        periods: ["ص", "م"],
        dateTime: "%a %e %b %Y %X",
        date: "%d/%m/%Y",
        time: "%H:%M:%S",
        decimal: ".",
        thousands: ",",
        grouping: [3],
        currency: ["", ""],
        year: "%Y",
        month: "%b %Y",
        dayMonth: "%-d %b",
        dayMonthYear: "%-d %b %Y"
      }
    });
  }

  function webglWorks() {
    try {
      var canvas = document.createElement("canvas");
      return !!(canvas.getContext("webgl") || canvas.getContext("experimental-webgl"));
    } catch (e) {
      return false;
    }
  }

  // Without WebGL (old machines, some headless browsers) SVG traces still draw.
  function withoutWebgl(data) {
    data.forEach(function (trace) {
      if (trace.type === "scattergl") { trace.type = "scatter"; }
    });
    return data;
  }

  function onClick(event) {
    var point = event.points && event.points[0];
    if (point && typeof point.customdata === "string" && point.customdata) {
      window.location.assign(point.customdata);
    }
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    var data = webglWorks() ? figure.data : withoutWebgl(figure.data);
    var lang = document.documentElement.lang === "ar" ? "ar" : "en";
    var config = { responsive: true, displaylogo: false, locale: lang,
      modeBarButtonsToRemove: ["select2d", "lasso2d"] };
    Plotly.newPlot(element, data, figure.layout, config).then(function () {
      element.on("plotly_click", onClick);
      element.dataset.ready = "true";
    });
  }

  registerArabic();
  document.querySelectorAll(".chart[data-figure]").forEach(draw);
})();
