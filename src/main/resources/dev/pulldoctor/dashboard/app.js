// Pull Doctor dashboard. Every string from the API may come from a log entry (pod names,
// messages), so text reaches the page only through textContent and createElement: this file
// never assigns HTML. The server's Content-Security-Policy forbids inline scripts as a second line.
'use strict';

(() => {
  const REFRESH_MS = 15000;
  const PAGE_SIZE = 50;
  const EXCLUSIVE = ['rootCause', 'cluster', 'project'];

  const state = {
    filter: { status: 'OPEN', rootCause: '', cluster: '', project: '' },
    tokens: [null], // tokens[i] is the page token of page i; page 0 has none
    page: 0,
    next: null,
    rows: [],
    sort: { key: 'lastSeen', dir: -1, server: true },
    detail: null,
    timer: null,
    rootCausesListed: false,
  };

  const $ = (id) => document.getElementById(id);

  // --- DOM helpers: text only -------------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function pad(n) {
    return String(n).padStart(2, '0');
  }

  function formatTime(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (isNaN(d)) return String(iso);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
        `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  function timeCell(iso) {
    const td = el('td');
    const t = el('time', null, formatTime(iso));
    if (iso) {
      t.setAttribute('datetime', iso);
      t.title = iso;
    }
    td.appendChild(t);
    return td;
  }

  function label(value) {
    return value === null || value === undefined || value === '' ? '—' : String(value);
  }

  // --- API --------------------------------------------------------------------------------------

  async function getJson(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' } });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      // Not JSON: reported below with the status.
    }
    if (!response.ok) {
      const message = body && body.error ? body.error : `HTTP ${response.status}`;
      throw new Error(message);
    }
    return body;
  }

  function incidentsUrl() {
    const params = new URLSearchParams();
    params.set('status', state.filter.status);
    for (const name of EXCLUSIVE) {
      if (state.filter[name]) params.set(name, state.filter[name]);
    }
    params.set('limit', String(PAGE_SIZE));
    const token = state.tokens[state.page];
    if (token) params.set('pageToken', token);
    return '/api/incidents?' + params.toString();
  }

  function showError(message) {
    const box = $('error');
    box.textContent = message;
    box.hidden = !message;
  }

  // --- Summary: counts and chart ----------------------------------------------------------------

  async function loadSummary() {
    const s = await getJson('/api/summary');
    renderCounts($('by-root-cause'), s.byRootCause, 'rootCause', 'diagnosis pending');
    renderCounts($('by-cluster'), s.byCluster, 'cluster', 'cluster unknown');
    renderChart(s.occurrences);
    listRootCauses(s.rootCauses);
    listClusters(s.byCluster);
    $('summary-note').textContent = s.truncated
      ? `Counts cover the ${s.openRead} most recently seen open incidents only (the summary ` +
        `reads at most ${s.maxRead}).`
      : `${s.openRead} open incident${s.openRead === 1 ? '' : 's'}.`;
  }

  function renderCounts(list, items, filterName, nullLabel) {
    clear(list);
    if (!items.length) {
      list.appendChild(el('li', 'empty', 'None open.'));
      return;
    }
    for (const item of items) {
      const li = el('li');
      li.dataset.key = item.key === null ? '' : item.key;
      li.dataset.count = String(item.count);
      const name = el('span', 'count-name', item.key === null ? nullLabel : item.key);
      const count = el('span', 'count-value', item.count);
      if (item.key === null) {
        li.append(name, count);
      } else {
        const button = el('button', 'count-button');
        button.type = 'button';
        button.title = `Show the open incidents of ${item.key}`;
        button.append(name, count);
        button.addEventListener('click', () => {
          setFilter({ status: 'OPEN', rootCause: '', cluster: '', project: '', [filterName]: item.key });
        });
        li.appendChild(button);
      }
      list.appendChild(li);
    }
  }

  function listRootCauses(rootCauses) {
    if (state.rootCausesListed) return;
    const select = $('f-root-cause');
    for (const cause of rootCauses) {
      const option = el('option', null, cause);
      option.value = cause;
      select.appendChild(option);
    }
    select.value = state.filter.rootCause;
    state.rootCausesListed = true;
  }

  function listClusters(byCluster) {
    const list = $('cluster-names');
    clear(list);
    for (const item of byCluster) {
      if (item.key === null) continue;
      const option = el('option');
      option.value = item.key;
      list.appendChild(option);
    }
  }

  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, String(value));
    }
    return node;
  }

  function renderChart(chart) {
    const box = $('chart');
    clear(box);
    const width = 480;
    const height = 150;
    const left = 34;
    const bottom = 22;
    const top = 8;
    const buckets = chart.buckets;
    const max = Math.max(1, ...buckets.map((b) => b.count));
    const total = buckets.reduce((sum, b) => sum + b.count, 0);
    const peak = buckets.reduce((best, b) => (b.count > best.count ? b : best), buckets[0]);
    const root = svg('svg', {
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': 'chart-title chart-desc',
      class: 'chart',
    });
    const desc = svg('desc', { id: 'chart-desc' });
    desc.textContent = `${total} occurrences in the last 24 hours` +
        (total ? `; the busiest hour began at ${formatTime(peak.start)} with ${peak.count}.` : '.');
    root.appendChild(desc);
    const plotHeight = height - bottom - top;
    const step = (width - left) / buckets.length;
    root.appendChild(svg('line', { x1: left, y1: top + plotHeight, x2: width, y2: top + plotHeight, class: 'axis' }));
    const maxLabel = svg('text', { x: left - 4, y: top + 8, class: 'tick', 'text-anchor': 'end' });
    maxLabel.textContent = String(max);
    const zeroLabel = svg('text', { x: left - 4, y: top + plotHeight, class: 'tick', 'text-anchor': 'end' });
    zeroLabel.textContent = '0';
    root.append(maxLabel, zeroLabel);
    buckets.forEach((b, i) => {
      const h = Math.round((b.count / max) * plotHeight);
      const bar = svg('rect', {
        x: (left + i * step + 1).toFixed(1),
        y: top + plotHeight - h,
        width: Math.max(1, step - 2).toFixed(1),
        height: h,
        class: 'bar',
      });
      const title = svg('title');
      const start = new Date(b.start);
      title.textContent = `${pad(start.getHours())}:00 — ${b.count} occurrence${b.count === 1 ? '' : 's'}`;
      bar.appendChild(title);
      root.appendChild(bar);
      if (i % 6 === 0) {
        const tick = svg('text', { x: (left + i * step).toFixed(1), y: height - 6, class: 'tick' });
        tick.textContent = `${pad(start.getHours())}:00`;
        root.appendChild(tick);
      }
    });
    box.appendChild(root);
    $('chart-note').textContent = (chart.estimated ? 'Partly estimated: ' : 'Counted: ') +
        chart.method + '.' +
        (chart.complete ? '' : ' Some incidents of the last 24 hours were not read.');
  }

  // --- Incidents table --------------------------------------------------------------------------

  async function loadPage() {
    const body = await getJson(incidentsUrl());
    state.rows = body.incidents;
    state.next = body.nextPageToken;
    renderTable();
    renderPager();
  }

  const COLUMNS = ['status', 'rootCause', 'cluster', 'nodePool', 'nodeServiceAccount', 'repository',
    'occurrences', 'firstSeen', 'lastSeen'];

  function sortedRows() {
    if (state.sort.server) return state.rows;
    const { key, dir } = state.sort;
    return [...state.rows].sort((a, b) => {
      const x = a[key];
      const y = b[key];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1; // blanks last, whichever the direction
      if (y === null || y === undefined) return -1;
      if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
      return String(x).localeCompare(String(y)) * dir;
    });
  }

  function renderTable() {
    const body = $('incidents').tBodies[0];
    clear(body);
    const rows = sortedRows();
    if (!rows.length) {
      const tr = el('tr');
      const td = el('td', 'empty', 'No incidents match these filters.');
      td.colSpan = COLUMNS.length;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    for (const row of rows) {
      const tr = el('tr');
      tr.dataset.fingerprint = row.fingerprint;
      const status = el('td');
      status.appendChild(el('span', `badge status-${String(row.status).toLowerCase()}`, row.status));
      tr.appendChild(status);
      const cause = el('td');
      const open = el('button', 'link', row.rootCause || 'diagnosis pending');
      open.type = 'button';
      open.setAttribute('aria-label', `Details of ${row.rootCause || 'undiagnosed incident'} in ` +
          `${row.cluster}, pool ${label(row.nodePool)}`);
      open.addEventListener('click', () => openDetail(row.fingerprint, true));
      cause.appendChild(open);
      tr.appendChild(cause);
      tr.appendChild(el('td', 'mono', label(row.cluster)));
      tr.appendChild(el('td', 'mono', label(row.nodePool)));
      tr.appendChild(el('td', 'mono', label(row.nodeServiceAccount)));
      tr.appendChild(el('td', 'mono', label(row.repository)));
      tr.appendChild(el('td', 'num', row.occurrences));
      tr.appendChild(timeCell(row.firstSeen));
      tr.appendChild(timeCell(row.lastSeen));
      if (state.detail && state.detail.fingerprint === row.fingerprint) tr.classList.add('selected');
      body.appendChild(tr);
    }
    updateSortHeaders();
    const statusText = state.filter.status === 'ANY' ? 'All' :
        state.filter.status.charAt(0) + state.filter.status.slice(1).toLowerCase();
    const narrowed = EXCLUSIVE.filter((n) => state.filter[n]).map((n) => `${n} ${state.filter[n]}`);
    $('table-caption').textContent = `${statusText} incidents` +
        (narrowed.length ? ` with ${narrowed.join(', ')}` : '') + ', newest first' +
        (state.sort.server ? '' : ` (this page sorted by ${state.sort.key})`);
  }

  function updateSortHeaders() {
    for (const th of document.querySelectorAll('#incidents th[data-key]')) {
      const active = th.dataset.key === state.sort.key;
      if (active) {
        th.setAttribute('aria-sort', state.sort.dir > 0 ? 'ascending' : 'descending');
      } else {
        th.removeAttribute('aria-sort');
      }
    }
  }

  function sortBy(key) {
    if (state.sort.key === key) {
      state.sort = { key, dir: -state.sort.dir, server: false };
    } else {
      state.sort = { key, dir: key === 'occurrences' || key.endsWith('Seen') ? -1 : 1, server: false };
    }
    renderTable();
  }

  function renderPager() {
    $('prev').disabled = state.page === 0;
    $('next').disabled = !state.next;
    $('page-label').textContent = `Page ${state.page + 1}`;
  }

  async function goToPage(delta) {
    if (delta > 0) {
      if (!state.next) return;
      state.tokens[state.page + 1] = state.next;
      state.page += 1;
    } else {
      if (state.page === 0) return;
      state.page -= 1;
    }
    await run(loadPage);
  }

  // --- Filters ----------------------------------------------------------------------------------

  function readForm() {
    return {
      status: $('f-status').value,
      rootCause: $('f-root-cause').value,
      cluster: $('f-cluster').value.trim(),
      project: $('f-project').value.trim(),
    };
  }

  function writeForm() {
    $('f-status').value = state.filter.status;
    $('f-root-cause').value = state.filter.rootCause;
    $('f-cluster').value = state.filter.cluster;
    $('f-project').value = state.filter.project;
  }

  // Firestore has an index per filter, not per combination of root cause, cluster and project.
  function keepOneExclusive(changed) {
    const ids = { rootCause: 'f-root-cause', cluster: 'f-cluster', project: 'f-project' };
    if (!$(ids[changed]).value.trim()) return;
    for (const other of EXCLUSIVE) {
      if (other !== changed) $(ids[other]).value = '';
    }
  }

  function setFilter(filter) {
    state.filter = filter;
    state.tokens = [null];
    state.page = 0;
    state.sort = { key: 'lastSeen', dir: -1, server: true };
    writeForm();
    run(loadPage);
  }

  // --- Detail -----------------------------------------------------------------------------------

  async function openDetail(fingerprint, focus) {
    const finding = await runValue(() => getJson('/api/incidents/' + encodeURIComponent(fingerprint)));
    if (!finding) return;
    state.detail = finding;
    renderDetail(finding);
    for (const tr of document.querySelectorAll('#incidents tbody tr')) {
      tr.classList.toggle('selected', tr.dataset.fingerprint === fingerprint);
    }
    const section = $('detail');
    section.hidden = false;
    if (focus) {
      $('detail-title').focus();
      section.scrollIntoView({ block: 'start' });
    }
  }

  function renderDetail(f) {
    const advice = f.advice || {};
    $('detail-title').textContent = `${f.rootCause || 'Diagnosis pending'} — ${label(f.cluster)}, pool ${label(f.nodePool)}`;
    $('d-summary').textContent = f.summary || advice.summary || 'No diagnosis yet.';
    facts($('d-facts'), [
      ['Status', f.status],
      ['Root cause', f.rootCause],
      ['Failure kind', f.failureKind],
      ['Cluster', f.cluster],
      ['Node pool', f.nodePool],
      ['Node service account', f.nodeServiceAccount],
      ['Repository', f.repository],
      ['Image', f.image],
      ['Occurrences', f.occurrences],
      ['First seen', formatTime(f.firstSeen)],
      ['Last seen', formatTime(f.lastSeen)],
      ['Last diagnosed', formatTime(f.lastDiagnosedAt)],
      ['Namespaces', (f.namespaces || []).join(', ')],
      ['Incident', f.fingerprint],
    ]);
    $('d-fix').textContent = advice.fix || 'No fix recorded.';
    const commands = $('d-commands');
    clear(commands);
    (advice.commands || []).forEach((command, i) => {
      commands.appendChild(copyable(command, `Copy command ${i + 1}`, 'fix-command'));
    });
    const retry = $('d-retry');
    clear(retry);
    if (advice.retry) {
      retry.appendChild(el('p', null, 'Then make the pod pull again:'));
      retry.appendChild(copyable(advice.retry, 'Copy the retry command', 'retry-command'));
    }
    const terraform = $('d-terraform');
    clear(terraform);
    if (advice.terraform) {
      terraform.appendChild(copyable(advice.terraform, 'Copy the Terraform snippet', 'terraform'));
    } else {
      terraform.appendChild(el('p', 'note', 'No Terraform: this fix is not a resource change.'));
    }
    const r = f.remediation || {};
    const known = ['mode', 'plan', 'applied', 'verified', 'refusedBecause', 'before', 'after'];
    const rows = known.filter((k) => k in r).map((k) => [k, r[k]]);
    for (const [k, v] of Object.entries(r)) {
      if (!known.includes(k)) rows.push([k, v]);
    }
    if (!rows.length) rows.push(['mode', 'none recorded']);
    facts($('d-remediation'), rows);
    const pods = $('d-pods');
    clear(pods);
    for (const pod of f.pods || []) pods.appendChild(el('li', 'mono', pod));
    if (!(f.pods || []).length) pods.appendChild(el('li', 'empty', 'No pod recorded.'));
    const evidence = $('d-evidence');
    clear(evidence);
    evidence.appendChild(value(f.evidence || {}));
  }

  function facts(dl, rows) {
    clear(dl);
    for (const [name, v] of rows) {
      dl.appendChild(el('dt', null, name));
      const dd = el('dd');
      dd.appendChild(value(v));
      dl.appendChild(dd);
    }
  }

  // Any JSON value as nested lists, text only.
  function value(v) {
    if (v === null || v === undefined || v === '') return el('span', 'none', '—');
    if (Array.isArray(v)) {
      if (!v.length) return el('span', 'none', 'none');
      const ul = el('ul', 'plain');
      for (const item of v) {
        const li = el('li');
        li.appendChild(value(item));
        ul.appendChild(li);
      }
      return ul;
    }
    if (typeof v === 'object') {
      const dl = el('dl', 'nested');
      for (const [k, item] of Object.entries(v)) {
        dl.appendChild(el('dt', null, k));
        const dd = el('dd');
        dd.appendChild(value(item));
        dl.appendChild(dd);
      }
      return dl;
    }
    return el('span', typeof v === 'string' ? 'text' : 'scalar', v);
  }

  function copyable(text, buttonLabel, className) {
    const box = el('div', 'copyable ' + className);
    const pre = el('pre');
    const code = el('code', null, text);
    pre.appendChild(code);
    const button = el('button', 'copy', 'Copy');
    button.type = 'button';
    button.setAttribute('aria-label', buttonLabel);
    button.addEventListener('click', () => copy(text, code, button));
    box.append(pre, button);
    return box;
  }

  async function copy(text, code, button) {
    let done = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        done = true;
      }
    } catch (e) {
      // Denied: fall back to selecting the text.
    }
    if (!done) {
      const range = document.createRange();
      range.selectNodeContents(code);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      done = document.execCommand && document.execCommand('copy');
    }
    button.textContent = done ? 'Copied' : 'Selected — press Ctrl+C';
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  }

  function closeDetail() {
    state.detail = null;
    $('detail').hidden = true;
    for (const tr of document.querySelectorAll('#incidents tbody tr.selected')) tr.classList.remove('selected');
    $('incidents-title').focus();
  }

  // --- Refresh ----------------------------------------------------------------------------------

  async function run(action) {
    try {
      await action();
      showError('');
      return true;
    } catch (e) {
      showError(e.message);
      return false;
    }
  }

  async function runValue(action) {
    try {
      const v = await action();
      showError('');
      return v;
    } catch (e) {
      showError(e.message);
      return null;
    }
  }

  let refreshing = false;

  async function refresh() {
    if (refreshing) return;
    refreshing = true;
    const status = $('refresh-status');
    try {
      const parts = [loadSummary(), loadPage()];
      if (state.detail) parts.push(openDetail(state.detail.fingerprint, false));
      await Promise.all(parts);
      showError('');
      status.textContent = `Last refreshed at ${new Date().toLocaleTimeString()}`;
      status.classList.remove('failed');
    } catch (e) {
      showError(e.message);
      status.textContent = `Refresh failed at ${new Date().toLocaleTimeString()}: ${e.message}`;
      status.classList.add('failed');
    } finally {
      refreshing = false;
      document.body.dataset.refreshed = String(Date.now());
    }
  }

  function setAutoRefresh(on) {
    if (state.timer) clearInterval(state.timer);
    state.timer = on ? setInterval(refresh, REFRESH_MS) : null;
  }

  // --- Wiring -----------------------------------------------------------------------------------

  function start() {
    writeForm();
    $('filters').addEventListener('submit', (event) => {
      event.preventDefault();
      setFilter(readForm());
    });
    $('f-clear').addEventListener('click', () => {
      setFilter({ status: 'OPEN', rootCause: '', cluster: '', project: '' });
    });
    $('f-root-cause').addEventListener('change', () => keepOneExclusive('rootCause'));
    $('f-cluster').addEventListener('change', () => keepOneExclusive('cluster'));
    $('f-project').addEventListener('change', () => keepOneExclusive('project'));
    for (const th of document.querySelectorAll('#incidents th[data-key]')) {
      th.querySelector('button').addEventListener('click', () => sortBy(th.dataset.key));
    }
    $('prev').addEventListener('click', () => goToPage(-1));
    $('next').addEventListener('click', () => goToPage(1));
    $('detail-close').addEventListener('click', closeDetail);
    $('refresh-now').addEventListener('click', refresh);
    $('auto-refresh').addEventListener('change', (event) => setAutoRefresh(event.target.checked));
    refresh();
    setAutoRefresh($('auto-refresh').checked);
  }

  start();
})();
