// Shared chart frame of the analysis pages, dashboards and reports (product.md M9: every chart has its numbers in a table
// beside it and downloads as PNG and CSV). Markup:
//   <figure class="chart-figure"><figcaption>…</figcaption>
//     <div class="chart" id="chart-x" data-table="table-x" data-file="drivers" data-png="PNG" data-csv="CSV"></div>
//     <div class="chart-table"><table id="table-x">…</table></div></figure>
// and a page script calls ManyiCharts.draw("chart-x", option). The download buttons are added for every .chart with a
// data-table, also when ECharts is missing (then only CSV). Labels come from data-png / data-csv (resources, no literals).
(function () {
    "use strict";
    var palette = ["#0b6e69", "#d97706", "#2563eb", "#9333ea", "#dc2626", "#0891b2", "#65a30d", "#be185d"];

    function cellText(cell) {
        var text = (cell.getAttribute("data-value") || cell.textContent || "").replace(/\s+/g, " ").trim();
        // A cell that a spreadsheet would run as a formula gets a leading apostrophe (product.md M12).
        if (/^[=+\-@]/.test(text) && !/^[-+]?\d/.test(text)) {
            text = "'" + text;
        }
        return /[",\n]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
    }

    function tableCsv(table) {
        return Array.prototype.map.call(table.querySelectorAll("tr"), function (row) {
            return Array.prototype.map.call(row.querySelectorAll("th,td"), cellText).join(",");
        }).join("\r\n");
    }

    function save(name, blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = name;
        document.body.appendChild(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    }

    function addDownloads(element) {
        if (element.getAttribute("data-downloads") === "done") {
            return;
        }
        element.setAttribute("data-downloads", "done");
        var file = element.getAttribute("data-file") || element.id;
        var bar = document.createElement("div");
        bar.className = "chart-downloads";
        var instance = window.echarts ? window.echarts.getInstanceByDom(element) : null;
        if (window.echarts) {
            var png = document.createElement("button");
            png.type = "button";
            png.className = "secondary";
            png.id = element.id + "-png";
            png.textContent = element.getAttribute("data-png") || "PNG";
            png.addEventListener("click", function () {
                var chart = window.echarts.getInstanceByDom(element);
                if (!chart) { return; }
                var url = chart.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
                var a = document.createElement("a");
                a.href = url;
                a.download = file + ".png";
                document.body.appendChild(a);
                a.click();
                a.remove();
            });
            bar.appendChild(png);
        }
        var tableId = element.getAttribute("data-table");
        var table = tableId ? document.getElementById(tableId) : null;
        if (table) {
            var csv = document.createElement("button");
            csv.type = "button";
            csv.className = "secondary";
            csv.id = element.id + "-csv";
            csv.textContent = element.getAttribute("data-csv") || "CSV";
            csv.addEventListener("click", function () {
                save(file + ".csv", new Blob(["\ufeff" + tableCsv(table)], { type: "text/csv;charset=utf-8" }));
            });
            bar.appendChild(csv);
        }
        var figure = element.closest("figure") || element.parentElement;
        figure.appendChild(bar);
        return instance;
    }

    window.ManyiCharts = {
        palette: palette,
        // Draws an ECharts option into the element with this id (no-op when the element is absent).
        draw: function (id, option) {
            var element = document.getElementById(id);
            if (!element || !window.echarts) {
                return null;
            }
            var chart = window.echarts.getInstanceByDom(element) || window.echarts.init(element);
            option.color = option.color || palette;
            option.animation = false;
            chart.setOption(option);
            window.addEventListener("resize", function () { chart.resize(); });
            window.addEventListener("beforeprint", function () { chart.resize(); });
            addDownloads(element);
            return chart;
        },
        // The JSON of a <script type="application/json" id="…"> island.
        data: function (id) {
            var island = document.getElementById(id);
            return island ? JSON.parse(island.textContent || "null") : null;
        },
        tableCsv: tableCsv
    };

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll(".chart[data-table]").forEach(addDownloads);
    });
})();
