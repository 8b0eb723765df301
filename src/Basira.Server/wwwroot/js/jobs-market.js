// Basira — the live labour-market dashboard (/jobs/market). Loaded from the site itself (CSP script-src 'self'); the page
// carries every text in its language in data- attributes, so this file holds no words. It follows the server-sent events
// of /api/jobs/market/stream: a snapshot, then the cells (occupation × region) that changed, and updates the totals and
// the table in place (rows keyed by data-cell="occupation|region"). The table's data-version is the market version shown.
(function () {
  'use strict';

  var table = document.getElementById('market-cells');
  if (!table || !window.EventSource) return;
  var body = table.tBodies[0];
  var live = document.getElementById('market-live');
  var state = live ? live.querySelector('[data-live-state]') : null;
  var regions = {};
  (table.getAttribute('data-regions') || '').split(';').forEach(function (kv) {
    var i = kv.indexOf('=');
    if (i > 0) regions[kv.slice(0, i)] = kv.slice(i + 1);
  });
  var fields = ['occupation', 'region', 'open_offers', 'positions', 'seekers', 'tension', 'gaps'];

  function setState(on) {
    if (!state || !live) return;
    state.setAttribute('data-live-state', on ? 'on' : 'off');
    state.textContent = live.getAttribute(on ? 'data-live-on' : 'data-live-off');
  }

  function regionName(code) {
    if (code === 'remote') return table.getAttribute('data-remote');
    return regions[code] || code;
  }

  function text(cell, field) {
    switch (field) {
      case 'occupation': return cell.occupation;
      case 'region': return regionName(cell.region);
      case 'open_offers': return String(cell.open_offers);
      case 'positions': return String(cell.positions);
      case 'seekers': return String(cell.seekers);
      case 'tension': return cell.tension === null || cell.tension === undefined ? table.getAttribute('data-undefined') : cell.tension.toFixed(2);
      case 'gaps': return (cell.gaps || []).slice(0, 3).map(function (g) { return g.label + ' (+' + g.gap.toFixed(2) + ')'; }).join(' · ');
    }
    return '';
  }

  function row(key) {
    for (var i = 0; i < body.rows.length; i++) {
      if (body.rows[i].getAttribute('data-cell') === key) return body.rows[i];
    }
    return null;
  }

  function apply(update) {
    var totals = { open_offers: update.open_offers, positions: update.positions, active_seekers: update.active_seekers };
    Object.keys(totals).forEach(function (k) {
      var dd = document.querySelector('[data-total="' + k + '"]');
      if (dd) dd.textContent = String(totals[k]);
    });
    (update.cells || []).forEach(function (cell) {
      var key = cell.occupation_id + '|' + cell.region;
      var tr = row(key);
      if (cell.open_offers === 0 && cell.seekers === 0) {
        if (tr) tr.parentNode.removeChild(tr);
        return;
      }
      if (!tr) {
        tr = document.createElement('tr');
        tr.setAttribute('data-cell', key);
        fields.forEach(function (f, i) {
          var td = document.createElement(i === 0 ? 'th' : 'td');
          if (i === 0) td.setAttribute('scope', 'row');
          td.setAttribute('data-field', f);
          tr.appendChild(td);
        });
        body.insertBefore(tr, body.firstChild);
      }
      fields.forEach(function (f) {
        var td = tr.querySelector('[data-field="' + f + '"]');
        if (td) td.textContent = text(cell, f);
      });
      tr.setAttribute('data-updated', String(update.version));
    });
    table.setAttribute('data-version', String(update.version));
    var dl = document.getElementById('market-totals');
    if (dl) dl.setAttribute('data-version', String(update.version));
  }

  var source = new EventSource(table.getAttribute('data-stream'));
  source.addEventListener('snapshot', function (e) { apply(JSON.parse(e.data)); setState(true); });
  source.addEventListener('cells', function (e) { apply(JSON.parse(e.data)); });
  source.onopen = function () { setState(true); };
  source.onerror = function () { setState(false); }; // the browser reconnects by itself
})();
