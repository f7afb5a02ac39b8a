// Service monitoring charts (product.md M8): the portfolio (S per project against its W) and the project's S(t), B and W over
// time with readings, alerts, stage boundaries and recovery actions. Drawn from the JSON islands; the tables beside the charts
// carry the same numbers without JavaScript. Labels come from the islands (resources), never from this file.
(function () {
    "use strict";
    var red = "#dc2626", teal = "#0b6e69", amber = "#d97706", grey = "#6b7280", blue = "#2563eb";

    function portfolio() {
        var data = window.ManyiCharts.data("portfolio-data");
        if (!data) {
            return;
        }
        // Worst first at the top: reverse for the category axis (drawn bottom-up).
        var names = data.names.slice().reverse();
        var estimates = data.estimates.slice().reverse();
        var warnings = data.warnings.slice().reverse();
        var below = data.below.slice().reverse();
        window.ManyiCharts.draw("chart-portfolio", {
            tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
            legend: { top: 0, data: [data.labels.estimate, data.labels.warning] },
            grid: { left: 8, right: 24, top: 32, bottom: 24, containLabel: true },
            xAxis: { type: "value", min: 0, max: 100 },
            yAxis: { type: "category", data: names, axisLabel: { width: 180, overflow: "truncate" } },
            series: [
                {
                    type: "bar", name: data.labels.estimate, barMaxWidth: 18,
                    data: estimates.map(function (value, i) { return { value: value, itemStyle: { color: below[i] ? red : teal } }; })
                },
                {
                    type: "scatter", name: data.labels.warning, symbol: "rect", symbolSize: [4, 22], itemStyle: { color: "#111827" },
                    data: warnings.map(function (value, i) { return value === null ? null : [value, i]; })
                }
            ]
        });
    }

    function project() {
        var data = window.ManyiCharts.data("project-data");
        if (!data) {
            return;
        }
        var areas = data.alerts.map(function (a) { return [{ xAxis: a.from, name: data.labels.alert }, { xAxis: a.to || data.now }]; });
        var lines = data.stages.map(function (s) { return { xAxis: s.at, name: s.name, label: { formatter: s.name } }; });
        window.ManyiCharts.draw("chart-project", {
            tooltip: { trigger: "axis" },
            legend: { top: 0 },
            grid: { left: 8, right: 32, top: 40, bottom: 32, containLabel: true },
            xAxis: { type: "time" },
            yAxis: { type: "value", min: 0, max: 100 },
            series: [
                {
                    type: "line", name: data.labels.estimate, data: data.estimates, showSymbol: true, symbolSize: 6,
                    itemStyle: { color: teal }, lineStyle: { width: 2 },
                    markArea: { silent: true, itemStyle: { color: "rgba(220, 38, 38, 0.12)" }, data: areas },
                    markLine: { symbol: "none", silent: true, lineStyle: { color: grey, type: "dashed" }, data: lines }
                },
                { type: "line", name: data.labels.baseline, step: "end", data: data.baselines, showSymbol: false, itemStyle: { color: blue }, lineStyle: { type: "dotted" } },
                { type: "line", name: data.labels.warning, step: "end", data: data.warnings, showSymbol: false, itemStyle: { color: red }, lineStyle: { type: "dashed" } },
                {
                    type: "scatter", name: data.labels.reading, symbol: "diamond", symbolSize: 9, itemStyle: { color: amber },
                    data: data.readings.map(function (r) { return { value: [r.at, r.value], name: r.factor + " (" + r.raw + ")" }; }),
                    tooltip: { trigger: "item", formatter: function (p) { return p.name; } }
                },
                {
                    type: "scatter", name: data.labels.action, symbol: "pin", symbolSize: 22, itemStyle: { color: "#9333ea" },
                    data: data.actions.map(function (a) { return { value: [a.at, 4], name: a.text }; }),
                    tooltip: { trigger: "item", formatter: function (p) { return p.name; } }
                }
            ]
        });
    }

    function start() {
        if (!window.ManyiCharts) {
            return;
        }
        portfolio();
        project();
        var print = document.getElementById("print-project");
        if (print) {
            print.addEventListener("click", function () { window.print(); });
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
