// Home dashboard charts (docs/dashboards.md): drawn from the JSON island "dashboard-data" with the shared chart frame
// (charts.js); the tables beside them hold the same numbers without JavaScript.
(function () {
    "use strict";
    function start() {
        if (!window.ManyiCharts) {
            return;
        }
        var data = window.ManyiCharts.data("dashboard-data");
        if (!data) {
            return;
        }
        if (document.getElementById("chart-trend")) {
            window.ManyiCharts.draw("chart-trend", {
                tooltip: { trigger: "axis" },
                legend: { top: 0 },
                grid: { left: 48, right: 24, top: 36, bottom: 40, containLabel: true },
                xAxis: { type: "category", data: data.waves },
                yAxis: { type: "value", min: -100, max: 100 },
                series: [
                    { type: "line", name: data.labels.index, data: data.index, connectNulls: false },
                    { type: "line", name: data.labels.nps, data: data.nps, connectNulls: false },
                    // The NPS confidence band: the lower bound and the width above it, stacked.
                    { type: "line", name: data.labels.nps + " CI", data: data.npsLow, stack: "nps-ci", lineStyle: { opacity: 0 }, symbol: "none", tooltip: { show: false } },
                    { type: "line", name: data.labels.nps + " CI", data: data.npsHigh.map(function (h, i) { return h === null || data.npsLow[i] === null ? null : h - data.npsLow[i]; }),
                        stack: "nps-ci", lineStyle: { opacity: 0 }, symbol: "none", areaStyle: { opacity: 0.15 }, tooltip: { show: false } },
                    { type: "line", name: data.labels.csat, data: data.csat, connectNulls: false }
                ]
            });
        }
        if (document.getElementById("chart-units")) {
            window.ManyiCharts.draw("chart-units", {
                tooltip: { trigger: "axis" },
                grid: { left: 8, right: 24, top: 16, bottom: 24, containLabel: true },
                xAxis: { type: "value", min: 0, max: 100 },
                yAxis: { type: "category", data: data.units.slice().reverse() },
                series: [{ type: "bar", name: data.labels.index, data: data.unitIndex.slice().reverse() }]
            });
        }
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
