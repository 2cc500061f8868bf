// The PoT node's explorer: one page over the node's JSON-RPC API (POST /) and its WebSocket
// (/ws, newBlocks). No framework, no build step. Every value from the node reaches the page
// through text nodes (textContent) or a property of an element, never as markup.
//
// Routes (the URL fragment, so every view can be linked to and "back" works):
//   #/                 home: status, charts, latest blocks and transactions (live)
//   #/address/ADDR     balance, delegations and rewards, unbondings, datasets, tasks, history
//   #/validator/ADDR   stake, commission, uptime, delegators, slashes, votes; all validators
//   #/validators, #/tasks, #/proposals, #/params
//   #/task/ID, #/dataset/HASH, #/proposal/ID, #/tx/HASH, #/block/HEIGHT
"use strict";

(() => {
  // The token's display unit: amounts are shown exactly in base units, with this beside them.
  const DISPLAY_UNIT = "POT";
  const DISPLAY_DECIMALS = 6;
  const BLOCKS_SHOWN = 20;
  const TXS_SHOWN = 12;
  const CHART_BLOCKS = 100;
  const HISTORY_PAGE = 20;

  // ---- JSON-RPC ----------------------------------------------------------------------------

  class RpcError extends Error {
    constructor(method, code, message) {
      super(`${method}: ${message} (code ${code})`);
      this.code = code;
    }
  }

  // Amounts are unsigned 64-bit on the chain; keep integers beyond 2^53 exact as BigInt where
  // the browser hands the reviver the source text.
  function parseJson(text) {
    return JSON.parse(text, (key, value, context) =>
      typeof value === "number" && !Number.isSafeInteger(value) && context
        && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value);
  }

  let nextId = 1;

  async function rpc(method, params = {}) {
    let response;
    try {
      response = await fetch("/", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
      });
    } catch (e) {
      throw new Error(`${method}: the node did not answer (${e.message})`);
    }
    if (!response.ok) {
      throw new Error(`${method}: HTTP ${response.status}`);
    }
    const body = parseJson(await response.text());
    if (body.error) {
      throw new RpcError(method, body.error.code, body.error.message);
    }
    return body.result;
  }

  // The result, or null when the node answers "invalid params" (no such thing).
  async function rpcOrNull(method, params) {
    try {
      return await rpc(method, params);
    } catch (e) {
      if (e instanceof RpcError && e.code === -32602) {
        return null;
      }
      throw e;
    }
  }

  // ---- DOM helpers -------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);

  // el("td", {className: "x", title: "..."}, "text", childNode, ...): strings become text nodes;
  // props are set as properties, except "data-*" and "aria-*", set as attributes.
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (name.startsWith("data-") || name.startsWith("aria-")) {
        node.setAttribute(name, String(value));
      } else {
        node[name] = value;
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) {
        continue;
      }
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const dash = () => "–";
  const yesNo = (b) => (b ? "yes" : "no");
  const num = (n) => (n === null || n === undefined ? "–" : BigInt(n).toLocaleString("en-US"));

  // An amount: the exact integer in base units, and the same in the display unit beside it.
  function amount(n) {
    if (n === null || n === undefined) {
      return dash();
    }
    const b = BigInt(n);
    const neg = b < 0n;
    const a = neg ? -b : b;
    const scale = 10n ** BigInt(DISPLAY_DECIMALS);
    const frac = (a % scale).toString().padStart(DISPLAY_DECIMALS, "0").replace(/0+$/, "");
    const display = `${neg ? "−" : ""}${(a / scale).toLocaleString("en-US")}`
      + `${frac ? `.${frac}` : ""} ${DISPLAY_UNIT}`;
    return el("span", { className: "amount" },
      el("span", { className: "base" }, b.toLocaleString("en-US")),
      el("span", { className: "unit" }, " base"),
      el("span", { className: "display" }, ` ≈ ${display}`));
  }

  function shortHash(hex) {
    return hex.length > 16 ? `${hex.slice(0, 8)}…${hex.slice(-6)}` : hex;
  }

  function shortAddress(a) {
    return a.length > 20 ? `${a.slice(0, 9)}…${a.slice(-5)}` : a;
  }

  function copyButton(value) {
    const b = el("button", { type: "button", className: "copy", title: "copy", "aria-label": `copy ${value}` }, "copy");
    b.addEventListener("click", async (e) => {
      e.preventDefault();
      e.stopPropagation();
      try {
        await navigator.clipboard.writeText(value);
        b.textContent = "copied";
      } catch (err) {
        // no clipboard here (an insecure origin): select the full value for the reader to copy
        const range = document.createRange();
        range.selectNodeContents(b.previousSibling);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        b.textContent = "selected";
      }
      setTimeout(() => { b.textContent = "copy"; }, 1200);
    });
    return b;
  }

  // A link to a route showing `value` shortened, the full value in its title, and a copy button.
  function ref(kind, value, shortener = shortHash) {
    if (value === null || value === undefined || value === "") {
      return dash();
    }
    const s = String(value);
    return el("span", { className: "ref" },
      el("a", { href: `#/${kind}/${encodeURIComponent(s)}`, title: s, className: `ref-${kind}`, "data-value": s },
        shortener(s)),
      copyButton(s));
  }

  const address = (a) => ref("address", a, shortAddress);
  const validatorRef = (a) => ref("validator", a, shortAddress);
  const taskRef = (id) => ref("task", id);
  const datasetRef = (h) => ref("dataset", h);
  const txRef = (h) => ref("tx", h);
  const blockRef = (h) => (h === null || h === undefined ? dash()
    : el("a", { href: `#/block/${h}`, className: "ref-block" }, num(h)));

  // A hash that has no page of its own: shortened, whole in its title, with a copy button.
  function hashText(hex) {
    return el("span", { className: "ref" }, el("code", { title: hex }, shortHash(hex)), copyButton(hex));
  }

  // A full value (hash, address) shown whole, with a copy button.
  function full(value) {
    return el("span", { className: "ref" }, el("code", { className: "full" }, String(value)),
      copyButton(String(value)));
  }

  function relative(ms) {
    const s = Math.round((Date.now() - ms) / 1000);
    const abs = Math.abs(s);
    const [n, unit] = abs < 60 ? [abs, "s"] : abs < 3600 ? [Math.floor(abs / 60), "min"]
      : abs < 86400 ? [Math.floor(abs / 3600), "h"] : [Math.floor(abs / 86400), "d"];
    return s >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
  }

  function absolute(ms) {
    return `${new Date(ms).toISOString().replace("T", " ").slice(0, 19)} UTC`;
  }

  // A time, relative and absolute; the relative part is kept current by refreshTimes.
  function time(ms) {
    const m = Number(ms);
    return el("time", { dateTime: new Date(m).toISOString(), title: absolute(m), "data-ms": m },
      el("span", { className: "rel" }, relative(m)), " · ",
      el("span", { className: "abs" }, absolute(m)));
  }

  function refreshTimes() {
    for (const t of document.querySelectorAll("time[data-ms] .rel")) {
      t.textContent = relative(Number(t.parentElement.getAttribute("data-ms")));
    }
  }

  function row(...cells) {
    return el("tr", {}, ...cells.map((c) => el("td", {}, c)));
  }

  function table(props, headers, rows, emptyText) {
    const body = rows.length ? rows
      : [el("tr", {}, el("td", { colSpan: headers.length, className: "empty" }, emptyText))];
    return el("div", { className: "scroll" },
      el("table", props,
        el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, ...body)));
  }

  function facts(pairs, props = {}) {
    return el("dl", { className: "facts", ...props },
      ...pairs.filter((p) => p).map(([term, value, id]) =>
        el("div", {}, el("dt", {}, term), el("dd", id ? { id } : {}, value))));
  }

  function section(title, ...content) {
    return el("section", {}, el("h2", {}, title), ...content);
  }

  function badge(text, kind = String(text).toLowerCase()) {
    return el("span", { className: `status status-${kind}` }, text);
  }

  function errorBox(e) {
    return el("p", { className: "error", role: "alert" }, e.message || String(e));
  }

  const pct = (part, whole) => (Number(whole) === 0 ? 0 : (100 * Number(part)) / Number(whole));
  const pctText = (p) => `${p.toFixed(2)}%`;

  // ---- events ------------------------------------------------------------------------------

  const AMOUNT_FIELDS = new Set(["amount"]);
  const HEIGHT_FIELDS = new Set(["completion", "until"]);

  // One event: its type and each of its fields, addresses and tasks as links, amounts exact.
  function eventView(e) {
    const parts = [el("span", { className: "etype" }, e.type)];
    for (const [k, v] of Object.entries(e)) {
      if (k === "type" || k === "height") {
        continue;
      }
      let value;
      if (typeof v === "string" && /^pot1[0-9a-z]{20,}$/.test(v)) {
        value = address(v);
      } else if (k === "task" && typeof v === "string" && /^[0-9a-f]{64}$/.test(v)) {
        value = taskRef(v);
      } else if (AMOUNT_FIELDS.has(k)) {
        value = amount(v);
      } else if (HEIGHT_FIELDS.has(k)) {
        value = blockRef(v);
      } else {
        value = String(v);
      }
      parts.push(el("span", { className: "efield" }, el("span", { className: "ekey" }, `${k} `), value));
    }
    return el("li", { className: "event" }, ...parts);
  }

  function eventList(events) {
    return events && events.length ? el("ul", { className: "events" }, ...events.map(eventView))
      : el("span", { className: "empty" }, "no events");
  }

  // ---- live: the WebSocket subscription to new blocks ---------------------------------------

  const blockListeners = new Set();
  let liveSocket = null;
  let liveDelay = 500;

  function setLive(text, ok) {
    const d = $("live");
    d.textContent = text;
    d.className = ok ? "ok" : "muted";
  }

  function connectLive() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    let ws;
    try {
      ws = new WebSocket(`${scheme}://${location.host}/ws`);
    } catch (e) {
      setLive("unavailable", false);
      return;
    }
    liveSocket = ws;
    ws.addEventListener("open", () => {
      liveDelay = 500;
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "pot_subscribe",
        params: { topic: "newBlocks" } }));
    });
    ws.addEventListener("message", (m) => {
      const msg = parseJson(m.data);
      if (msg.id === 1 && msg.result) {
        setLive("subscribed", true);
      } else if (msg.method === "pot_subscription" && msg.params) {
        onNewBlock(msg.params.result);
      } else if (msg.error) {
        setLive(`refused: ${msg.error.message}`, false);
      }
    });
    ws.addEventListener("close", () => {
      setLive("reconnecting", false);
      liveSocket = null;
      setTimeout(connectLive, liveDelay);
      liveDelay = Math.min(liveDelay * 2, 15000);
    });
  }

  async function onNewBlock(b) {
    await refreshStatus();
    for (const listener of [...blockListeners]) {
      try {
        await listener(b);
      } catch (e) {
        showStatusError(e);
      }
    }
  }

  function showStatusError(e) {
    const p = $("status-error");
    p.textContent = e ? e.message : "";
    p.hidden = !e;
  }

  async function refreshStatus() {
    try {
      const s = await rpc("pot_status");
      $("chain-id").textContent = s.chain_id;
      $("height").replaceChildren(blockRef(s.height));
      $("last-block-time").replaceChildren(s.last_block_time ? time(s.last_block_time) : dash());
      $("state-root").replaceChildren(el("code", { title: s.state_root }, shortHash(s.state_root)),
        copyButton(s.state_root));
      $("peers").textContent = String(s.peers);
      $("mempool").textContent = String(s.mempool);
      $("node").textContent = s.node;
      showStatusError(null);
      return s;
    } catch (e) {
      showStatusError(e);
      return null;
    }
  }

  // ---- charts (uPlot) ----------------------------------------------------------------------

  const charts = new Set();

  // A chart's box; `draw(width)` makes the uPlot once the box is on the page.
  function chartBox(id, title, note, draw) {
    const target = el("div", { className: "chart-target" });
    const box = el("figure", { className: "chart", id },
      el("figcaption", {}, el("strong", {}, title), " ", el("span", { className: "muted" }, note)),
      target);
    mounts.push(() => {
      if (typeof uPlot !== "function") {
        target.replaceChildren(el("p", { className: "empty" }, "charts unavailable"));
        return;
      }
      const made = draw(Math.max(240, target.clientWidth), target);
      if (made) {
        charts.add(made);
      } else if (!target.firstChild) {
        target.replaceChildren(el("p", { className: "empty" }, "no data yet"));
      }
    });
    return box;
  }

  let mounts = [];

  function lineOptions(width, seriesLabels, yLabel) {
    return {
      width,
      height: 180,
      scales: { x: { time: true } },
      axes: [{}, { label: yLabel, size: 80, scale: seriesLabels[0].scale || "y" }],
      series: [{}, ...seriesLabels.map((s) => ({ label: s.label, stroke: s.color, width: 2,
        scale: s.scale || "y", fill: s.fill, paths: s.bars ? uPlot.paths.bars({ size: [0.6, 40] }) : undefined }))],
      legend: { show: true },
    };
  }

  window.addEventListener("resize", () => {
    for (const c of charts) {
      if (c.root.isConnected) {
        c.setSize({ width: Math.max(240, c.root.parentElement.clientWidth), height: 180 });
      } else {
        charts.delete(c);
      }
    }
  });

  // ---- pages -------------------------------------------------------------------------------

  async function homePage() {
    const [status, supply, validators, tasks, proposals] = await Promise.all([
      refreshStatus(), rpc("pot_supply"), rpc("pot_getValidators", { all: true }),
      rpc("pot_getTasks"), rpc("pot_getProposals")]);
    const height = status ? Number(status.height) : 0;
    const from = Math.max(1, height - CHART_BLOCKS + 1);
    const blocks = height < 1 ? [] : await rpc("pot_getBlocks", { from, count: height - from + 1 });

    // latest blocks, newest first; new ones arrive over the WebSocket
    const blockBody = el("tbody", {});
    const blockRow = (b) => el("tr", { "data-height": b.height },
      el("td", {}, blockRef(b.height)), el("td", {}, ref("block", String(b.height), () => shortHash(b.hash))),
      el("td", {}, String(b.tx_count)), el("td", {}, validatorRef(b.proposer)), el("td", {}, time(b.time)));
    for (const b of blocks.slice(-BLOCKS_SHOWN).reverse()) {
      blockBody.append(blockRow(b));
    }
    const blockTable = el("div", { className: "scroll" }, el("table", { id: "latest-blocks" },
      el("thead", {}, el("tr", {}, ...["height", "hash", "txs", "proposer", "time"].map((h) => el("th", { scope: "col" }, h)))),
      blockBody));

    // latest transactions, from the newest blocks that hold any
    const txBody = el("tbody", {});
    const txRows = async (b) => {
      const full = await rpc("pot_getBlock", { height: b.height });
      return full.transactions.map((t) => el("tr", {}, el("td", {}, txRef(t.hash)), el("td", {}, t.type),
        el("td", {}, address(t.sender)), el("td", {}, blockRef(b.height)), el("td", {}, time(b.time))));
    };
    const withTxs = blocks.filter((b) => Number(b.tx_count) > 0).reverse();
    for (const b of withTxs) {
      if (txBody.rows.length >= TXS_SHOWN) {
        break;
      }
      txBody.append(...(await txRows(b)));
    }
    const txTable = el("div", { className: "scroll" }, el("table", { id: "latest-txs" },
      el("thead", {}, el("tr", {}, ...["hash", "type", "sender", "block", "time"].map((h) => el("th", { scope: "col" }, h)))),
      txBody));
    const noTxs = el("p", { className: "empty", hidden: txBody.rows.length > 0 }, "no transactions in the latest blocks");

    // charts: supply and issuance, block interval, tasks settled per hour, stake distribution
    const series = { t: [], supply: [], minted: [], interval: [] };
    const pushBlock = (b, supplyAfter) => {
      series.t.push(Number(b.time) / 1000);
      series.supply.push(supplyAfter);
      series.minted.push(b.minted === undefined ? null : Number(b.minted));
      const prev = series.t.length > 1 ? series.t[series.t.length - 2] : null;
      series.interval.push(prev === null ? null : Number((series.t[series.t.length - 1] - prev).toFixed(3)));
    };
    // the supply after each block, back from today's by what each later block minted
    let after = Number(supply.supply);
    const supplies = [];
    for (let i = blocks.length - 1; i >= 0; i--) {
      supplies[i] = after;
      after -= Number(blocks[i].minted || 0);
    }
    blocks.forEach((b, i) => pushBlock(b, supplies[i]));

    let supplyChart = null;
    let intervalChart = null;
    const supplyBox = chartBox("chart-supply", "Supply and issuance",
      "supply after each block (left), minted by it (right)", (w, target) => {
        if (series.t.length < 2) {
          return null;
        }
        const o = lineOptions(w, [{ label: "supply", color: "#2f5bd3", scale: "supply" },
          { label: "minted", color: "#137a3a", scale: "minted" }], "base units");
        o.axes.push({ scale: "minted", side: 1, size: 70, grid: { show: false } });
        supplyChart = new uPlot(o, [series.t, series.supply, series.minted], target);
        return supplyChart;
      });
    const intervalBox = chartBox("chart-finality", "Finality latency",
      "seconds from one finalized block to the next (BFT: a block is final when committed)", (w, target) => {
        if (series.t.length < 2) {
          return null;
        }
        intervalChart = new uPlot(lineOptions(w, [{ label: "seconds", color: "#9a6700" }], "s"),
          [series.t, series.interval], target);
        return intervalChart;
      });

    // tasks settled per hour: the time of each settled task's settlement block
    const settled = tasks.filter((t) => t.settled).slice(-50);
    const settleTimes = await Promise.all(settled.map((t) =>
      rpcOrNull("pot_getBlock", { height: t.settlement_height }).then((b) => (b ? Number(b.time) : null))));
    const perHour = new Map();
    for (const ms of settleTimes) {
      if (ms !== null) {
        const hour = Math.floor(ms / 3600000) * 3600;
        perHour.set(hour, (perHour.get(hour) || 0) + 1);
      }
    }
    const hours = [...perHour.keys()].sort((a, b) => a - b);
    const tasksBox = chartBox("chart-tasks", "Tasks settled per hour", `${settled.length} settled of ${tasks.length}`,
      (w, target) => {
        if (hours.length === 0) {
          target.replaceChildren(el("p", { className: "empty" }, "no task settled yet"));
          return null;
        }
        return new uPlot(lineOptions(w, [{ label: "tasks", color: "#2f5bd3", fill: "#2f5bd355", bars: true }], "tasks"),
          [hours, hours.map((h) => perHour.get(h))], target);
      });

    const stakeBox = chartBox("chart-stake", "Stake distribution", "bonded tokens per validator, largest first",
      (w, target) => {
        const sorted = [...validators].sort((a, b) => Number(b.tokens) - Number(a.tokens));
        if (!sorted.length) {
          return null;
        }
        const xs = sorted.map((v, i) => i + 1);
        const o = lineOptions(w, [{ label: "tokens", color: "#137a3a", fill: "#137a3a55", bars: true }], "base units");
        o.scales = { x: { time: false, range: [0.5, sorted.length + 0.5] } };
        o.axes[0] = { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) && sorted[t - 1]
          ? shortAddress(sorted[t - 1].address).slice(0, 9) : "")) };
        return new uPlot(o, [xs, sorted.map((v) => Number(v.tokens))], target);
      });

    const conserved = el("span", { className: supply.conserved ? "ok" : "bad", id: "supply-conserved" },
      supply.conserved ? "yes" : "NO");
    const supplyFacts = facts([
      ["supply", amount(supply.supply)], ["balances", amount(supply.balances)],
      ["bonded", amount(supply.bonded)], ["unbonding", amount(supply.unbonding)],
      ["escrow", amount(supply.escrow)], ["unpaid rewards", amount(supply.unpaid_rewards)],
      ["treasury", amount(supply.treasury)], ["conserved", conserved], ["cap", amount(supply.cap)],
      ["minted per block", amount(supply.issued_per_block_now)],
    ]);

    blockListeners.add(async (b) => {
      if (blockBody.querySelector(`tr[data-height="${b.height}"]`)) {
        return;
      }
      const r = blockRow(b);
      r.classList.add("fresh");
      blockBody.prepend(r);
      while (blockBody.rows.length > BLOCKS_SHOWN) {
        blockBody.lastElementChild.remove();
      }
      if (Number(b.tx_count) > 0) {
        txBody.prepend(...(await txRows(b)));
        noTxs.hidden = true;
        while (txBody.rows.length > TXS_SHOWN) {
          txBody.lastElementChild.remove();
        }
      }
      const s = await rpc("pot_supply");
      pushBlock(b, Number(s.supply));
      if (supplyChart) {
        supplyChart.setData([series.t, series.supply, series.minted]);
      }
      if (intervalChart) {
        intervalChart.setData([series.t, series.interval]);
      }
    });

    const open = proposals.filter((p) => p.status === "VOTING" || p.status === "DEPOSIT").length;
    return [
      el("h1", { className: "page-title" }, "Network"),
      el("div", { className: "grid" },
        section("Latest blocks", blockTable),
        section("Latest transactions", txTable, noTxs)),
      section("Charts", el("div", { className: "charts" }, supplyBox, intervalBox, tasksBox, stakeBox)),
      el("div", { className: "grid" },
        section("Supply audit", supplyFacts),
        section("At a glance", facts([
          ["validators", el("a", { href: "#/validators" }, `${validators.length} (${validators.filter((v) => v.status === "active").length} active)`)],
          ["tasks", el("a", { href: "#/tasks" }, `${tasks.length} (${settled.length} settled)`)],
          ["proposals", el("a", { href: "#/proposals" }, `${proposals.length} (${open} open)`)],
          ["parameters", el("a", { href: "#/params" }, "all parameters")],
        ]))),
    ];
  }

  function validatorTable(validators, id) {
    return table({ id }, ["validator", "status", "power", "tokens", "commission"],
      validators.map((v) => {
        const tr = row(validatorRef(v.address), badge(v.status), num(v.power), amount(v.tokens),
          `${(Number(v.commission_bps) / 100).toFixed(2)}%`);
        tr.setAttribute("data-address", v.address);
        return tr;
      }), "no validators");
  }

  async function validatorsPage() {
    const vs = await rpc("pot_getValidators", { all: true });
    return [el("h1", { className: "page-title" }, "Validators"),
      section(`All validators (${vs.length})`, el("p", { className: "muted" },
        "Every validator ever created, jailed and tombstoned ones included."), validatorTable(vs, "all-validators"))];
  }

  async function validatorPage(a) {
    const [v, all, proposals] = await Promise.all([rpcOrNull("pot_getValidator", { address: a }),
      rpc("pot_getValidators", { all: true }), rpc("pot_getProposals")]);
    if (!v) {
      throw new Error(`${a} is no validator`);
    }
    const strip = el("div", { className: "uptime", id: "uptime", role: "img",
      "aria-label": `signed ${v.recent_signed} of the last ${v.recent_commits} commits` },
    ...[...v.uptime].reverse().map((u) => el("span", {
      className: u.signed ? "up" : "down", title: `height ${u.height}: ${u.signed ? "signed" : "missed"}` })));
    const votes = [];
    for (const p of proposals) {
      for (const b of p.votes) {
        if (b.voter === v.address) {
          votes.push(row(el("a", { href: `#/proposal/${p.id}` }, `#${p.id}`), p.title, b.option, badge(p.status)));
        }
      }
    }
    return [
      el("h1", { className: "page-title" }, "Validator ", el("code", {}, shortAddress(v.address))),
      section("Stake and standing", facts([
        ["address", full(v.address)],
        ["account", el("a", { href: `#/address/${v.address}` }, "balance, delegations and history")],
        ["status", badge(v.status), "validator-status"],
        ["tokens", amount(v.tokens), "validator-tokens"],
        ["self-bond", amount(v.self_bond), "validator-self-bond"],
        ["commission", `${(Number(v.commission_bps) / 100).toFixed(2)}% (${v.commission_bps} bps)`],
        ["delegation shares", num(v.shares)],
        ["commission pool", amount(v.commission_pool)],
        ["missed blocks (window)", num(v.missed_blocks)],
        ["jailed until", v.jailed ? blockRef(v.jailed_until) : "not jailed"],
        ["tombstoned", yesNo(v.tombstoned)],
      ])),
      section(`Uptime: signed ${v.recent_signed} of the last ${v.recent_commits} commits`, strip,
        el("p", { className: "muted" }, "oldest left, newest right; green signed, red missed")),
      section("Delegators", table({ id: "delegators" }, ["delegator", "amount", "shares", "pending reward"],
        v.delegators.map((d) => row(address(d.delegator), amount(d.amount), num(d.shares), amount(d.pending_reward))),
        "no delegations")),
      section("Slashes and jailing", table({ id: "slashes" }, ["height", "event", "amount or until", "reason"],
        [...v.slashes.map((s) => ({ ...s, type: "SLASH" })), ...(v.jailings || []).map((j) => ({ ...j, type: "JAIL" }))]
          .sort((x, y) => Number(y.height) - Number(x.height))
          .map((s) => row(blockRef(s.height), s.type, s.type === "SLASH" ? amount(s.amount) : el("span", {}, "until ", blockRef(s.until)), s.reason || "–")),
        "never slashed or jailed"), v.slashes_complete ? null : el("p", { className: "muted" }, "older history not read")),
      section("Proposals it voted on", table({}, ["proposal", "title", "vote", "outcome"], votes, "no votes")),
      section(`All validators (${all.length})`, validatorTable(all, "all-validators")),
    ];
  }

  async function historyTable(a) {
    const body = el("tbody", {});
    const more = el("button", { type: "button", className: "more", hidden: true }, "Older entries");
    let cursor = null;
    const load = async () => {
      const page = await rpc("pot_getHistory", cursor === null ? { address: a, limit: HISTORY_PAGE }
        : { address: a, limit: HISTORY_PAGE, before: cursor });
      for (const e of page.entries) {
        body.append(row(blockRef(e.height),
          e.kind === "transaction" ? txRef(e.hash) : "block",
          e.type || (e.kind === "block" ? "block rewards" : "–"),
          e.status ? badge(e.status, e.status === "accepted" ? "accepted" : "rejected") : "–",
          amount(e.balance_change),
          eventList(e.events)));
      }
      if (!body.rows.length) {
        body.append(el("tr", {}, el("td", { colSpan: 6, className: "empty" }, "no history")));
      }
      cursor = page.next;
      more.hidden = cursor === null;
    };
    more.addEventListener("click", async () => {
      more.disabled = true;
      try {
        await load();
      } finally {
        more.disabled = false;
      }
    });
    await load();
    return [el("div", { className: "scroll" }, el("table", { id: "history" },
      el("thead", {}, el("tr", {}, ...["height", "transaction", "type", "status", "balance change", "events"].map((h) => el("th", { scope: "col" }, h)))),
      body)), more];
  }

  async function addressPage(a) {
    const acc = await rpc("pot_getAccount", { address: a });
    const [delegations, rewards, unbondings, datasets, tasks, validator] = await Promise.all([
      rpc("pot_getDelegations", { address: a }), rpc("pot_getRewards", { address: a }),
      rpc("pot_getUnbondings", { address: a }), rpc("pot_getDatasets"), rpc("pot_getTasks"),
      rpcOrNull("pot_getValidator", { address: a })]);
    const owned = datasets.filter((d) => d.owner === acc.address);
    const published = tasks.filter((t) => t.publisher === acc.address);
    const mined = tasks.filter((t) => t.miners.some((m) => m.miner === acc.address));
    return [
      el("h1", { className: "page-title" }, "Account ", el("code", {}, shortAddress(acc.address))),
      section("Account", facts([
        ["address", full(acc.address)],
        ["balance", amount(acc.balance), "account-balance"],
        ["nonce", num(acc.nonce)],
        ["next nonce", num(acc.next_nonce)],
        ["delegated", amount(delegations.total)],
        ["pending rewards", amount(rewards.total), "account-rewards"],
        ["unbonding", amount(unbondings.total)],
        validator ? ["validator", el("a", { href: `#/validator/${acc.address}` }, `runs a validator (${validator.status})`)] : null,
      ])),
      section("Delegations", table({ id: "delegations" }, ["validator", "amount", "shares", "pending reward"],
        delegations.delegations.map((d) => row(validatorRef(d.validator), amount(d.amount), num(d.shares), amount(d.pending_reward))),
        "no delegations")),
      section("Unbondings", table({ id: "unbondings" }, ["validator", "balance", "initial", "from height", "completes at"],
        unbondings.unbondings.map((u) => row(validatorRef(u.validator), amount(u.balance), amount(u.initial_balance),
          blockRef(u.creation_height), blockRef(u.completion_height))), "nothing unbonding"),
      unbondings.redelegations.length ? table({ id: "redelegations" }, ["from", "to", "amount", "completes at"],
        unbondings.redelegations.map((r) => row(validatorRef(r.source), validatorRef(r.destination),
          amount(r.initial_balance), blockRef(r.completion_height))), "") : null),
      section("Datasets owned", table({ id: "datasets-owned" }, ["dataset", "licence", "fee per use", "uses", "earned"],
        owned.map((d) => row(datasetRef(d.hash), d.licence, amount(d.fee_per_use), num(d.uses), amount(d.earned))),
        "no datasets")),
      section("Tasks published", taskTable(published, "tasks-published")),
      section("Tasks mined", table({ id: "tasks-mined" }, ["task", "status", "bond", "claimed metric"],
        mined.map((t) => {
          const m = t.miners.find((x) => x.miner === acc.address);
          return row(taskRef(t.id), badge(m.status), amount(m.bond), num(m.claimed_correct));
        }), "no tasks mined")),
      section("History", ...(await historyTable(acc.address))),
    ];
  }

  function taskTable(tasks, id) {
    return table({ id }, ["task", "publisher", "reward", "miners", "deadline", "settled", "winner"],
      tasks.map((t) => row(taskRef(t.id), address(t.publisher), amount(t.reward), String(t.miners.length),
        blockRef(t.deadline), yesNo(t.settled), t.winner ? address(t.winner) : "–")), "no tasks");
  }

  async function tasksPage() {
    const tasks = await rpc("pot_getTasks");
    return [el("h1", { className: "page-title" }, "Training tasks"), section(`Tasks (${tasks.length})`, taskTable(tasks, "tasks"))];
  }

  // The events of `accounts`' recent history that name task `id`, each with its height, once.
  async function taskEvents(id, accounts) {
    const seen = new Set();
    const out = [];
    const pages = await Promise.all([...new Set(accounts)].map((a) =>
      rpc("pot_getHistory", { address: a, limit: 200 }).catch(() => ({ entries: [] }))));
    for (const page of pages) {
      for (const entry of page.entries) {
        entry.events.forEach((e) => {
          // one event is in the history of every account it names: keep it once
          const fields = Object.entries(e).map(([k, v]) => `${k}=${String(v)}`).join(",");
          const key = `${entry.height}|${entry.kind}|${entry.index}|${fields}`;
          if (e.task === id && !seen.has(key)) {
            seen.add(key);
            out.push({ ...e, height: entry.height });
          }
        });
      }
    }
    return out.sort((x, y) => Number(x.height) - Number(y.height));
  }

  // A task spec: each field, nested ones (model, optimizer) as their JSON text.
  function specView(spec) {
    const names = { checkpoint_every: "checkpoint every (steps)", samples: "segments sampled per verifier" };
    return el("div", {}, el("h3", {}, "Spec"), facts(Object.entries(spec).map(([k, v]) => [names[k] || k.replace(/_/g, " "),
      v !== null && typeof v === "object"
        ? el("code", { className: "full" }, JSON.stringify(v, (x, y) => (typeof y === "bigint" ? y.toString() : y)))
        : String(v)]), { id: "task-spec" }));
  }

  async function taskPage(id) {
    const t = await rpcOrNull("pot_getTask", { id });
    if (!t) {
      throw new Error(`no task ${id}`);
    }
    const dataset = await rpcOrNull("pot_getDataset", { hash: t.dataset });
    const accounts = [t.publisher, ...t.miners.map((m) => m.miner)];
    if (dataset) {
      accounts.push(dataset.owner);
    }
    const events = await taskEvents(t.id, accounts);
    const payouts = events.filter((e) => ["PAYOUT", "DATASET_FEE", "REFUND", "BOND_RETURNED",
      "BOND_FORFEITED", "FRAUD_BOUNTY", "ESCROW", "TASK_BOND"].includes(e.type));
    const fraud = events.filter((e) => e.type === "FRAUD_BOUNTY");
    const miners = t.miners.map((m) => {
      const tr = row(address(m.miner), badge(m.status), amount(m.bond),
        m.model_hash ? hashText(m.model_hash) : "not committed",
        num(m.claimed_correct),
        m.status === "ACCEPTED" ? num(m.claimed_correct) : "–",
        `${m.votes_accept} accept / ${m.votes_reject} reject of ${m.committee}`);
      tr.setAttribute("data-miner", m.miner);
      return tr;
    });
    const votes = [];
    for (const m of t.miners) {
      for (const v of m.votes || []) {
        const tr = row(address(m.miner), validatorRef(v.validator), badge(v.accept ? "accept" : "reject"),
          el("span", { className: "reason" }, v.reason),
          v.segment >= 0 ? String(v.segment) : v.segment === -1 ? "final evaluation" : "–",
          v.refuted ? badge("refuted by a fraud proof", "rejected") : "stands");
        tr.setAttribute("data-miner", m.miner);
        votes.push(tr);
      }
    }
    const cmd = `pot task model ${t.id} --out DIR`;
    return [
      el("h1", { className: "page-title" }, "Task ", el("code", {}, shortHash(t.id))),
      section("Terms", facts([
        ["id", full(t.id)],
        ["publisher", address(t.publisher)],
        ["dataset", datasetRef(t.dataset)],
        ["spec hash", full(t.spec_hash)],
        ["steps", num(t.steps)],
        ["reward", amount(t.reward), "task-reward"],
        ["escrow held", amount(t.escrow)],
        ["published at", blockRef(t.published_height)],
        ["deadline", blockRef(t.deadline)],
        ["settles at", blockRef(t.settlement_height)],
        ["settled", yesNo(t.settled), "task-settled"],
        ["winner", t.winner ? address(t.winner) : "–"],
      ]), t.spec ? specView(t.spec)
        : el("p", { className: "muted" }, "This node does not hold the task's spec (model, optimizer, checkpoint interval, samples).")),
      section("Miners", table({ id: "miners" }, ["miner", "status", "bond", "model", "claimed metric", "verified metric", "votes"],
        miners, "no miners enrolled")),
      section("Committee votes", table({ id: "committee-votes" }, ["miner", "verifier", "vote", "reason", "segment", "standing"],
        votes, "no votes yet")),
      section("Fraud proofs", table({ id: "fraud-proofs" }, ["height", "reporter", "miner", "bounty"],
        fraud.map((e) => row(blockRef(e.height), address(e.reporter), address(e.miner), amount(e.amount))),
        "no fraud proofs")),
      section("Payouts and bonds", table({ id: "payouts" }, ["height", "event", "account", "amount"],
        payouts.map((e) => row(blockRef(e.height), e.type,
          address(e.winner || e.owner || e.publisher || e.reporter || e.miner), amount(e.amount))),
        "nothing paid yet")),
      section("Winning model", t.model ? facts([
        ["model hash", full(t.model.model_hash), "model-hash"],
        ["miner", address(t.model.miner)],
        ["transcript root", full(t.model.transcript_root)],
        ["verified metric", num(t.model.verified_correct)],
        ["held by", el("span", {}, ...t.model.holders.map((h) => el("span", { className: "holder" }, address(h.address), ` (${h.role}) `)))],
        ["fetch it", el("span", { className: "ref" }, el("code", { className: "full", id: "model-command" }, cmd), copyButton(cmd))],
      ]) : el("p", { className: "empty" }, t.settled ? "settled with no winner" : "not settled yet")),
    ];
  }

  async function datasetPage(h) {
    const d = await rpcOrNull("pot_getDataset", { hash: h });
    if (!d) {
      throw new Error(`no dataset ${h}`);
    }
    const tasks = (await rpc("pot_getTasks")).filter((t) => t.dataset === d.hash);
    const fees = (await Promise.all(tasks.map((t) => taskEvents(t.id, [d.owner]))))
      .flat().filter((e) => e.type === "DATASET_FEE");
    return [
      el("h1", { className: "page-title" }, "Dataset ", el("code", {}, shortHash(d.hash))),
      section("Dataset", facts([
        ["hash", full(d.hash)],
        ["owner", address(d.owner)],
        ["licence", el("span", { id: "dataset-licence" }, d.licence)],
        ["fee per use", amount(d.fee_per_use)],
        ["registered at", blockRef(d.registered_height)],
        ["uses", num(d.uses)],
        ["total earned", amount(d.earned), "dataset-earned"],
      ])),
      section("Tasks that used it", taskTable(tasks, "dataset-tasks")),
      section("Fees earned", table({ id: "dataset-fees" }, ["height", "task", "amount"],
        fees.map((e) => row(blockRef(e.height), taskRef(e.task), amount(e.amount))), "no fees yet")),
    ];
  }

  function actionView(a) {
    const parts = [el("strong", {}, a.kind || "action")];
    for (const [k, v] of Object.entries(a)) {
      if (k !== "kind") {
        parts.push(" ", el("span", { className: "ekey" }, `${k} `),
          typeof v === "string" && v.startsWith("pot1") ? address(v) : k === "amount" ? amount(v) : String(v));
      }
    }
    return el("span", {}, ...parts);
  }

  function tallyBar(label, value, total, id) {
    const p = pct(value, total);
    const fill = el("span", { className: `bar-fill bar-${label}` });
    fill.style.width = `${p}%`; // through the CSSOM: the page's CSP allows no inline style
    return el("div", { className: "tally-row", id },
      el("span", { className: "tally-label" }, label),
      el("span", { className: "bar-track" }, fill),
      el("span", { className: "tally-value" }, amount(value), ` (${pctText(p)})`));
  }

  async function proposalPage(id) {
    const p = await rpcOrNull("pot_getProposal", { id: Number(id) });
    if (!p) {
      throw new Error(`no proposal ${id}`);
    }
    const params = await rpc("pot_getParams");
    const t = p.tally;
    let tallyView = el("p", { className: "empty" }, "no tally (deposit period or expired)");
    if (t) {
      const voted = [t.yes, t.no, t.abstain, t.veto].reduce((s, x) => s + Number(x), 0);
      const cast = Number(t.yes) + Number(t.no) + Number(t.veto);
      const quorum = pct(voted, p.bonded);
      const yesShare = pct(t.yes, cast);
      const vetoShare = pct(t.veto, voted);
      const check = (ok) => badge(ok ? "met" : "not met", ok ? "accepted" : "rejected");
      tallyView = el("div", { id: "tally" },
        el("p", {}, t.final ? "Final tally." : "Standing tally, by the rule that closes the vote."),
        tallyBar("yes", t.yes, voted, "tally-yes"), tallyBar("no", t.no, voted, "tally-no"),
        tallyBar("abstain", t.abstain, voted, "tally-abstain"), tallyBar("veto", t.veto, voted, "tally-veto"),
        facts([
          ["quorum", el("span", {}, `${pctText(quorum)} of bonded voted; needs ${pctText(Number(params.quorumBps) / 100)} `, check(quorum * 100 >= Number(params.quorumBps) && voted > 0))],
          ["threshold", el("span", {}, `${pctText(yesShare)} yes of yes+no+veto; needs more than ${pctText(Number(params.thresholdBps) / 100)} `, check(yesShare * 100 > Number(params.thresholdBps)))],
          ["veto", el("span", {}, `${pctText(vetoShare)} veto; vetoed from ${pctText(Number(params.vetoBps) / 100)} `, check(vetoShare * 100 < Number(params.vetoBps)))],
          ["bonded stake", amount(p.bonded)],
        ]));
    }
    const closed = !["DEPOSIT", "VOTING"].includes(p.status);
    return [
      el("h1", { className: "page-title" }, `Proposal #${p.id}`),
      section("Proposal", el("h3", { id: "proposal-title", className: "proposal-title" }, p.title), facts([
        ["proposer", address(p.proposer)],
        ["action", actionView(p.action)],
        ["status", badge(p.status), "proposal-status"],
        [p.status === "DEPOSIT" ? "deposit period ends" : closed ? "closed at" : "voting ends", blockRef(p.end_height)],
        ["outcome", closed ? (p.status === "PASSED" ? `passed; in force from block ${Number(p.end_height) + 1}` : p.status.toLowerCase()) : "open"],
        ["total deposit", amount(p.total_deposit)],
      ])),
      section("Tally", tallyView),
      section("Votes", table({ id: "proposal-votes" }, ["voter", "option", "weight"],
        p.votes.map((v) => row(address(v.voter), badge(v.option), amount(v.weight))), "no votes")),
      section("Deposits", table({}, ["depositor", "amount"],
        p.deposits.map((d) => row(address(d.depositor), amount(d.amount))), "no deposits")),
    ];
  }

  async function proposalsPage() {
    const ps = await rpc("pot_getProposals");
    return [el("h1", { className: "page-title" }, "Governance proposals"),
      section(`Proposals (${ps.length})`, table({ id: "proposals" }, ["id", "title", "status", "ends", "yes", "no", "votes"],
        [...ps].reverse().map((p) => row(el("a", { href: `#/proposal/${p.id}` }, `#${p.id}`),
          el("span", { className: "proposal-title" }, p.title), badge(p.status), blockRef(p.end_height),
          p.tally ? amount(p.tally.yes) : "–", p.tally ? amount(p.tally.no) : "–", String(p.votes.length))),
        "no proposals"))];
  }

  async function paramsPage() {
    const p = await rpc("pot_getParams");
    const unit = (name, v) => (name.endsWith("Bps") ? `${num(v)} bps (${(Number(v) / 100).toFixed(2)}%)`
      : /Period|Window|Age|Blocks|Duration|epochLength/.test(name) ? `${num(v)} blocks`
        : /Fee$|Reward|Deposit|Bond|Cap/.test(name) ? amount(v) : num(v));
    return [el("h1", { className: "page-title" }, "Chain parameters"),
      section("Parameters", el("p", { className: "muted" }, "Governance changes them by proposal; see the proposals."),
        table({ id: "params" }, ["name", "value"], Object.entries(p).map(([k, v]) => {
          const tr = row(el("code", {}, k), unit(k, v));
          tr.setAttribute("data-param", k);
          return tr;
        }), "no parameters"))];
  }

  function payloadView(payload) {
    if (!payload || typeof payload !== "object") {
      return dash();
    }
    return facts(Object.entries(payload).map(([k, v]) => {
      let value;
      if (typeof v === "string" && /^pot1[0-9a-z]{20,}$/.test(v)) {
        value = address(v);
      } else if (/amount|fee|reward|bond|deposit/i.test(k) && (typeof v === "number" || typeof v === "bigint")) {
        value = amount(v);
      } else if (v !== null && typeof v === "object") {
        value = el("code", { className: "full" }, JSON.stringify(v, (x, y) => (typeof y === "bigint" ? y.toString() : y)));
      } else {
        value = String(v);
      }
      return [k, value];
    }), { id: "tx-payload" });
  }

  async function txPage(h) {
    const tx = await rpc("pot_getTransaction", { hash: h });
    const statusKind = tx.status === "accepted" ? "accepted" : tx.status === "rejected" ? "rejected" : "pending";
    return [
      el("h1", { className: "page-title" }, "Transaction ", el("code", {}, shortHash(tx.hash))),
      section("Transaction", facts([
        ["hash", full(tx.hash)],
        ["status", el("span", { id: "tx-status", className: `status status-${statusKind}` }, tx.status)],
        tx.outcome ? ["outcome", tx.outcome, "tx-outcome"] : null,
        tx.height !== undefined ? ["block", blockRef(tx.height)] : null,
        tx.index !== undefined ? ["index", String(tx.index)] : null,
        tx.sender ? ["sender", address(tx.sender)] : null,
        tx.type ? ["type", tx.type, "tx-type"] : null,
        tx.nonce !== undefined ? ["nonce", num(tx.nonce)] : null,
        tx.fee !== undefined ? ["fee", amount(tx.fee)] : null,
      ])),
      section("Body", payloadView(tx.payload)),
      section("Events: what it did", tx.events ? eventList(tx.events) : el("p", { className: "empty" }, "no events stored")),
    ];
  }

  async function blockPage(hText) {
    const height = Number(hText);
    const b = await rpc("pot_getBlock", { height });
    return [
      el("h1", { className: "page-title" }, `Block ${num(b.height)}`),
      el("nav", { className: "pager", "aria-label": "neighbouring blocks" },
        b.height > 1 ? el("a", { href: `#/block/${Number(b.height) - 1}` }, "← previous") : null, " ",
        el("a", { href: `#/block/${Number(b.height) + 1}` }, "next →")),
      section("Header", facts([
        ["hash", full(b.hash)],
        ["previous", b.height > 1 ? ref("block", String(Number(b.height) - 1), () => shortHash(b.previous_hash)) : full(b.previous_hash)],
        ["state root", full(b.state_root)],
        ["proposer", validatorRef(b.proposer)],
        ["time", time(b.time)],
      ])),
      section(`Signers of block ${Number(b.height) - 1} (${b.last_commit.length})`,
        el("ul", { className: "signers", id: "block-signers" }, ...b.last_commit.map((a) => el("li", {}, validatorRef(a))))),
      section(`Transactions (${b.transactions.length})`, table({ id: "block-transactions" }, ["hash", "sender", "type"],
        b.transactions.map((t) => row(txRef(t.hash), address(t.sender), t.type)), "no transactions")),
    ];
  }

  // ---- search and routing ------------------------------------------------------------------

  // Where a search goes: a route, or an error saying what the query is not.
  async function resolve(query) {
    const q = query.trim();
    if (/^pot1/i.test(q)) {
      return `#/address/${q.toLowerCase()}`;
    }
    let m = /^(?:#|p|proposal\s*#?)\s*(\d+)$/i.exec(q);
    if (m) {
      return `#/proposal/${m[1]}`;
    }
    if (/^\d+$/.test(q) && Number.isSafeInteger(Number(q))) {
      return `#/block/${Number(q)}`;
    }
    m = /^(?:0x)?([0-9a-f]{64})$/i.exec(q);
    if (m) {
      const h = m[1].toLowerCase();
      const tx = await rpc("pot_getTransaction", { hash: h });
      if (tx.status !== "unknown") {
        return `#/tx/${h}`;
      }
      if (await rpcOrNull("pot_getTask", { id: h })) {
        return `#/task/${h}`;
      }
      if (await rpcOrNull("pot_getDataset", { hash: h })) {
        return `#/dataset/${h}`;
      }
      throw new Error(`no transaction, task or dataset has the hash ${h}`);
    }
    throw new Error(`"${q}" is not an address (pot1…), a transaction, task or dataset hash `
      + "(64 hex digits), a block height or a proposal (#id)");
  }

  const ROUTES = [
    [/^\/?$/, homePage, () => "Network"],
    [/^\/address\/([^/]+)$/, addressPage, (a) => `Account ${a}`],
    [/^\/validator\/([^/]+)$/, validatorPage, (a) => `Validator ${a}`],
    [/^\/validators$/, validatorsPage, () => "Validators"],
    [/^\/tasks$/, tasksPage, () => "Tasks"],
    [/^\/task\/([0-9a-fA-F]{64})$/, (id) => taskPage(id.toLowerCase()), (id) => `Task ${id}`],
    [/^\/dataset\/([0-9a-fA-F]{64})$/, (h) => datasetPage(h.toLowerCase()), (h) => `Dataset ${h}`],
    [/^\/proposals$/, proposalsPage, () => "Proposals"],
    [/^\/proposal\/(\d+)$/, proposalPage, (id) => `Proposal ${id}`],
    [/^\/params$/, paramsPage, () => "Parameters"],
    [/^\/tx\/([0-9a-fA-F]{64})$/, (h) => txPage(h.toLowerCase()), (h) => `Transaction ${h}`],
    [/^\/block\/(\d+)$/, blockPage, (h) => `Block ${h}`],
  ];

  let renderSeq = 0;
  let firstRender = true;

  function fragment() {
    try {
      return decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      return location.hash.slice(1);
    }
  }

  async function render() {
    const seq = ++renderSeq;
    const view = $("view");
    blockListeners.clear();
    mounts = [];
    const f = fragment();
    view.setAttribute("aria-busy", "true");
    view.replaceChildren(el("p", { className: "empty" }, "loading…"));
    let content;
    let title = "PoT explorer";
    if (f !== "" && !f.startsWith("/")) {
      // an old-style link (#query): resolve it like a search
      try {
        location.replace(await resolve(f));
      } catch (e) {
        if (seq === renderSeq) {
          view.replaceChildren(el("h1", { className: "page-title" }, "Search"), errorBox(e));
          view.querySelector(".error").id = "search-error";
          view.removeAttribute("aria-busy");
        }
      }
      return;
    }
    const route = ROUTES.find(([re]) => re.test(f));
    try {
      if (!route) {
        throw new Error(`no page at #${f}`);
      }
      const args = route[0].exec(f).slice(1);
      content = await route[1](...args);
      title = `${route[2](...args)} · PoT explorer`;
    } catch (e) {
      content = [el("h1", { className: "page-title" }, "Not found"), errorBox(e)];
      content[1].id = "page-error";
    }
    if (seq !== renderSeq) {
      return;
    }
    document.title = title;
    view.replaceChildren(...content.filter((c) => c));
    view.removeAttribute("aria-busy");
    for (const mount of mounts) {
      mount();
    }
    for (const link of document.querySelectorAll("header nav a")) {
      link.classList.toggle("current", link.getAttribute("href") === `#${f || "/"}`);
    }
    if (!firstRender) {
      view.focus({ preventScroll: false });
    }
    firstRender = false;
  }

  async function search(query) {
    if (query.trim() === "") {
      return;
    }
    try {
      const target = await resolve(query);
      if (location.hash === target) {
        render();
      } else {
        location.hash = target;
      }
    } catch (e) {
      ++renderSeq;
      blockListeners.clear();
      $("view").replaceChildren(el("h1", { className: "page-title" }, "Search"), errorBox(e));
      $("view").querySelector(".error").id = "search-error";
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("search").addEventListener("submit", (e) => {
      e.preventDefault();
      search($("search-input").value);
    });
    window.addEventListener("hashchange", render);
    refreshStatus();
    render();
    connectLive();
    setInterval(refreshTimes, 5000);
  });
})();
