// Charts of the driver analysis pages (IPA, drivers, value, compare, trends, PLS): reads the page's JSON island
// "drivers-data" (numbers and localised labels written by the server) and draws with ManyiCharts (charts.js).
(function () {
    "use strict";

    // Question texts are free text: escaped before an HTML tooltip shows them.
    function esc(text) {
        return window.echarts ? window.echarts.format.encodeHTML(String(text)) : String(text).replace(/[&<>"']/g, "");
    }

    // A chart label of at most 14 characters (the table beside the chart has the whole text).
    function short(text) {
        text = String(text);
        return text.length > 14 ? text.slice(0, 13) + "…" : text;
    }

    function bars(id, names, series, horizontal) {
        var category = { type: "category", data: names, axisLabel: { interval: 0, formatter: short } };
        var value = { type: "value" };
        ManyiCharts.draw(id, {
            tooltip: { trigger: "axis" },
            legend: series.length > 1 ? { top: 0 } : undefined,
            grid: { left: horizontal ? 170 : 50, right: 30, top: series.length > 1 ? 40 : 20, bottom: horizontal ? 30 : 80, containLabel: false },
            xAxis: horizontal ? value : category,
            yAxis: horizontal ? Object.assign(category, { inverse: true }) : value,
            series: series
        });
    }

    function drivers(d) {
        bars("chart-drivers", d.names, [{ type: "bar", name: d.label, data: d.values, label: { show: true, position: "right" } }], true);
    }

    function ipa(d) {
        var colours = { concentrateHere: "#dc2626", keepUpTheGoodWork: "#0b6e69", lowPriority: "#6b7280", possibleOverkill: "#d97706" };
        var xs = d.points.map(function (p) { return p.x; });
        var ys = d.points.map(function (p) { return p.y; });
        var xMin = Math.min.apply(null, xs), xMax = Math.max.apply(null, xs), yMin = Math.min.apply(null, ys), yMax = Math.max.apply(null, ys);
        var padX = (xMax - xMin) * 0.15 || 1, padY = (yMax - yMin) * 0.15 || 1;
        var box = { x0: xMin - padX, x1: xMax + padX, y0: yMin - padY, y1: yMax + padY };
        function corner(key, place) {
            return Object.assign({ type: "text", z: 10, style: { text: d.quadrants[key], fill: colours[key], font: "bold 12px sans-serif" } }, place);
        }
        ManyiCharts.draw("chart-ipa", {
            tooltip: { formatter: function (p) { return esc(p.data.name) + "<br>" + esc(d.xLabel) + ": " + p.data.value[0] + "<br>" + esc(d.yLabel) + ": " + p.data.value[1]; } },
            grid: { left: 60, right: 30, top: 30, bottom: 50 },
            graphic: [
                corner("concentrateHere", { left: 68, top: 34 }), corner("keepUpTheGoodWork", { right: 36, top: 34 }),
                corner("lowPriority", { left: 68, bottom: 56 }), corner("possibleOverkill", { right: 36, bottom: 56 })
            ],
            xAxis: { type: "value", name: d.xLabel, nameLocation: "middle", nameGap: 30, min: +box.x0.toFixed(2), max: +box.x1.toFixed(2) },
            yAxis: { type: "value", name: d.yLabel, nameLocation: "middle", nameGap: 45, min: +box.y0.toFixed(2), max: +box.y1.toFixed(2) },
            series: [{
                type: "scatter",
                symbolSize: 12,
                data: d.points.map(function (p) {
                    return { name: p.name, value: [p.x, p.y], itemStyle: { color: colours[p.quadrant] } };
                }),
                label: { show: true, position: "right", formatter: function (p) { return short(p.data.name); }, fontSize: 11 },
                markLine: {
                    silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#374151" }, label: { show: false },
                    data: [{ xAxis: d.performance }, { yAxis: d.importance }]
                }
            }]
        });
    }

    function value(d) {
        bars("chart-value", d.names, [
            { type: "bar", name: d.plainLabel, data: d.plain },
            { type: "bar", name: d.weightedLabel, data: d.weighted }
        ], true);
    }

    function compare(d) {
        ManyiCharts.draw("chart-compare", {
            tooltip: { trigger: "axis" },
            grid: { left: 170, right: 80, top: 20, bottom: 30 },
            xAxis: { type: "value" },
            yAxis: { type: "category", data: d.names, inverse: true, axisLabel: { formatter: short } },
            series: [{
                type: "bar", name: d.label,
                data: d.changes.map(function (v, i) {
                    return { value: v, itemStyle: { color: d.significant[i] ? (v < 0 ? "#dc2626" : "#0b6e69") : "#9ca3af" } };
                }),
                label: { show: true, position: "right", formatter: function (p) { return (p.value === null ? "—" : p.value) + " " + d.marks[p.dataIndex]; } }
            }]
        });
    }

    function band(name, low, high, colour) {
        return [
            { type: "line", name: name + " low", data: low, stack: name + "-band", stackStrategy: "all", lineStyle: { opacity: 0 }, symbol: "none", silent: true, tooltip: { show: false } },
            {
                type: "line", name: name + " band", stack: name + "-band", stackStrategy: "all", lineStyle: { opacity: 0 }, symbol: "none", silent: true,
                areaStyle: { color: colour, opacity: 0.18 }, tooltip: { show: false },
                data: high.map(function (h, i) { return h === null || low[i] === null ? null : +(h - low[i]).toFixed(3); })
            }
        ];
    }

    function trendChart(id, s, labels) {
        var series = []
            .concat(band(labels.csat, s.csatLow, s.csatHigh, "#d97706"))
            .concat(band(labels.nps, s.npsLow, s.npsHigh, "#2563eb"))
            .concat([
                { type: "line", name: labels.index, data: s.index, color: "#0b6e69", connectNulls: true },
                { type: "line", name: labels.csat, data: s.csat, color: "#d97706", connectNulls: true },
                { type: "line", name: labels.nps, data: s.nps, color: "#2563eb", connectNulls: true }
            ]);
        ManyiCharts.draw(id, {
            tooltip: { trigger: "axis" },
            legend: { top: 0, data: [labels.index, labels.csat, labels.nps] },
            grid: { left: 50, right: 30, top: 40, bottom: 40 },
            xAxis: { type: "category", data: s.labels, boundaryGap: false },
            yAxis: { type: "value" },
            series: series
        });
    }

    function trends(d) {
        trendChart("chart-trends-waves", d.waves, d.labels);
        trendChart("chart-trends-periods", d.periods, d.labels);
    }

    function pls(d) {
        ManyiCharts.draw("chart-pls", {
            tooltip: { formatter: function (p) { return p.dataType === "edge" ? esc(p.data.source) + " → " + esc(p.data.target) + ": " + p.data.value : esc(p.data.display); } },
            series: [{
                type: "graph", layout: "none", roam: false, symbol: "roundRect", symbolSize: [120, 48],
                edgeSymbol: ["none", "arrow"], edgeSymbolSize: 10,
                label: { show: true, color: "#fff", formatter: function (p) { return p.data.display + (p.data.r2 === null ? "" : "\nR² = " + p.data.r2); } },
                itemStyle: { color: "#0b6e69" },
                edgeLabel: { show: true, formatter: function (p) { return p.data.value; }, fontSize: 12, color: "#111" },
                lineStyle: { color: "#374151", width: 1.5, curveness: 0.08 },
                data: d.nodes.map(function (n) { return { name: n.id, display: n.name, x: n.x, y: n.y, r2: n.r2 }; }),
                links: d.links
            }]
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        var d = ManyiCharts.data("drivers-data");
        if (!d) {
            return;
        }
        ({ drivers: drivers, ipa: ipa, value: value, compare: compare, trends: trends, pls: pls }[d.page] || function () { })(d);
    });
})();
