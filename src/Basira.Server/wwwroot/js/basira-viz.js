// Basira — draws every chart and map of the pages with the vendored Apache ECharts (SVG renderer).
// A page never writes script: a Razor component (Components/Viz) renders
//   <div class="viz-canvas" data-viz="interval|line|bar|choropleth" data-viz-spec="{…json…}" role="img" aria-label="…">
// and this file, loaded from the site itself (CSP script-src 'self'), draws into it. The spec is data only (snake_case),
// with every text already in the page's language. When drawn, the element gets data-viz-state="drawn" (or "error").
// Right-to-left pages (dir="rtl") get mirrored category axes, the value axis on the right and the legends on the right.
(function () {
  'use strict';

  var palette = ['#0b5e3c', '#8a1c1c', '#1f4e99', '#7a4f01', '#5b2a86', '#2f6f73'];
  var rtl = document.documentElement.dir === 'rtl';
  var lang = (document.documentElement.lang || 'fr').slice(0, 2);
  var locale = lang === 'ar' ? 'AR' : lang === 'en' ? 'EN' : 'FR';
  var charts = [];

  function fmt(v, percent) {
    if (v === null || v === undefined || isNaN(v)) return '—';
    if (percent) return (v * 100).toFixed(1) + ' %';
    return Number.isInteger(v) || Math.abs(v) >= 10 ? String(Math.round(v)) : v.toFixed(3); // digits as the tables write them
  }

  function base(spec) {
    var font = window.getComputedStyle(document.body).fontFamily;
    return {
      animation: false,
      color: palette,
      textStyle: { fontFamily: font, color: '#1b1f24' },
      aria: { enabled: false }, // the container carries role="img" and the page's own aria-label
      tooltip: { confine: true },
      legend: spec.series && spec.series.length > 1 || spec.lines && spec.lines.length > 1
        ? { top: 0, left: rtl ? 'right' : 'left', textStyle: { fontFamily: font } } : undefined,
      grid: { top: 40, bottom: 48, left: rtl ? 24 : 64, right: rtl ? 64 : 24, containLabel: false }
    };
  }

  function valueAxis(spec, name) {
    return {
      type: 'value', name: name, nameLocation: 'middle', nameGap: 44,
      min: spec.y_min, max: spec.y_max, position: rtl ? 'right' : 'left',
      axisLabel: { formatter: function (v) { return spec.percent ? Math.round(v * 100) + ' %' : v; } }
    };
  }

  // Rates with their interval: one mark per group and series, a point on a vertical interval with caps.
  function intervalOption(spec) {
    var o = base(spec);
    var m = spec.series.length;
    o.xAxis = { type: 'category', data: spec.categories, inverse: rtl, name: spec.x_label, nameLocation: 'middle', nameGap: 30 };
    o.yAxis = valueAxis(spec, spec.y_label);
    o.tooltip.trigger = 'item';
    o.series = spec.series.map(function (s, k) {
      var data = s.values.map(function (v, i) { return [i, v, s.lower[i], s.upper[i]]; })
        .filter(function (d) { return d[1] !== null && d[1] !== undefined; });
      return {
        type: 'custom', name: s.name, data: data, encode: { x: 0, y: [1, 2, 3] },
        tooltip: {
          formatter: function (p) {
            return spec.categories[p.value[0]] + '<br>' + s.name + ' : ' + fmt(p.value[1], spec.percent) +
              ' [' + fmt(p.value[2], spec.percent) + ' – ' + fmt(p.value[3], spec.percent) + ']';
          }
        },
        renderItem: function (params, api) {
          var band = api.size([1, 0])[0];
          var offset = (k - (m - 1) / 2) * band / (m + 1) * (rtl ? -1 : 1);
          var mid = api.coord([api.value(0), api.value(1)]);
          var lo = api.coord([api.value(0), api.value(2)]);
          var hi = api.coord([api.value(0), api.value(3)]);
          var x = mid[0] + offset, cap = Math.max(3, band / (m + 1) / 4);
          var color = api.visual('color');
          var line = { stroke: color, lineWidth: 2 };
          return {
            type: 'group', children: [
              { type: 'line', shape: { x1: x, y1: lo[1], x2: x, y2: hi[1] }, style: line },
              { type: 'line', shape: { x1: x - cap, y1: lo[1], x2: x + cap, y2: lo[1] }, style: line },
              { type: 'line', shape: { x1: x - cap, y1: hi[1], x2: x + cap, y2: hi[1] }, style: line },
              { type: 'circle', shape: { cx: x, cy: mid[1], r: 5 }, style: { fill: color } }
            ]
          };
        }
      };
    });
    return o;
  }

  // Curves on [0, 1] × [0, 1] (ROC, reliability), with the diagonal of chance / perfect calibration.
  function lineOption(spec) {
    var o = base(spec);
    o.xAxis = { type: 'value', min: 0, max: 1, inverse: rtl, name: spec.x_label, nameLocation: 'middle', nameGap: 30 };
    o.yAxis = valueAxis(spec, spec.y_label);
    o.tooltip.trigger = 'item';
    o.series = spec.lines.map(function (l) {
      return {
        type: 'line', name: l.name, data: l.points, showSymbol: !!l.symbols, symbolSize: 7, smooth: false,
        lineStyle: { type: l.dashed ? 'dashed' : 'solid', width: l.dashed ? 1 : 2 },
        tooltip: { formatter: function (p) { return l.name + ' : ' + fmt(p.value[0]) + ' → ' + fmt(p.value[1]); } }
      };
    });
    return o;
  }

  function barOption(spec) {
    var o = base(spec);
    o.xAxis = { type: 'category', data: spec.categories, inverse: rtl, name: spec.x_label, nameLocation: 'middle', nameGap: 30 };
    o.yAxis = valueAxis(spec, spec.y_label);
    o.tooltip.trigger = 'axis';
    o.series = spec.series.map(function (s) { return { type: 'bar', name: s.name, data: s.values }; });
    return o;
  }

  var layers = {};
  function layer(url) {
    if (!layers[url]) {
      layers[url] = fetch(url, { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error(url + ': ' + r.status);
        return r.json();
      });
    }
    return layers[url];
  }

  // Choropleth of Morocco's regions or of one region's provinces; a click on an area follows its link (drill-down).
  function choropleth(el, spec) {
    return layer(spec.layer).then(function (geo) {
      var features = geo.features.filter(function (f) { return !spec.filter_region || f.properties.region === spec.filter_region; });
      var name = spec.layer + '#' + (spec.filter_region || 'all');
      echarts.registerMap(name, { type: 'FeatureCollection', features: features });
      var byId = {};
      spec.areas.forEach(function (a) { byId[a.id] = a; });
      var values = spec.areas.map(function (a) { return a.value; }).filter(function (v) { return v != null; }); // a null value is left out of the spec
      var max = values.length ? Math.max.apply(null, values) : 1;
      var o = base(spec);
      o.tooltip = {
        trigger: 'item', confine: true,
        formatter: function (p) {
          var a = byId[p.name];
          return (a ? a.name : p.name) + '<br>' + spec.value_label + ' : ' + (a && a.value != null ? fmt(a.value, spec.percent) : spec.no_data);
        }
      };
      o.visualMap = {
        min: 0, max: max || 1, calculable: false, orient: 'vertical', left: rtl ? 'right' : 'left', bottom: 8,
        text: [fmt(max, spec.percent), fmt(0, spec.percent)], inRange: { color: ['#e8f3ec', '#0b5e3c'] },
        textStyle: { color: '#1b1f24' }
      };
      o.series = [{
        type: 'map', map: name, nameProperty: 'id', roam: false, selectedMode: false,
        itemStyle: { borderColor: '#4a5360', borderWidth: 0.6, areaColor: '#f3f5f7' },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#e6a700' } },
        data: features.map(function (f) {
          var a = byId[f.properties.id];
          return { name: f.properties.id, value: a && a.value != null ? a.value : NaN };
        })
      }];
      var chart = init(el, o);
      chart.on('click', function (p) {
        var a = byId[p.name];
        if (a && a.href) window.location.assign(a.href);
      });
      return chart;
    });
  }

  function init(el, option) {
    var chart = echarts.init(el, null, { renderer: 'svg', locale: locale });
    chart.setOption(option);
    charts.push(chart);
    return chart;
  }

  function draw(el) {
    var spec;
    try {
      spec = JSON.parse(el.getAttribute('data-viz-spec'));
    } catch (e) {
      el.setAttribute('data-viz-state', 'error');
      return;
    }
    var kind = el.getAttribute('data-viz');
    var done = function () { el.setAttribute('data-viz-state', 'drawn'); };
    var fail = function () { el.setAttribute('data-viz-state', 'error'); };
    try {
      if (kind === 'choropleth') { choropleth(el, spec).then(done, fail); return; }
      var option = kind === 'interval' ? intervalOption(spec) : kind === 'line' ? lineOption(spec) : barOption(spec);
      init(el, option);
      done();
    } catch (e) {
      fail();
    }
  }

  function start() {
    if (typeof echarts === 'undefined') return;
    Array.prototype.forEach.call(document.querySelectorAll('[data-viz][data-viz-spec]'), draw);
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
