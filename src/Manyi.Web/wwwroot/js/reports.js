// Report pages (product.md M9): the Print / PDF button and a chart beside each table that has one. A chart reads its numbers
// from the table next to it (data-value of the cells), so the table stays the source and works without JavaScript.
(function () {
    "use strict";

    function cells(table, column) {
        return Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (row) {
            var cell = row.children[column];
            if (!cell) { return null; }
            var value = cell.getAttribute("data-value");
            return value === null ? (cell.textContent || "").trim() : Number(value);
        });
    }

    function draw(element) {
        var table = document.getElementById(element.getAttribute("data-table"));
        if (!table) { return; }
        var labels = cells(table, Number(element.getAttribute("data-label")));
        var values = cells(table, Number(element.getAttribute("data-value")));
        var name = element.getAttribute("data-value-name") || "";
        if (element.getAttribute("data-chart") === "scatter") {
            var xs = cells(table, Number(element.getAttribute("data-x")));
            var points = labels.map(function (label, i) { return { name: String(label), value: [xs[i], values[i]] }; })
                .filter(function (p) { return typeof p.value[0] === "number" && typeof p.value[1] === "number"; });
            window.ManyiCharts.draw(element.id, {
                tooltip: { formatter: function (p) { return p.name + ": " + p.value[0].toFixed(2) + ", " + p.value[1].toFixed(2); } },
                xAxis: { type: "value", name: element.getAttribute("data-x-name") || "", scale: true },
                yAxis: { type: "value", name: name, scale: true },
                series: [{
                    type: "scatter", symbolSize: 14, data: points,
                    label: { show: true, position: "right", formatter: function (p) { return p.name; } },
                    markLine: points.length === 0 ? undefined : {
                        silent: true, symbol: "none", lineStyle: { type: "dashed" },
                        data: [
                            { xAxis: points.reduce(function (s, p) { return s + p.value[0]; }, 0) / points.length },
                            { yAxis: points.reduce(function (s, p) { return s + p.value[1]; }, 0) / points.length }
                        ]
                    }
                }]
            });
            return;
        }
        var data = labels.map(function (label, i) { return { label: String(label), value: typeof values[i] === "number" ? values[i] : null }; });
        window.ManyiCharts.draw(element.id, {
            tooltip: { trigger: "axis" },
            grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
            xAxis: { type: "value", name: name },
            yAxis: { type: "category", inverse: true, data: data.map(function (d) { return d.label; }) },
            series: [{ type: "bar", name: name, data: data.map(function (d) { return d.value; }) }]
        });
    }

    document.addEventListener("DOMContentLoaded", function () {
        var print = document.getElementById("print-report");
        if (print) {
            print.addEventListener("click", function () { window.print(); });
        }
        if (!window.ManyiCharts) { return; }
        document.querySelectorAll(".report .chart[data-chart]").forEach(draw);
    });
})();
