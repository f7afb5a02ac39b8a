// Leading indicator charts (product.md M1.11): satisfaction and the measure per period on two axes, and r by lag with the
// significant lags marked. Drawn from the JSON island "leading-data"; the tables beside the charts carry the same numbers.
(function () {
    "use strict";
    var teal = "#0b6e69", amber = "#d97706", grey = "#9ca3af", red = "#dc2626";

    function start() {
        var data = window.ManyiCharts && window.ManyiCharts.data("leading-data");
        if (!data) {
            return;
        }
        window.ManyiCharts.draw("chart-leading-series", {
            tooltip: { trigger: "axis" },
            legend: { top: 0, data: [data.names.satisfaction, data.names.measure] },
            grid: { left: 8, right: 8, top: 36, bottom: 24, containLabel: true },
            xAxis: { type: "category", data: data.labels },
            yAxis: [
                { type: "value", name: data.names.satisfaction, min: 0, max: 100 },
                { type: "value", name: data.names.measure, scale: true }
            ],
            series: [
                { type: "line", name: data.names.satisfaction, data: data.satisfaction, connectNulls: false, itemStyle: { color: teal } },
                { type: "line", name: data.names.measure, yAxisIndex: 1, data: data.measure, connectNulls: false, itemStyle: { color: amber } }
            ]
        });
        window.ManyiCharts.draw("chart-leading-lags", {
            tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
            grid: { left: 8, right: 8, top: 16, bottom: 24, containLabel: true },
            xAxis: { type: "category", data: data.lags },
            yAxis: { type: "value", name: data.names.r, min: -1, max: 1 },
            series: [{
                type: "bar", name: data.names.r, barMaxWidth: 32,
                data: data.r.map(function (value, i) {
                    return {
                        value: value,
                        itemStyle: { color: data.significant[i] ? teal : grey, borderColor: String(i) === String(data.strongest) ? red : undefined, borderWidth: String(i) === String(data.strongest) ? 2 : 0 },
                        label: { show: data.significant[i], position: "top", formatter: "*" }
                    };
                })
            }]
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
