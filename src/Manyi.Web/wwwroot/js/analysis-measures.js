// Charts of the measure analysis pages (/analysis/{wave}/overview|index|ratios|linguistic|kano|servqual), drawn from the JSON
// island #measures-data with the shared frame (charts.js: PNG and CSV downloads; the table beside each chart holds the numbers).
(function () {
    "use strict";
    if (typeof window.ManyiCharts === "undefined" || typeof window.echarts === "undefined") {
        return;
    }
    var data = window.ManyiCharts.data("measures-data");
    if (!data) {
        return;
    }
    var draw = window.ManyiCharts.draw;
    function bars(id, names, values, extra) {
        draw(id, Object.assign({
            tooltip: { trigger: "axis" },
            xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 5 ? 30 : 0 } },
            yAxis: { type: "value" },
            series: [{ type: "bar", data: values }]
        }, extra || {}));
    }
    function quadrant(id, points, xLine, yLine, labels) {
        draw(id, {
            tooltip: { trigger: "item", formatter: function (p) { return p.data.name + "<br>" + p.data.value[0].toFixed(3) + ", " + p.data.value[1].toFixed(3); } },
            xAxis: { type: "value", name: labels.x, scale: true },
            yAxis: { type: "value", name: labels.y, scale: true },
            graphic: [
                { type: "text", right: 40, top: 30, style: { text: labels.q2 || "", fill: "#64748b" } },
                { type: "text", left: 70, top: 30, style: { text: labels.q1 || "", fill: "#64748b" } }
            ],
            series: [{
                type: "scatter", symbolSize: 12,
                label: { show: true, position: "right", formatter: function (p) { return p.data.name; } },
                data: points.filter(function (p) { return p.x !== null && p.y !== null; }).map(function (p) { return { name: p.name, value: [p.x, p.y] }; }),
                markLine: { symbol: "none", lineStyle: { type: "dashed" }, data: [xLine === null ? null : { xAxis: xLine }, yLine === null ? null : { yAxis: yLine }].filter(Boolean) }
            }]
        });
    }
    switch (data.kind) {
        case "overview":
            draw("chart-overview", {
                tooltip: { trigger: "axis" },
                xAxis: { type: "category", data: data.names },
                yAxis: { type: "value" },
                series: [
                    { type: "bar", data: data.values },
                    { type: "custom", renderItem: function (params, api) {
                        var low = api.coord([api.value(0), api.value(1)]);
                        var high = api.coord([api.value(0), api.value(2)]);
                        return { type: "line", shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style: { stroke: "#334155", lineWidth: 2 } };
                    }, data: data.names.map(function (_, i) { return [i, data.low[i], data.high[i]]; }).filter(function (d) { return d[1] !== null && d[2] !== null; }) }
                ]
            });
            break;
        case "index":
            var byParent = {};
            data.nodes.forEach(function (n) { (byParent[n.parent || ""] = byParent[n.parent || ""] || []).push(n); });
            var build = function (n) {
                var children = (byParent[n.code] || []).map(build);
                return { name: n.name + (n.value === null ? "" : " " + n.value.toFixed(1)), value: n.weight || 1, children: children.length ? children : undefined };
            };
            draw("chart-index", { tooltip: { trigger: "item" }, series: [{ type: "sunburst", radius: [0, "90%"], data: (byParent[""] || []).map(build), label: { rotate: "radial", fontSize: 10 } }] });
            bars("chart-units", data.units, data.unitValues, { yAxis: { type: "value", min: 0, max: 100 } });
            break;
        case "ratios":
            bars("chart-ratios", data.names, data.values, {
                yAxis: { type: "value", scale: true },
                series: [{ type: "bar", data: data.values, markLine: { symbol: "none", data: [{ yAxis: 1 }, { yAxis: 1 - data.tolerance }, { yAxis: 1 + data.tolerance }] } }]
            });
            break;
        case "linguistic":
            quadrant("chart-linguistic", data.points, data.weight, data.phi, data.labels);
            break;
        case "kano":
            quadrant("chart-kano", data.points, 0.5, 0.5, data.labels);
            break;
        case "servqual":
            bars("chart-servqual", data.names, data.values);
            break;
    }
})();
