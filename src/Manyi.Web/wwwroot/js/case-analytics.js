// Case analytics charts (/cases/analytics): drawn from the JSON island; the tables beside them carry the same numbers without JavaScript.
(function () {
    "use strict";
    var island = document.getElementById("case-analytics-data");
    if (!island || typeof window.echarts === "undefined") {
        return;
    }
    var data = JSON.parse(island.textContent || "{}");
    var palette = ["#0b6e69", "#d97706", "#2563eb", "#9333ea", "#dc2626"];
    function chart(id, option) {
        var element = document.getElementById(id);
        if (!element) {
            return;
        }
        var instance = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
        option.color = option.color || palette;
        option.tooltip = option.tooltip || { trigger: "axis" };
        option.grid = option.grid || { left: 56, right: 24, top: 32, bottom: 40, containLabel: true };
        instance.setOption(option);
        window.addEventListener("resize", function () { instance.resize(); });
    }
    // Volume by month, stacked by kind.
    chart("chart-months", {
        legend: { top: 0 },
        xAxis: { type: "category", data: data.months },
        yAxis: { type: "value", minInterval: 1, name: data.labels.count },
        series: data.monthSeries.map(function (s) { return { type: "bar", stack: "kind", name: s.name, data: s.data }; })
    });
    // Volume by top-level category.
    chart("chart-categories", {
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: data.categories.map(function (c) { return c.name; }).reverse() },
        series: [{ type: "bar", name: data.labels.count, data: data.categories.map(function (c) { return c.value; }).reverse() }]
    });
    // SLA histograms with the usual limit as a marked line (placed in the bin that holds it).
    data.sla.forEach(function (clock, index) {
        var targetBin = null;
        if (clock.target !== null && clock.target !== undefined) {
            clock.edges.forEach(function (edge, i) { if (clock.target >= edge) { targetBin = i; } });
        }
        chart("chart-sla-" + index, {
            title: { text: clock.title, textStyle: { fontSize: 13 } },
            xAxis: { type: "category", data: clock.bins, name: data.labels.hours },
            yAxis: { type: "value", minInterval: 1 },
            series: [{
                type: "bar", name: data.labels.count, data: clock.counts,
                markLine: targetBin === null ? undefined : { symbol: "none", label: { formatter: data.labels.target + " " + clock.target + " h" }, data: [{ xAxis: targetBin }] }
            }]
        });
    });
    chart("chart-breach-units", {
        xAxis: { type: "category", data: data.breachUnits, axisLabel: { interval: 0, rotate: 30 } },
        yAxis: { type: "value", max: 100, name: data.labels.breachRate + " %" },
        series: [{ type: "bar", name: data.labels.breachRate, data: data.breachRates }]
    });
    // Retention: the share still Active with its 95% Wilson interval as an error bar.
    chart("chart-retention", {
        xAxis: { type: "category", data: data.retention.map(function (g) { return g.name; }) },
        yAxis: { type: "value", max: 100, name: "%" },
        series: [
            { type: "bar", name: data.labels.share, data: data.retention.map(function (g) { return g.share; }) },
            {
                type: "custom", name: "95%",
                data: data.retention.map(function (g, i) { return [i, g.low, g.high]; }).filter(function (d) { return d[1] !== null && d[1] !== undefined; }),
                renderItem: function (params, api) {
                    var low = api.coord([api.value(0), api.value(1)]);
                    var high = api.coord([api.value(0), api.value(2)]);
                    var half = api.size([1, 0])[0] * 0.1;
                    var style = { stroke: "#333", lineWidth: 1.5 };
                    return { type: "group", children: [
                        { type: "line", shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: style },
                        { type: "line", shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style: style },
                        { type: "line", shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style: style }
                    ] };
                }
            }
        ]
    });
    // Root causes: Pareto (bars sorted, cumulative share line).
    var total = data.causes.reduce(function (sum, c) { return sum + c.value; }, 0);
    var running = 0;
    chart("chart-causes", {
        xAxis: { type: "category", data: data.causes.map(function (c) { return c.name; }), axisLabel: { interval: 0, rotate: 30 } },
        yAxis: [{ type: "value", minInterval: 1 }, { type: "value", max: 100, name: "%" }],
        series: [
            { type: "bar", name: data.labels.count, data: data.causes.map(function (c) { return c.value; }) },
            { type: "line", yAxisIndex: 1, name: data.labels.cumulative, data: data.causes.map(function (c) { running += c.value; return total ? Math.round(running * 1000 / total) / 10 : 0; }) }
        ]
    });
    chart("chart-silent", {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: ["40%", "70%"], data: [
            { name: data.silent.silentLabel, value: data.silent.silent },
            { name: data.silent.answeredLabel, value: data.silent.answered }
        ] }]
    });
})();
