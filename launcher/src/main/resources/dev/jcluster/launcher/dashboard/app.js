// The jcluster dashboard: one EventSource, a push a second; everything drawn from what it carries.
(function () {
  "use strict";
  const STREAM_WINDOW_MS = 120000;
  const COLORS = { ok: "#2e9e5b", error: "#d64541", timeout: "#e8912d", cancelled: "#9aa5b1", engine_lost: "#8e5bd6" };
  const bars = new Map();          // task id -> bar {id, e, s, f, o}
  let plot = null;
  let last = null;

  const $ = (id) => document.getElementById(id);
  const fmt = (n) => n.toLocaleString("en-US");
  const el = (tag, cls, text) => { const x = document.createElement(tag); if (cls) x.className = cls; if (text !== undefined) x.textContent = text; return x; };

  function bytes(b) {
    if (b <= 0) return "–";
    const u = ["B", "K", "M", "G"]; let i = 0;
    while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
    return (b < 10 ? b.toFixed(1) : Math.round(b)) + u[i];
  }

  function counters(s) {
    $("cluster").textContent = s.cluster;
    $("engines-count").textContent = fmt(s.live);
    $("queued").textContent = fmt(s.queued);
    $("completed").textContent = fmt(s.completed);
    $("failed").textContent = fmt(s.failed);
    $("failed").classList.toggle("nonzero", s.failed > 0);
    $("rate").textContent = s.rate >= 100 ? fmt(Math.round(s.rate)) : s.rate.toFixed(1);
    $("adapt").textContent = s.adapt || "";
  }

  function chart(s) {
    const data = [s.series.t, s.series.rate, s.series.queued];
    const box = $("chart");
    if (!plot) {
      plot = new uPlot({
        width: box.clientWidth, height: 230,
        scales: { x: { time: true }, q: { auto: true } },
        series: [{}, { label: "tasks/s", stroke: "#2d6cdf", width: 2, fill: "rgba(45,108,223,.08)" },
                 { label: "queued", stroke: "#e8912d", width: 2, scale: "q" }],
        axes: [{}, { label: "tasks/s" }, { side: 1, scale: "q", label: "queued", grid: { show: false } }],
        legend: { show: true }
      }, data, box);
      window.addEventListener("resize", () => plot.setSize({ width: box.clientWidth, height: 230 }));
    } else {
      plot.setData(data);
    }
  }

  function engines(s) {
    const body = $("engine-table").tBodies[0];
    const rows = [];
    const shown = s.engines.slice(0, 500);
    for (const e of shown) {
      const tr = el("tr");
      tr.dataset.engine = e.id;
      tr.append(el("td", "num", e.id), el("td", "", e.host));
      const st = el("td"); st.append(el("span", "state " + e.state, e.state)); tr.append(st);
      tr.append(el("td", "num", e.task > 0 ? e.task : "–"),
        el("td", "num", e.cpu < 0 ? "–" : (e.cpu * 100).toFixed(0) + "%"),
        el("td", "num", bytes(e.heapUsed) + " / " + bytes(e.heapMax)),
        el("td", "num", fmt(e.done)), el("td", "num", fmt(e.failed)));
      rows.push(tr);
    }
    if (s.engines.length > shown.length) {
      const tr = el("tr"); const td = el("td", "empty", "… and " + (s.engines.length - shown.length) + " more");
      td.colSpan = 8; tr.append(td); rows.push(tr);
    }
    body.replaceChildren(...rows);
  }

  function stream(s, now) {
    for (const b of s.bars) bars.set(b.id, b);
    for (const [id, b] of bars) if (b.f < now - STREAM_WINDOW_MS) bars.delete(id);
    const canvas = $("stream");
    const lanes = [...new Set([...s.engines.map((e) => e.id), ...[...bars.values()].map((b) => b.e)])].sort((a, b) => a - b);
    const wanted = Math.max(90, Math.min(420, lanes.length * 16 + 24)) + "px";
    if (canvas.style.height !== wanted) canvas.style.height = wanted;
    const w = canvas.clientWidth, h = canvas.clientHeight, ratio = window.devicePixelRatio || 1;
    if (canvas.width !== w * ratio || canvas.height !== h * ratio) { canvas.width = w * ratio; canvas.height = h * ratio; }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    const left = 44, from = now - STREAM_WINDOW_MS;
    const laneH = Math.max(1, Math.min(16, Math.floor((h - 20) / Math.max(1, lanes.length))));
    const x = (t) => left + (w - left - 4) * (t - from) / STREAM_WINDOW_MS;
    g.font = "11px DejaVu Sans, sans-serif"; g.fillStyle = "#6b7785"; g.strokeStyle = "#e2e7ec";
    for (let sec = 0; sec <= 120; sec += 30) {
      const xx = x(now - sec * 1000);
      g.beginPath(); g.moveTo(xx, 0); g.lineTo(xx, h - 14); g.stroke();
      g.fillText(sec === 0 ? "now" : "-" + sec + "s", xx - 14, h - 2);
    }
    const index = new Map(lanes.map((id, i) => [id, i]));
    if (laneH >= 10) lanes.forEach((id, i) => g.fillText("e" + id, 4, i * laneH + laneH - 3));
    let drawn = 0;
    for (const b of bars.values()) {
      const i = index.get(b.e);
      if (i === undefined) continue;
      const x0 = Math.max(left, x(b.s)), x1 = Math.max(x0 + 1.5, x(b.f));
      g.fillStyle = COLORS[b.o] || "#444";
      g.fillRect(x0, i * laneH + 1, x1 - x0, Math.max(1, laneH - 2));
      drawn++;
    }
    if (lanes.length === 0) { g.fillStyle = "#6b7785"; g.fillText("no engines", left, 20); }
    canvas.dataset.bars = drawn;
  }

  let shownEvents = null;
  function events(s) {
    const key = s.events.join("\n");
    if (key === shownEvents) return;
    shownEvents = key;
    const list = $("event-list");
    if (s.events.length === 0) { list.replaceChildren(el("li", "empty", "nothing yet: engines joining, draining or lost, and scaling, show here")); return; }
    list.replaceChildren(...s.events.slice().reverse().map((t) => el("li", "", t)));
  }

  let shownFailures = null;
  function failures(s) {
    // redrawn only when it changes: a list that is rebuilt every second slips from under the pointer
    const ids = s.failures.map((f) => f.id).join(",");
    if (ids === shownFailures) return;
    shownFailures = ids;
    const list = $("failure-list");
    if (s.failures.length === 0) { list.replaceChildren(el("li", "empty", "no failed tasks")); return; }
    list.replaceChildren(...s.failures.map((f) => {
      const li = el("li"); li.dataset.task = f.id;
      li.append(el("div", "err", "task " + f.id + ": " + (f.error || "failed")),
        el("div", "", f.message || ""), el("div", "where", "engine " + f.engine + " on " + f.host + " at " + new Date(f.finishedAt).toLocaleTimeString()));
      li.addEventListener("click", () => detail(f.id));
      return li;
    }));
  }

  async function detail(id) {
    const r = await fetch("/task/" + id);
    const d = await r.json();
    $("detail-title").textContent = "task " + id + (d.found ? " · " + d.outcome + " on engine " + d.engine + " (" + d.host + ")" : " · no longer known");
    $("detail-message").textContent = d.found ? (d.error || "") + (d.message ? ": " + d.message : "") : (d.problem || "");
    $("detail-trace").textContent = d.trace || "(none)";
    $("detail-output").textContent = ((d.stdout || "") + (d.stderr ? "\n[stderr]\n" + d.stderr : "")) || "(none)";
    $("detail").showModal();
  }

  function render(s) {
    last = s;
    counters(s); chart(s); engines(s); stream(s, s.time); events(s); failures(s);
  }

  $("detail-close").addEventListener("click", () => $("detail").close());
  window.addEventListener("resize", () => { if (last) stream({ ...last, bars: [] }, last.time); });
  const source = new EventSource("/events");
  source.onopen = () => { $("connection").textContent = "live"; $("connection").className = "connection live"; };
  source.onerror = () => { $("connection").textContent = "reconnecting…"; $("connection").className = "connection down"; };
  source.onmessage = (m) => render(JSON.parse(m.data));
})();
