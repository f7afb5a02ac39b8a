// Charts of /customers/value: the pyramid, the whale and 80/20 curves, churn and retention. Reads the JSON island "portfolio-data"
// (numbers and localised labels written by the server) and draws with ManyiCharts (charts.js). Tier names are escaped in tooltips.
(function () {
    "use strict";

    function esc(text) {
        return window.echarts ? window.echarts.format.encodeHTML(String(text)) : String(text).replace(/[&<>"']/g, "");
    }

    function pyramid(d) {
        var tiers = d.pyramid;
        var n = tiers.length;
        // Drawn as a pyramid: equal steps, the top tier narrowest; the numbers are in the labels, the tooltip and the table.
        ManyiCharts.draw("chart-pyramid", {
            tooltip: {
                formatter: function (p) {
                    var t = tiers[p.dataIndex];
                    return esc(t.name) + "<br>" + esc(d.labels.customers) + ": " + t.customers + "<br>" + esc(d.labels.valueShare) + ": " + t.share + " %"
                        + "<br>" + esc(d.labels.satisfaction) + ": " + (t.satisfaction === null ? "–" : t.satisfaction);
                }
            },
            series: [{
                type: "funnel",
                sort: "ascending",
                left: "10%", right: "10%", top: 10, bottom: 10,
                minSize: "12%", maxSize: "100%",
                gap: 2,
                data: tiers.map(function (t, i) { return { name: t.name, value: i + 1 }; }),
                label: {
                    show: true, position: "inside",
                    formatter: function (p) { var t = tiers[p.dataIndex]; return t.name + "  " + t.customers + " · " + t.share + " %"; }
                }
            }]
        });
    }

    function curve(id, c, d, profit) {
        var points = c.x.map(function (x, i) { return [x, c.y[i]]; });
        var series = [{
            type: "line", name: profit ? d.labels.profit : d.labels.sales, data: points, showSymbol: false,
            markLine: { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#6b7280" }, label: { formatter: d.labels.hundred, position: "insideEndTop" }, data: [{ yAxis: 100 }] }
        }];
        if (profit && c.peakX !== null) {
            series[0].markPoint = {
                symbol: "pin", symbolSize: 44,
                label: { formatter: function () { return c.peakY.toFixed(0) + "%"; } },
                data: [{ name: d.labels.peak, coord: [c.peakX, c.peakY] }]
            };
        }
        if (!profit) {
            series.push({ type: "line", name: "", data: [[0, 0], [100, 100]], showSymbol: false, silent: true, lineStyle: { type: "dotted", color: "#9ca3af" } });
        }
        ManyiCharts.draw(id, {
            tooltip: { trigger: "axis", formatter: function (p) { var v = p[0].data; return esc(d.labels.customerShare) + ": " + v[0] + " %<br>" + esc(d.labels.cumulativeShare) + ": " + v[1] + " %"; } },
            grid: { left: 60, right: 30, top: 40, bottom: 50 },
            xAxis: { type: "value", min: 0, max: 100, name: d.labels.customerShare, nameLocation: "middle", nameGap: 30, axisLabel: { formatter: "{value} %" } },
            yAxis: { type: "value", name: d.labels.cumulativeShare, nameLocation: "middle", nameGap: 45, axisLabel: { formatter: "{value} %" } },
            series: series
        });
    }

    function retention(d) {
        var r = d.retention;
        ManyiCharts.draw("chart-retention", {
            tooltip: { trigger: "axis" },
            legend: { top: 0 },
            grid: { left: 50, right: 50, top: 40, bottom: 40 },
            xAxis: { type: "category", data: r.periods },
            yAxis: [{ type: "value" }, { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value} %" } }],
            series: [
                { type: "bar", name: d.labels.active, data: r.active },
                { type: "bar", name: d.labels.won, data: r.won },
                { type: "bar", name: d.labels.lost, data: r.lost },
                { type: "line", name: d.labels.retention, yAxisIndex: 1, data: r.retention, connectNulls: false },
                { type: "line", name: d.labels.churn, yAxisIndex: 1, data: r.churn, connectNulls: false }
            ]
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        var d = ManyiCharts.data("portfolio-data");
        if (!d) {
            return;
        }
        if (d.pyramid) { pyramid(d); }
        if (d.whale) { curve("chart-whale", d.whale, d, true); }
        if (d.pareto) { curve("chart-pareto", d.pareto, d, false); }
        if (d.retention) { retention(d); }
    });
})();
