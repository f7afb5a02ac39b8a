// Manyi admin UI: small enhancements; every page works without them.
(function () {
    "use strict";

    // The unit picker applies on change (without JavaScript its button does).
    document.addEventListener("change", function (event) {
        var target = event.target;
        if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
            target.form.submit();
        }
    });

    // Charts: a container with data-chart and a JSON island "<id>-data" beside it (ECharts, loaded only where a chart is).
    function drawCharts() {
        if (typeof window.echarts === "undefined") {
            return;
        }
        document.querySelectorAll("[data-chart='bar']").forEach(function (element) {
            var island = document.getElementById(element.id + "-data");
            if (!island) {
                return;
            }
            var data = JSON.parse(island.textContent || "{}");
            var chart = window.echarts.init(element);
            chart.setOption({
                color: ["#0b6e69"],
                grid: { left: 48, right: 16, top: 24, bottom: 32 },
                tooltip: { trigger: "axis" },
                xAxis: { type: "category", data: data.categories, name: data.tierLabel },
                yAxis: { type: "value", name: data.customersLabel, minInterval: 1 },
                series: [{ type: "bar", name: data.customersLabel, data: data.customers, barMaxWidth: 48 }]
            });
            window.addEventListener("resize", function () { chart.resize(); });
        });
    }

    if (document.readyState === "complete") {
        drawCharts();
    } else {
        window.addEventListener("load", drawCharts);
    }
})();
