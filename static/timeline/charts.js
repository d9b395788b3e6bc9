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

  // Where WebGL fails (old machines, some headless browsers) Plotly leaves a "no-webgl"
  // notice; SVG traces draw the same figure, only slower.
  function withoutWebgl(data) {
    data.forEach(function (trace) {
      if (trace.type === "scattergl") { trace.type = "scatter"; }
    });
    return data;
  }

  // On a phone the legend would cover the plot; the page's text explains shapes and colours.
  function forWidth(layout, width) {
    if (width < 640) {
      layout.showlegend = false;
      layout.margin = Object.assign({}, layout.margin, { t: 20 });
      // Names written inside the plot leave the narrow screen's width to the dates.
      if (layout.yaxis && layout.yaxis.type === "category" && layout.meta.kind !== "leader_pair") {
        layout.yaxis.ticklabelposition = "inside";
        layout.yaxis.tickfont = { size: 11, color: "#333" };
      }
    }
    return layout;
  }

  function onClick(event) {
    var point = event.points && event.points[0];
    if (point && typeof point.customdata === "string" && point.customdata) {
      window.location.assign(point.customdata);
    }
  }

  function plot(element, data, layout, config) {
    return Plotly.newPlot(element, data, layout, config).then(function () {
      if (element.querySelector(".no-webgl")) {
        Plotly.purge(element);
        return Plotly.newPlot(element, withoutWebgl(data), layout, config);
      }
      return element;
    });
  }

  function draw(element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) { return; }
    var figure = JSON.parse(source.textContent);
    var lang = document.documentElement.lang === "ar" ? "ar" : "en";
    var config = { responsive: true, displaylogo: false, locale: lang,
      modeBarButtonsToRemove: ["select2d", "lasso2d"] };
    var layout = forWidth(figure.layout, element.clientWidth);
    plot(element, figure.data, layout, config).then(function () {
      element.on("plotly_click", onClick);
      element.dataset.ready = "true";
    });
  }

  registerArabic();
  document.querySelectorAll(".chart[data-figure]").forEach(draw);
})();
