// Live wave results: redraws the NPS bar chart after htmx replaces the live part (the page works without it).
(function () {
    "use strict";
    function draw() {
        var element = document.getElementById("nps-chart");
        var island = document.getElementById("nps-chart-data");
        if (!element || !island || typeof window.echarts === "undefined") {
            return;
        }
        var data = JSON.parse(island.textContent || "{}");
        var chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
        chart.setOption({
            color: ["#0b6e69"],
            grid: { left: 48, right: 16, top: 24, bottom: 32 },
            tooltip: { trigger: "axis" },
            xAxis: { type: "category", data: data.categories, name: data.tierLabel },
            yAxis: { type: "value", name: data.customersLabel, minInterval: 1 },
            series: [{ type: "bar", name: data.customersLabel, data: data.customers, barMaxWidth: 48 }]
        });
    }
    document.addEventListener("htmx:afterSwap", function (event) {
        if (event.target && event.target.id === "live-results") {
            draw();
        }
    });
})();
