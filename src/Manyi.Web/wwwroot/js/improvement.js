// Improvement action effect chart (product.md M7): the linked indicators before and after, from the JSON island; the table beside
// the chart carries the same numbers. Labels come from the island (resources), never from this file.
(function () {
    "use strict";
    function start() {
        var data = window.ManyiCharts && window.ManyiCharts.data("effect-data");
        if (!data) {
            return;
        }
        window.ManyiCharts.draw("effect-chart", {
            tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
            legend: { top: 0, data: [data.names.before, data.names.after] },
            grid: { left: 8, right: 16, top: 32, bottom: 24, containLabel: true },
            xAxis: { type: "category", data: data.labels },
            yAxis: { type: "value" },
            series: [
                { type: "bar", name: data.names.before, data: data.before, itemStyle: { color: "#9ca3af" } },
                { type: "bar", name: data.names.after, data: data.after, itemStyle: { color: "#0b6e69" } }
            ]
        });
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
