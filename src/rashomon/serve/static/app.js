// The workbench's only script of its own: draws each chart from the Vega-Lite spec the page
// carries as JSON, with vega-embed's CSP-safe expression interpreter (no eval). The table of the
// chart's data is folded away once the chart is drawn; without the libraries it stays open.
"use strict";

function drawCharts(root) {
  if (typeof window.vegaEmbed !== "function") {
    return;
  }
  root.querySelectorAll("[data-chart]").forEach(function (element) {
    if (element.dataset.drawn) {
      return;
    }
    element.dataset.drawn = "1";
    var source = document.getElementById(element.dataset.chart);
    if (!source) {
      return;
    }
    var spec = JSON.parse(source.textContent);
    window.vegaEmbed(element, spec, {ast: true, renderer: "canvas", actions: false, defaultStyle: false,
                                     tooltip: false})
      .then(function () {
        var data = element.parentElement.querySelector("details.chart-data");
        if (data) {
          data.open = false;
        }
      })
      .catch(function (error) {
        element.textContent = "The chart could not be drawn: " + error.message;
      });
  });
}

document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
