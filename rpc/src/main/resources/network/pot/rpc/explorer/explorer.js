// The PoT node's explorer: one page over the node's JSON-RPC API (POST /). No framework, no
// build step. Every value from the node reaches the page through textContent or an attribute
// set as a property, never as markup.
"use strict";

(() => {
  const REFRESH_MS = 2000;
  const BLOCKS_SHOWN = 20;
  const MINER_STATUSES = ["ENROLLED", "COMMITTED", "ACCEPTED", "REJECTED", "FRAUDULENT"];

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

  // ---- DOM helpers -------------------------------------------------------------------------

  const $ = (id) => document.getElementById(id);

  // el("td", {className: "x", title: "..."}, "text", childNode, ...): strings become text nodes.
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      node[name] = value;
    }
    for (const child of children) {
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const amount = (n) => (n === null || n === undefined ? "–" : n.toLocaleString("en-US"));
  const yesNo = (b) => (b ? "yes" : "no");
  const short = (hex) => (hex.length > 16 ? `${hex.slice(0, 12)}…` : hex);

  function hash(hex) {
    return el("code", { title: hex }, short(hex));
  }

  function address(a) {
    if (!a) {
      return "–";
    }
    return el("button", { type: "button", className: "link address", title: a, onclick: () => go(a) },
      a.length > 20 ? `${a.slice(0, 9)}…${a.slice(-5)}` : a);
  }

  function time(ms) {
    const d = new Date(Number(ms));
    return el("time", { dateTime: d.toISOString(), title: d.toISOString() },
      d.toLocaleTimeString("en-GB"));
  }

  function row(...cells) {
    return el("tr", {}, ...cells.map((c) => el("td", {}, c)));
  }

  // A table body's rows, or one row saying that there are none.
  function rowsOr(rows, columns, emptyText) {
    return rows.length ? rows
      : [el("tr", {}, el("td", { colSpan: columns, className: "empty" }, emptyText))];
  }

  function table(props, headers, rows, emptyText) {
    return el("table", props,
      el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h)))),
      el("tbody", {}, ...rowsOr(rows, headers.length, emptyText)));
  }

  function facts(pairs) {
    return pairs.map(([term, value]) => el("div", {}, el("dt", {}, term), el("dd", {}, value)));
  }

  function showError(node, error) {
    node.textContent = error ? error.message : "";
    node.hidden = !error;
  }

  // Runs one section's refresh and shows its failure in that section instead of dropping it.
  async function guarded(errorNode, work) {
    try {
      await work();
      showError(errorNode, null);
    } catch (e) {
      showError(errorNode, e);
    }
  }

  const sectionError = (id) => $(id).querySelector(".error");

  // ---- the live sections -------------------------------------------------------------------

  function showStatus(s) {
    $("chain-id").textContent = s.chain_id;
    $("height").textContent = String(s.height);
    $("state-root").replaceChildren(hash(s.state_root));
    $("peers").textContent = String(s.peers);
    $("mempool").textContent = String(s.mempool);
    $("node").textContent = s.node;
  }

  let blocksShownAt = -1;

  async function refreshBlocks(height) {
    if (height === blocksShownAt) {
      return;
    }
    const from = Math.max(1, height - BLOCKS_SHOWN + 1);
    const blocks = height < 1 ? [] : await rpc("pot_getBlocks", { from, count: BLOCKS_SHOWN });
    const rows = blocks.reverse().map((b) => {
      const tr = row(
        el("button", { type: "button", className: "link" }, String(b.height)),
        hash(b.hash),
        String(b.tx_count),
        address(b.proposer),
        time(b.time));
      tr.className = "clickable";
      tr.dataset.height = String(b.height);
      tr.addEventListener("click", (e) => {
        if (!e.target.closest(".address")) {
          go(String(b.height));
        }
      });
      return tr;
    });
    const body = $("blocks").querySelector("tbody");
    body.replaceChildren(...rowsOr(rows, 5, "no blocks yet"));
    blocksShownAt = height;
  }

  async function refreshValidators() {
    const vs = await rpc("pot_getValidators");
    const rows = vs.map((v) => {
      const tr = row(address(v.address), amount(v.power), yesNo(v.jailed));
      if (v.jailed) {
        tr.className = "jailed";
      }
      return tr;
    });
    $("validators").querySelector("tbody")
      .replaceChildren(...rowsOr(rows, 3, "no validators"));
  }

  async function refreshSupply() {
    const s = await rpc("pot_supply");
    const conserved = el("span", { className: s.conserved ? "ok" : "bad" },
      s.conserved ? "yes" : "NO");
    $("supply").querySelector("dl").replaceChildren(...facts([
      ["supply", amount(s.supply)],
      ["balances", amount(s.balances)],
      ["bonded", amount(s.bonded)],
      ["unbonding", amount(s.unbonding)],
      ["escrow", amount(s.escrow)],
      ["unpaid rewards", amount(s.unpaid_rewards)],
      ["treasury", amount(s.treasury)],
      ["conserved", conserved],
      ["cap", amount(s.cap)],
      ["minted per block", amount(s.issued_per_block_now)],
    ]));
  }

  function minerStatus(status) {
    const known = MINER_STATUSES.includes(status);
    return el("span", { className: known ? `status status-${status.toLowerCase()}` : "status" },
      status);
  }

  function taskCard(t) {
    const miners = t.miners.map((m) => row(
      address(m.miner),
      minerStatus(m.status),
      String(m.claimed_correct),
      amount(m.bond),
      `${m.votes_accept} accept / ${m.votes_reject} reject of ${m.committee}`));
    return el("article", { className: "task" },
      el("h3", {}, "task ", hash(t.id)),
      el("dl", { className: "facts" }, ...facts([
        ["publisher", address(t.publisher)],
        ["steps", amount(t.steps)],
        ["reward", amount(t.reward)],
        ["deadline", String(t.deadline)],
        ["settles at", String(t.settlement_height)],
        ["settled", yesNo(t.settled)],
        ["winner", address(t.winner)],
      ])),
      table({}, ["miner", "status", "claimed correct", "bond", "votes"], miners,
        "no miners enrolled"));
  }

  async function refreshTasks() {
    const tasks = await rpc("pot_getTasks");
    $("tasks").querySelector(".list").replaceChildren(
      ...(tasks.length ? tasks.map(taskCard) : [el("p", { className: "empty" }, "no tasks")]));
  }

  async function refresh() {
    let status = null;
    await guarded($("status-error"), async () => {
      status = await rpc("pot_status");
      showStatus(status);
    });
    const work = [
      guarded(sectionError("validators"), refreshValidators),
      guarded(sectionError("supply"), refreshSupply),
      guarded(sectionError("tasks"), refreshTasks),
    ];
    if (status) {
      work.push(guarded(sectionError("blocks"), () => refreshBlocks(Number(status.height))));
    }
    await Promise.all(work);
    setTimeout(refresh, REFRESH_MS);
  }

  // ---- search and details ------------------------------------------------------------------

  let detailSeq = 0;

  // Shows the detail panel for one query; a later query wins over a slower earlier one.
  async function showDetail(title, load) {
    const seq = ++detailSeq;
    $("detail").hidden = false;
    $("detail-title").textContent = title;
    $("detail-body").replaceChildren(el("p", { className: "empty" }, "loading…"));
    showError($("detail-error"), null);
    try {
      const content = await load();
      if (seq === detailSeq) {
        $("detail-body").replaceChildren(...content);
      }
    } catch (e) {
      if (seq === detailSeq) {
        $("detail-body").replaceChildren();
        showError($("detail-error"), e);
      }
    }
  }

  async function accountDetail(a) {
    const acc = await rpc("pot_getAccount", { address: a });
    return [el("dl", { className: "facts" }, ...facts([
      ["address", el("code", { className: "full" }, acc.address)],
      ["balance", el("span", { id: "account-balance" }, amount(acc.balance))],
      ["nonce", String(acc.nonce)],
      ["next nonce", String(acc.next_nonce)],
    ]))];
  }

  async function transactionDetail(h) {
    const tx = await rpc("pot_getTransaction", { hash: h });
    const pairs = [
      ["hash", el("code", { className: "full" }, tx.hash)],
      ["status", el("span", { id: "tx-status", className: `tx-${tx.status}` }, tx.status)],
    ];
    if (tx.height !== undefined) {
      const block = await rpc("pot_getBlock", { height: tx.height });
      const entry = block.transactions[tx.index];
      pairs.push(
        ["outcome", tx.outcome],
        ["block", el("button", { type: "button", className: "link", onclick: () => go(String(tx.height)) },
          String(tx.height))],
        ["index", String(tx.index)]);
      if (entry) {
        pairs.push(["sender", address(entry.sender)], ["type", entry.type]);
      }
    }
    return [el("dl", { className: "facts" }, ...facts(pairs))];
  }

  async function blockDetail(height) {
    const b = await rpc("pot_getBlock", { height });
    const txs = b.transactions.map((t) => row(
      el("button", { type: "button", className: "link", title: t.hash, onclick: () => go(t.hash) },
        short(t.hash)),
      address(t.sender),
      t.type));
    return [
      el("dl", { className: "facts" }, ...facts([
        ["hash", el("code", { className: "full" }, b.hash)],
        ["previous", hash(b.previous_hash)],
        ["state root", hash(b.state_root)],
        ["proposer", address(b.proposer)],
        ["time", time(b.time)],
        ["signed by", `${b.last_commit.length} validator${b.last_commit.length === 1 ? "" : "s"}`],
      ])),
      el("h3", {}, `transactions (${b.transactions.length})`),
      table({ id: "block-transactions" }, ["hash", "sender", "type"], txs, "no transactions"),
    ];
  }

  function search(query) {
    const q = query.trim();
    if (q === "") {
      return;
    }
    if (/^pot1/i.test(q)) {
      showDetail(`Account ${q}`, () => accountDetail(q));
    } else if (/^[0-9a-f]{64}$/i.test(q)) {
      showDetail(`Transaction ${short(q)}`, () => transactionDetail(q.toLowerCase()));
    } else if (/^\d+$/.test(q) && Number.isSafeInteger(Number(q))) {
      showDetail(`Block ${Number(q)}`, () => blockDetail(Number(q)));
    } else {
      showDetail("Search", () => Promise.reject(new Error(
        `"${q}" is not an address (pot1…), a transaction hash (64 hex digits) or a block height`)));
    }
  }

  // Every query goes through the URL fragment, so details can be linked to and "back" works.
  function go(query) {
    const fragment = `#${encodeURIComponent(query.trim())}`;
    if (location.hash === fragment) {
      search(query);
    } else {
      location.hash = fragment;
    }
  }

  function searchFromFragment() {
    let q;
    try {
      q = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      q = location.hash.slice(1);
    }
    if (q) {
      search(q);
    } else {
      $("detail").hidden = true;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("search").addEventListener("submit", (e) => {
      e.preventDefault();
      go($("search-input").value);
    });
    $("detail-close").addEventListener("click", () => {
      detailSeq++;
      history.pushState(null, "", location.pathname);
      $("detail").hidden = true;
    });
    window.addEventListener("hashchange", searchFromFragment);
    searchFromFragment();
    refresh();
  });
})();
