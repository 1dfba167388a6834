// sif's ops console: one page, served by sifd, speaking only the public /v1 API (docs/api.md,
// docs/console.md). Signing in trades a token for an HttpOnly session cookie; the token itself is
// never stored in the browser. Every mutation carries the session's CSRF token.
//
// Pages are hash routes, so each can be bookmarked and Back works:
//   #/                 overview: overdue first, due this week, warning notices, categories, stages
//   #/schools?...      search, filter, sort and page the register
//   #/schools/{urn}    a school's case file: deadlines, diagrams, timeline, record an event, contacts
//   #/deadlines?...    agenda or month view across schools, and the calendar feed
//   #/notices?...      letters: pending, sent, dead; open one; retry a dead one
//   #/frameworks       each framework's workflows as diagrams
//
// The DOM is built with createElement and textContent only (no innerHTML, no inline script or
// style), so nothing a school's data holds can run as code, and the CSP needs no exceptions.
"use strict";

// ---------- small helpers ----------

const SVG_NS = "http://www.w3.org/2000/svg";

function build(ns, tag, attrs, kids) {
  const el = ns ? document.createElementNS(ns, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") el.textContent = String(v);
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.setAttribute("class", v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === undefined || kid === null || kid === false) continue;
    el.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
  return el;
}
const h = (tag, attrs, ...kids) => build(null, tag, attrs, kids);
const svg = (tag, attrs, ...kids) => build(SVG_NS, tag, attrs, kids);
const $ = (sel, el = document) => el.querySelector(sel);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_LONG = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

// "2026-09-15" -> a UTC Date at midnight, or null.
function isoToDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
}
const dateToIso = (d) => d.toISOString().slice(0, 10);
function addDays(iso, n) { const d = isoToDate(iso); d.setUTCDate(d.getUTCDate() + n); return dateToIso(d); }
function daysBetween(a, b) { return Math.round((isoToDate(b) - isoToDate(a)) / 86400000); }
// Dates as people write them: "Tue 15 Sep 2026".
function dateWords(iso) {
  const d = isoToDate(iso);
  if (!d) return "";
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
// "2026-09-15T08:00:00Z" -> "Tue 15 Sep 2026, 09:00" in the UK.
function timeWords(instant) {
  if (!instant) return "";
  const d = new Date(instant);
  if (isNaN(d)) return String(instant);
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${dateWords(`${p.year}-${p.month}-${p.day}`)}, ${p.hour}:${p.minute}`;
}
const plural = (n, one, many) => `${n} ${n === 1 ? one : many || one + "s"}`;
const number = (n) => Number(n || 0).toLocaleString("en-GB");
// "review.held" -> "Review held"; "targeted_support.identified" -> "Targeted support identified".
function humanise(id) {
  const s = String(id || "").replace(/[._]+/g, " ").trim();
  return s ? s[0].toUpperCase() + s.slice(1) : "";
}
function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

// ---------- the API ----------

const session = { me: null, today: null, clock: null, frameworks: new Map(), frameworkList: null };

class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details || {};
  }
  get field() { return typeof this.details.field === "string" ? this.details.field : null; }
}

async function api(path, { method = "GET", body, headers = {} } = {}) {
  const opts = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  if (method !== "GET" && method !== "HEAD" && session.me) opts.headers["X-CSRF-Token"] = session.me.csrf;
  let r;
  try {
    r = await fetch(path, opts);
  } catch (e) {
    throw new ApiError(0, "network", "sifd did not answer. Is it running? (" + e.message + ")");
  }
  if (r.status === 204) return null;
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!r.ok) {
    const e = data && data.error ? data.error : { code: String(r.status), message: text || r.statusText };
    const err = new ApiError(r.status, e.code, e.message, typeof e.details === "object" ? e.details : {});
    if (r.status === 401 && path !== "/v1/session") {
      session.me = null;
      showSignIn("Your session has ended. Sign in again to go on.");
    }
    throw err;
  }
  return data;
}

const can = (role) => {
  const rank = { viewer: 0, officer: 1, admin: 2 };
  return session.me && rank[session.me.role] >= rank[role];
};

async function framework(id) {
  if (!id) return null;
  if (!session.frameworks.has(id)) session.frameworks.set(id, api("/v1/frameworks/" + encodeURIComponent(id)).catch(() => null));
  return session.frameworks.get(id);
}
async function frameworkList() {
  if (!session.frameworkList) session.frameworkList = api("/v1/frameworks").then((r) => r.frameworks || r).catch(() => []);
  return session.frameworkList;
}
const findWorkflow = (fw, id) => (fw && fw.workflows || []).find((w) => w.id === id);
const findState = (fw, wf, id) => ((findWorkflow(fw, wf) || {}).states || []).find((s) => s.id === id);
const workflowTitle = (fw, wf) => (findWorkflow(fw, wf) || {}).title || humanise(wf);
const stateTitle = (fw, wf, st) => (findState(fw, wf, st) || {}).title || humanise(st);
function categoryTitle(fw, id) {
  if (!id) return "none agreed";
  const c = (fw && fw.categories || []).find((x) => (x.id || x) === id);
  return (c && c.title) || humanise(id);
}
function timerTitle(fw, wfId, timerId) {
  for (const st of (findWorkflow(fw, wfId) || {}).states || []) {
    const t = (st.timers || []).find((x) => x.id === timerId);
    if (t && t.title) return t.title;
  }
  return humanise(timerId);
}
function eventTitle(type, fw, wfId) {
  if (type === "instance.started") return "Started";
  if (type && type.startsWith("timer.")) {
    const id = type.slice(6);
    const base = id.split("#")[0];
    const what = timerTitle(fw, wfId, base);
    if (id.includes("#reminder")) return "Reminder sent: " + what;
    if (id.includes("#escalation")) return "Escalated: " + what;
    return "Timer fired: " + what;
  }
  if (type && type.endsWith(".finished")) return workflowTitle(fw, type.slice(0, -9)) + " finished";
  return humanise(type);
}

// An API error as a sentence for people: the server's message names what is wrong; add what is
// allowed instead when it says so.
function errorText(e) {
  if (!(e instanceof ApiError)) return String(e && e.message || e);
  let s = e.message || "Something went wrong.";
  if (!/[.!?]$/.test(s)) s += ".";
  const allowed = e.details.allowed_events;
  if (Array.isArray(allowed) && allowed.length) s += " Allowed now: " + allowed.map(humanise).join(", ") + ".";
  if (e.status === 403 && e.code === "forbidden") s += " Ask an administrator for a token with that role.";
  return s;
}
const errorBox = (e) => h("p", { class: "error", role: "alert" }, errorText(e));

// ---------- chrome: sign-in, navigation, clock ----------

const main = () => $("#main");
let renderSerial = 0;

function showSignIn(message) {
  $("#nav").hidden = true;
  $("#signout").hidden = true;
  $("#who").textContent = "";
  $("#clock").textContent = "";
  const err = h("p", { class: "error", role: "alert", hidden: !message }, message || "");
  const input = h("input", { id: "token", type: "password", autocomplete: "off", required: true, "aria-describedby": "token-help" });
  const form = h("form", { class: "card signin", onsubmit: async (ev) => {
    ev.preventDefault();
    err.hidden = true;
    try {
      session.me = await api("/v1/session", { method: "POST", body: { token: input.value.trim() } });
      input.value = "";
      await start();
    } catch (e) {
      err.textContent = e.status === 401 ? "That token was not accepted. Check it and try again." : errorText(e);
      err.hidden = false;
      input.focus();
    }
  } },
    h("h1", { text: "Sign in to sif" }),
    h("label", { for: "token", text: "API token" }),
    input,
    h("p", { id: "token-help", class: "muted small" },
      "A viewer token can read everything; an officer token can also record events; an admin token can also change a school's contacts. ",
      "The README's run command prints a development token. The token is exchanged for a session cookie and is not kept in this browser."),
    h("button", { type: "submit", text: "Sign in" }),
    err);
  main().replaceChildren(h("section", { class: "signin" }, form));
  input.focus();
}

async function refreshClock() {
  try {
    const c = await api("/v1/clock");
    session.clock = c;
    session.today = (c.local_date || c.local || c.now || "").slice(0, 10);
    $("#clock").textContent = (c.mode === "manual" ? "Manual clock: " : "") + timeWords(c.now || c.local);
  } catch { /* shown by the page itself */ }
}

function markNav(page) {
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.dataset.page === page) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

async function start() {
  $("#nav").hidden = false;
  $("#signout").hidden = false;
  $("#who").textContent = `${session.me.name} (${session.me.role})`;
  await refreshClock();
  await route();
}

// ---------- routing ----------

function currentRoute() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const q = raw.indexOf("?");
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? "" : raw.slice(q + 1));
  return { path, params };
}

const pages = [
  [/^\/?$/, "overview", overviewPage],
  [/^\/schools$/, "schools", schoolsPage],
  [/^\/schools\/([^/]+)$/, "schools", casePage],
  [/^\/deadlines$/, "deadlines", deadlinesPage],
  [/^\/notices$/, "notices", noticesPage],
  [/^\/frameworks$/, "frameworks", frameworksPage],
];

async function route({ refresh = false } = {}) {
  if (!session.me) return showSignIn();
  const { path, params } = currentRoute();
  const serial = ++renderSerial;
  for (const [re, name, fn] of pages) {
    const m = re.exec(path);
    if (!m) continue;
    markNav(name);
    const page = { params, arg: m[1] ? decodeURIComponent(m[1]) : null, refresh, stale: () => serial !== renderSerial };
    try {
      const nodes = await fn(page);
      if (page.stale() || !nodes) return;
      const y = window.scrollY;
      main().replaceChildren(...[nodes].flat(Infinity).filter(Boolean));
      // A wide diagram opens scrolled to its current state.
      for (const d of main().querySelectorAll(".diagram")) {
        const cur = d.querySelector(".node.current");
        if (cur) d.scrollLeft = Math.max(0, +cur.getAttribute("data-x") - 80);
      }
      if (refresh) window.scrollTo(0, y); else main().focus({ preventScroll: true });
    } catch (e) {
      if (page.stale() || !session.me) return;
      main().replaceChildren(h("section", { class: "card" }, h("h1", { text: "This page could not be shown" }), errorBox(e)));
    }
    return;
  }
  markNav("");
  main().replaceChildren(h("section", { class: "card" }, h("h1", { text: "No such page" }), h("p", {}, h("a", { href: "#/", text: "Go to the overview" }))));
}

function setHash(path, params, { replace = false } = {}) {
  const qs = params && params.toString();
  const hash = "#" + path + (qs ? "?" + qs : "");
  if (replace) history.replaceState(null, "", hash);
  else location.hash = hash;
}

const schoolLink = (id, name) => h("a", { href: "#/schools/" + encodeURIComponent(id), text: name || id });

// ---------- overview ----------

async function overviewPage() {
  const [o, fws] = await Promise.all([api("/v1/overview"), frameworkList()]);
  const today = o.today || session.today;
  const overdue = o.overdue || { count: 0, items: [] };
  const week = o.due_this_week || { count: 0, items: [] };
  const notices = o.warning_notices || [];
  const tile = (cls, n, label, href) => h("a", { class: "tile " + cls, href }, h("span", { class: "n", text: number(n) }), label);
  const tiles = h("div", { class: "tiles" },
    tile(overdue.count ? "bad" : "", overdue.count, overdue.count === 1 ? "deadline overdue" : "deadlines overdue", "#/deadlines"),
    tile(week.count ? "warn" : "", week.count, "due in the next 7 days", "#/deadlines"),
    h("div", { class: "tile" + (notices.length ? " warn" : "") }, h("span", { class: "n", text: number(notices.length) }), notices.length === 1 ? "warning notice open" : "warning notices open"),
    o.mine === null || o.mine === undefined
      ? h("div", { class: "tile" }, h("span", { class: "n", text: "—" }), "my schools: add ", h("code", { text: "email:" }), " to your token in sifd.yaml")
      : tile("", o.mine, "my schools", "#/schools?mine=true"));

  const overdueCard = h("section", { class: "card" + (overdue.items.length ? " wide" : ""), id: "overview-overdue" },
    h("h2", {}, "Overdue ", h("span", { class: overdue.count ? "pill bad" : "pill", text: number(overdue.count) })),
    overdue.items.length ? itemTable(overdue.items, today, true) : h("p", { class: "muted", text: "Nothing is overdue." }),
    overdue.count > overdue.items.length ? h("p", { class: "small" }, h("a", { href: "#/deadlines", text: `All ${number(overdue.count)} overdue deadlines` })) : null);
  const weekCard = h("section", { class: "card" },
    h("h2", {}, "Due in the next 7 days ", h("span", { class: "pill", text: number(week.count) })),
    week.items.length ? itemTable(week.items, today, false) : h("p", { class: "muted", text: "Nothing falls due this week." }));
  const warnCard = h("section", { class: "card", id: "overview-warning" },
    h("h2", { text: "Warning notices" }),
    notices.length
      ? h("table", {}, h("thead", {}, h("tr", {}, h("th", { text: "School" }), h("th", { text: "Stage" }), h("th", { text: "Last day" }), h("th", { class: "num", text: "Working days left" }))),
        h("tbody", {}, notices.map((n) => h("tr", {},
          h("td", {}, schoolLink(n.school, n.school_name)),
          h("td", { text: n.state_title || humanise(n.state) }),
          h("td", { class: "nowrap", text: dateWords(n.last_day) }),
          h("td", { class: "num" + (n.working_days_left <= 3 ? " soon" : ""), text: n.working_days_left ?? "" })))))
      : h("p", { class: "muted", text: "No warning notice is open." }));

  const fwTitle = new Map((fws || []).map((f) => [f.id, f.title]));
  const fwCards = (o.frameworks || []).map((f) => h("section", { class: "card" },
    h("h2", {}, f.title || fwTitle.get(f.id) || f.id, " ", h("span", { class: "muted small", text: plural(f.schools, "school") })),
    h("h3", { text: "By category" }),
    h("table", {}, h("tbody", {}, (f.categories || []).filter((c) => c.schools > 0 || c.id !== "none").map((c) => h("tr", {},
      h("td", {}, h("a", { href: `#/schools?framework=${encodeURIComponent(f.id)}&category=${encodeURIComponent(c.id)}`, text: c.id === "none" ? "None agreed yet" : (c.title || humanise(c.id)) })),
      h("td", { class: "num", text: number(c.schools) }))))),
    h("h3", { text: "Stages" }),
    (f.stages || []).length
      ? h("table", {}, h("tbody", {}, f.stages.map((s) => h("tr", {},
        h("td", {}, h("a", { href: `#/schools?framework=${encodeURIComponent(f.id)}&state=${encodeURIComponent(s.state)}`, text: s.state_title || humanise(s.state) }),
          h("div", { class: "small muted", text: s.workflow_title || humanise(s.workflow) })),
        h("td", { class: "num", text: number(s.schools) })))))
      : h("p", { class: "muted small", text: "No school is in an active process." })));

  return [
    h("h1", {}, "Overview ", h("span", { class: "muted small", text: today ? "· " + dateWords(today) : "" })),
    tiles,
    h("div", { class: "grid" }, overdueCard, weekCard, warnCard),
    h("h2", { class: "section-title", text: "Frameworks" }),
    h("div", { class: "grid" }, fwCards),
  ];
}

// A table of deadline items (overdue or due) across schools.
function itemTable(items, today, overdue) {
  return h("div", { class: "scroll" }, h("table", {},
    h("thead", {}, h("tr", {}, h("th", { text: overdue ? "Fell due" : "Due" }), h("th", { text: "School" }), h("th", { text: "Deadline" }), h("th", { class: "num", text: overdue ? "Overdue by" : "Left" }))),
    h("tbody", {}, items.map((x) => h("tr", { class: overdue ? "overdue-row" : "" },
      h("td", { class: "nowrap " + (overdue ? "overdue" : ""), text: dateWords(x.due) }),
      h("td", {}, schoolLink(x.school, x.school_name)),
      h("td", {}, x.title || humanise(x.timer), h("div", { class: "small muted", text: [x.workflow_title || humanise(x.workflow), x.state_title].filter(Boolean).join(" · ") })),
      h("td", { class: "num nowrap" + (overdue ? " overdue" : ""), text: overdue ? workingDays(x.working_days_overdue) : leftWords(x, today) }))))));
}
const workingDays = (n) => (n === undefined || n === null ? "" : plural(n, "working day"));
function leftWords(x, today) {
  if (typeof x.working_days_left === "number") return x.working_days_left === 0 ? "today" : workingDays(x.working_days_left);
  if (!today || !x.due) return "";
  const d = daysBetween(today, x.due);
  return d === 0 ? "today" : plural(d, "day");
}

// ---------- schools ----------

const SCHOOL_COLUMNS = [
  ["id", "URN"], ["name", "School"], ["la", "Authority"], ["category", "Category"], [null, "Overdue"], ["next_deadline", "Next deadline"],
];
const PAGE_SIZE = 50;

async function schoolsPage(page) {
  const params = page.params;
  const fws = await frameworkList();
  const results = h("div", { id: "school-results", "aria-live": "polite" });
  const field = (name) => params.get(name) || "";

  const q = h("input", { id: "f-q", type: "search", value: field("q"), placeholder: "name or URN" });
  const la = h("input", { id: "f-la", type: "search", value: field("la"), placeholder: "e.g. Wiltshire" });
  const fwSel = h("select", { id: "f-framework" }, h("option", { value: "", text: "All frameworks" }),
    fws.map((f) => h("option", { value: f.id, text: f.title || f.id, selected: f.id === field("framework") })));
  const catSel = h("select", { id: "f-category" });
  const stateSel = h("select", { id: "f-state" });
  const overdue = h("input", { id: "f-overdue", type: "checkbox", checked: params.get("overdue") === "true" });
  const mine = h("input", { id: "f-mine", type: "checkbox", checked: params.get("mine") === "true" });

  async function fillFrameworkChoices() {
    const fw = await framework(fwSel.value);
    catSel.replaceChildren(h("option", { value: "", text: "Any category" }), h("option", { value: "none", text: "None agreed", selected: field("category") === "none" }),
      (fw && fw.categories || []).map((c) => h("option", { value: c.id || c, text: c.title || humanise(c.id || c), selected: (c.id || c) === field("category") })));
    const states = [];
    for (const w of fw && fw.workflows || []) for (const s of w.states || []) if (!s.final) states.push([s.id, `${s.title || humanise(s.id)} (${w.title || w.id})`]);
    stateSel.replaceChildren(h("option", { value: "", text: fw ? "Any state" : "Choose a framework for states" }),
      states.map(([id, t]) => h("option", { value: id, text: t, selected: id === field("state") })));
    stateSel.disabled = !fw;
    if (!fw && field("state")) stateSel.append(h("option", { value: field("state"), text: humanise(field("state")), selected: true }));
  }
  await fillFrameworkChoices();

  async function load({ push = false } = {}) {
    const p = new URLSearchParams();
    const set = (k, v) => { if (v) p.set(k, v); };
    set("q", q.value.trim()); set("la", la.value.trim()); set("framework", fwSel.value); set("category", catSel.value); set("state", stateSel.value);
    if (overdue.checked) p.set("overdue", "true");
    if (mine.checked) p.set("mine", "true");
    if (params.get("sort")) p.set("sort", params.get("sort"));
    if (+params.get("offset") > 0) p.set("offset", params.get("offset"));
    for (const k of [...params.keys()]) params.delete(k);
    for (const [k, v] of p) params.set(k, v);
    setHash("/schools", params, { replace: !push });
    const apiParams = new URLSearchParams(p);
    apiParams.set("limit", String(PAGE_SIZE));
    if (!apiParams.has("sort")) apiParams.set("sort", "name");
    try {
      const r = await api("/v1/schools?" + apiParams);
      results.replaceChildren(schoolTable(r, params, load));
    } catch (e) {
      results.replaceChildren(errorBox(e));
      if (e.field) { const input = $("#f-" + e.field); if (input) input.setAttribute("aria-invalid", "true"); }
    }
  }
  let timer = null;
  const typed = () => { params.delete("offset"); clearTimeout(timer); timer = setTimeout(() => load(), 250); };
  q.addEventListener("input", typed);
  la.addEventListener("input", typed);
  for (const el of [catSel, stateSel, overdue, mine]) el.addEventListener("change", () => { params.delete("offset"); load(); });
  fwSel.addEventListener("change", async () => { params.delete("offset"); params.delete("category"); params.delete("state"); await fillFrameworkChoices(); load(); });
  await load();

  const label = (text, el) => h("label", { for: el.id }, text, el);
  return [
    h("h1", { text: "Schools" }),
    h("section", { class: "card" },
      h("form", { class: "filters", role: "search", onsubmit: (ev) => { ev.preventDefault(); load(); } },
        label("Search", q), label("Authority", la), label("Framework", fwSel), label("Category", catSel), label("State", stateSel),
        h("label", { class: "check", for: "f-overdue" }, overdue, "Overdue only"),
        h("label", { class: "check", for: "f-mine" }, mine, "My schools")),
      results),
  ];
}

function schoolTable(r, params, load) {
  const rows = r.schools || [];
  const total = r.total ?? rows.length;
  const offset = +params.get("offset") || 0;
  const sort = params.get("sort") || "name";
  const head = SCHOOL_COLUMNS.map(([key, label]) => {
    if (!key) return h("th", { class: "num", text: label });
    const on = sort.replace(/^-/, "") === key;
    const desc = on && sort.startsWith("-");
    return h("th", { "aria-sort": on ? (desc ? "descending" : "ascending") : "none" },
      h("button", { type: "button", text: label, onclick: () => { params.set("sort", on && !desc ? "-" + key : key); params.delete("offset"); load({ push: true }); } }));
  });
  const body = rows.map((s) => {
    const nd = s.next_deadline;
    return h("tr", { class: s.overdue_count ? "overdue-row" : "" },
      h("td", { class: "nowrap", text: s.id }),
      h("td", {}, schoolLink(s.id, s.name), h("div", { class: "small muted", text: s.framework })),
      h("td", { text: s.la }),
      h("td", {}, h("span", { class: "pill", text: s.category ? (s.category_title || humanise(s.category)) : "none agreed" })),
      h("td", { class: "num" + (s.overdue_count ? " overdue" : ""), text: s.overdue_count ? String(s.overdue_count) : "" }),
      h("td", {}, nd ? [h("span", { class: "nowrap", text: dateWords(nd.due) }), h("div", { class: "small muted", text: nd.title || humanise(nd.timer) })] : h("span", { class: "muted", text: "none pending" })));
  });
  const pager = h("div", { class: "pager" },
    h("span", { class: "muted", text: total ? `${number(offset + 1)}–${number(offset + rows.length)} of ${number(total)} schools` : "No school matches." }),
    h("button", { type: "button", class: "ghost", text: "Previous", disabled: offset <= 0, onclick: () => { params.set("offset", String(Math.max(0, offset - PAGE_SIZE))); load({ push: true }); } }),
    h("button", { type: "button", class: "ghost", text: "Next", disabled: offset + rows.length >= total, onclick: () => { params.set("offset", String(offset + PAGE_SIZE)); load({ push: true }); } }));
  return h("div", {}, h("div", { class: "scroll" }, h("table", { id: "schools-table" }, h("thead", {}, h("tr", {}, head)), h("tbody", {}, body))), pager);
}

// ---------- a school's case file ----------

let formInProgress = false;  // a half-filled event form is never thrown away by a refresh

async function casePage(page) {
  const id = page.arg;
  if (page.refresh && formInProgress) return null;
  const enc = encodeURIComponent(id);
  const [s, hist, notices] = await Promise.all([
    api("/v1/schools/" + enc),
    api("/v1/schools/" + enc + "/history"),
    api("/v1/notices?school=" + enc + "&limit=200").catch(() => ({ notices: [] })),
  ]);
  const fw = await framework(s.framework);
  const today = session.today;
  document.title = `${s.name} — sif`;
  const history = hist.history || [];
  const active = (s.instances || []).filter((i) => !i.final);
  const instTitle = (i) => i.workflow_title || workflowTitle(fw, i.workflow);
  const stTitle = (i) => i.state_title || stateTitle(fw, i.workflow, i.state);

  // Overdue first, in red.
  const overdue = s.overdue || [];
  const overdueCard = overdue.length ? h("section", { class: "card", id: "case-overdue" },
    h("h2", { class: "overdue", text: overdue.length === 1 ? "1 deadline overdue" : `${overdue.length} deadlines overdue` }),
    h("table", {}, h("tbody", {}, overdue.map((o) => h("tr", { class: "overdue-row" },
      h("td", {}, h("strong", { text: o.title || humanise(o.timer) }), h("div", { class: "small muted", text: `${o.workflow_title || humanise(o.workflow)} · ${o.state_title || humanise(o.state)}` })),
      h("td", { class: "nowrap" }, "fell due ", h("strong", { text: dateWords(o.due) })),
      h("td", { class: "nowrap overdue", text: workingDays(o.working_days_overdue) + " overdue" })))))) : null;

  // Each active workflow: its state and its diagram.
  const workflowsCard = h("section", { class: "card" }, h("h2", { text: "Workflows" }),
    active.length ? active.map((i) => {
      const wf = findWorkflow(fw, i.workflow);
      return h("div", { class: "workflow" },
        h("h3", {}, instTitle(i), " ", h("span", { class: "pill ok", text: stTitle(i) }), " ", h("span", { class: "small muted", text: "since " + dateWords(i.entered) })),
        wf ? h("details", { open: true }, h("summary", { text: "Diagram" }), h("div", { class: "diagram" }, workflowDiagram(wf, i.state))) : null);
    }) : h("p", { class: "muted", text: "No workflow is active." }));

  // Pending deadlines with why each date is what it is.
  const timers = active.flatMap((i) => (i.timers || []).map((t) => ({ ...t, inst: i })));
  timers.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
  const deadlinesCard = h("section", { class: "card", id: "case-deadlines" }, h("h2", { text: "Pending deadlines" }),
    timers.length ? h("div", { class: "scroll" }, h("table", {},
      h("thead", {}, h("tr", {}, h("th", { text: "Date" }), h("th", { text: "What" }), h("th", { class: "num", text: "Left" }))),
      h("tbody", {}, timers.map((t) => h("tr", {},
        h("td", { class: "nowrap " + (today && t.due < today ? "overdue" : today && daysBetween(today, t.due) <= 14 ? "soon" : "") }, dateWords(t.due)),
        h("td", {},
          h("div", {}, t.kind === "reminder" ? h("span", { class: "muted", text: t.title }) : t.title || humanise(t.id), " ", h("span", { class: "pill small", text: meaningWords(t) })),
          h("div", { class: "small muted", text: instTitle(t.inst) + " · " + stTitle(t.inst) }),
          h("details", { class: "small" }, h("summary", { text: "Why this date" }), h("p", { text: explain(t.provenance, fw) }))),
        h("td", { class: "num nowrap", text: leftWords(t, today) })))))) : h("p", { class: "muted", text: "No deadline is pending." }));

  const waiting = s.waiting_events || [];
  const waitingCard = waiting.length ? h("section", { class: "card" }, h("h2", { text: "Waiting for a period to end" }),
    h("ul", {}, waiting.map((w) => h("li", {}, `${humanise(w.event)} can be recorded from ${dateWords(w.allowed_from)}: ${w.title} runs to ${dateWords(w.last_day)}.`)))) : null;

  const identity = h("section", { class: "card", id: "case-identity" }, h("h2", { text: "School" }),
    h("dl", { class: "facts" },
      h("dt", { text: "URN" }), h("dd", { text: s.id }),
      h("dt", { text: "Authority" }), h("dd", { text: s.la }),
      h("dt", { text: "Framework" }), h("dd", { text: fw ? `${fw.title} (v${fw.version})` : s.framework }),
      h("dt", { text: "Category" }), h("dd", {}, h("span", { class: "pill", text: categoryTitle(fw, s.category) })),
      factsList((s.school && s.school.facts) || {})));
  const contacts = contactsCard(s, fw);

  const timeline = timelineCard(history, notices.notices || [], fw);
  const chart = history.length ? h("section", { class: "card" }, h("h2", { text: "States over time" }), h("div", { class: "diagram chart" }, stateChart(history, s.instances || [], fw, today))) : null;
  const record = can("officer") ? eventCard(s, fw) : h("section", { class: "card muted small", text: "You are signed in as a viewer: you can read this case file but not record events." });

  return [
    h("p", { class: "small" }, h("a", { href: "#/schools", text: "Schools" }), " › ", s.la),
    h("h1", {}, s.name, " ", h("span", { class: "muted small", text: "URN " + s.id })),
    h("div", { class: "cols" },
      h("div", {}, overdueCard, deadlinesCard, workflowsCard, chart, timeline),
      h("div", {}, record, waitingCard, identity, contacts)),
  ];
}

function meaningWords(t) {
  if (t.kind === "reminder") return "reminder";
  if (t.kind === "escalation") return "escalation";
  return { deadline: "deadline", window: "period ends", prompt: "to do" }[t.meaning] || t.meaning || t.kind;
}

// Why a date is what it is, from the timer's provenance.
function explain(p, fw) {
  if (!p) return "";
  const d = p.duration || {};
  const unit = String(d.unit || "").replace(/_/g, " ");
  const count = Math.abs(d.count ?? 0);
  const unitWords = count === 1 ? unit.replace(/s$/, "") : unit;
  const base = `${dateWords(p.base)} (${p.base_event === "entered" ? "the day the state was entered" : eventTitle(p.base_event, fw, p.workflow)})`;
  let s = p.anchor ? `The ${p.anchor} on or after ${base}` : `${count} ${unitWords} ${d.count < 0 ? "before" : "after"} ${base}`;
  s += `, under ${fw ? fw.title : p.framework} v${p.framework_version}, ${p.rule || p.timer}.`;
  const named = (p.skipped || []).filter((x) => !/^(Saturday|Sunday)$/.test(x.reason));
  if (named.length) s += " Days not counted: " + named.map((x) => `${dateWords(x.date)} (${x.reason})`).join("; ") + ".";
  s += ` Calendar: ${p.calendar}.`;
  return s;
}

// A school's facts for people: "phase_name: Secondary" shows as "Phase: Secondary", and the
// machine value it names ("phase: secondary") is not shown twice. church_school, worked out from
// the religious character for a warning notice's copy to the diocesan authority, in words.
const factWords = {
  church_school: {
    label: "Church school (diocesan authority copied)",
    values: { church_of_england: "Church of England", roman_catholic: "Roman Catholic",
      church_of_england_and_roman_catholic: "Church of England and Roman Catholic", no: "No" },
  },
};
function factsList(facts) {
  return Object.entries(facts).filter(([k]) => !(k + "_name" in facts)).map(([k, v]) => {
    const words = factWords[k];
    return [h("dt", { text: words ? words.label : humanise(k.replace(/_name$/, "")) }),
      h("dd", { text: (words && words.values[v]) || v })];
  });
}

// ---------- a school's contacts: list, and for admins edit, add, remove ----------

// The framework's title for a role ("School Improvement Advisor (SIA)"), else the role's words.
const roleTitle = (fw, id) => (fw && fw.roles && fw.roles[id]) || humanise(id);  // roles: { id: title }
let contactFlash = null;  // what the last change did, shown once the case file has reloaded

// Where each role's notices go. An admin may change them (PUT/DELETE /v1/schools/{id}/contacts/
// {role}); each change is an entry in the school's history, so the page reloads to show it.
// One form is open at a time: editing a contact, adding one, or confirming a removal.
function contactsCard(s, fw) {
  const contacts = (s.school && s.school.contacts) || {};
  // In the framework's order of its roles (headteacher first in most); any other role after them.
  const order = Object.keys((fw && fw.roles) || {});
  const rank = (r) => (order.includes(r) ? order.indexOf(r) : order.length);
  const roles = Object.keys(contacts).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const admin = can("admin");
  const url = (role) => `/v1/schools/${encodeURIComponent(s.id)}/contacts/${encodeURIComponent(role)}`;
  const card = h("section", { class: "card", id: "case-contacts" });
  let open = null;  // null, { edit: role }, { add: true } or { remove: role }

  async function change(role, method, body, form, inputs, msg, btn) {
    btn.disabled = true;
    try {
      const r = await api(url(role), { method, body });
      const what = roleTitle(fw, role);
      contactFlash = method === "DELETE" ? `${what} contact removed.` : r.changed ? `${what} contact saved.` : `Nothing changed: the ${what} contact was already that.`;
      formInProgress = false;
      await route({ refresh: true });
    } catch (e) {
      btn.disabled = false;
      // "contact.email" names the email box; "role" the role; anything else is about the whole form.
      const field = e.field === "role" ? "role" : e.field && e.field.startsWith("contact.") ? e.field.slice(8) : null;
      if (showFieldError(form, inputs, field, errorText(e), "ct-err-")) msg.replaceChildren();
      else msg.replaceChildren(errorBox(e));
    }
  }

  function contactForm(role, c) {
    const inputs = new Map();
    const msg = h("div", { id: "ct-message", "aria-live": "polite" });
    const field = (name, label, el, hint) => {
      inputs.set(name, el);
      return h("div", { class: "field" }, h("label", { for: el.id }, label, hint ? h("span", { class: "hint", text: hint }) : null), el);
    };
    const taken = new Set(roles);
    const choices = order.filter((r) => !taken.has(r));
    const roleSel = role ? null : h("select", { id: "ct-role", required: true, "aria-required": "true" },
      h("option", { value: "", text: "Choose a role…", selected: true, disabled: true }),
      choices.map((r) => h("option", { value: r, text: roleTitle(fw, r) })));
    const save = h("button", { type: "submit", text: role ? "Save contact" : "Add contact" });
    const form = h("form", { class: "contact", novalidate: true, "aria-label": role ? `Edit the ${roleTitle(fw, role)} contact` : "Add a contact", onsubmit: (ev) => {
      ev.preventDefault();
      const target = role || roleSel.value;
      if (!target) { showFieldError(form, inputs, "role", "Choose the role this contact is for.", "ct-err-"); return; }
      const body = {};
      for (const k of ["name", "email", "address"]) body[k] = inputs.get(k).value.trim();
      change(target, "PUT", body, form, inputs, msg, save);
    } },
      roleSel ? field("role", "Role", roleSel) : null,
      field("name", "Name", h("input", { id: "ct-name", type: "text", maxlength: "200", autocomplete: "off", value: c ? c.name : "" })),
      field("email", "Email", h("input", { id: "ct-email", type: "email", maxlength: "200", autocomplete: "off", value: c ? c.email : "" })),
      field("address", "Postal address", h("textarea", { id: "ct-address", maxlength: "1000" }, c ? c.address : ""), " (optional)"),
      h("p", { class: "small muted", text: "Give at least one of name, email, address. Letters to this role go here from now on, including any still waiting to be sent." }),
      h("div", { class: "actions" }, save, h("button", { type: "button", class: "ghost", text: "Cancel", onclick: () => show(null) })),
      msg);
    return form;
  }

  function removeConfirm(role, c) {
    const inputs = new Map();
    const msg = h("div", { id: "ct-message", "aria-live": "polite" });
    const what = roleTitle(fw, role);
    const yes = h("button", { type: "button", class: "danger", id: "ct-confirm-remove", text: "Remove contact" });
    const box = h("div", { class: "confirm", role: "group", "aria-label": `Remove the ${what} contact` },
      h("p", {}, `Remove ${c.name || c.email || "this contact"} as ${what}? `,
        "Letters to this role will go to the authority's default contacts instead. The removal is recorded in the school's history."),
      h("div", { class: "actions" }, yes, h("button", { type: "button", class: "ghost", text: "Keep it", onclick: () => show(null) })),
      msg);
    yes.addEventListener("click", () => change(role, "DELETE", undefined, box, inputs, msg, yes));
    return box;
  }

  function show(next) {
    // An open form holds off the minute's refresh, as a half-filled event form does.
    if (next) formInProgress = true; else if (open) formInProgress = false;
    open = next;
    const list = roles.length ? h("ul", { class: "contacts", id: "contact-list" }, roles.map((role) => {
      const c = contacts[role];
      const what = roleTitle(fw, role);
      const editing = open && open.edit === role;
      return h("li", { "data-role": role },
        h("div", { class: "contact-head" }, h("strong", { text: what }),
          admin && !open ? h("span", { class: "actions" },
            h("button", { type: "button", class: "ghost small", text: "Edit", "aria-label": `Edit the ${what} contact`, onclick: () => show({ edit: role }) }),
            h("button", { type: "button", class: "ghost small", text: "Remove", "aria-label": `Remove the ${what} contact`, onclick: () => show({ remove: role }) })) : null),
        editing ? contactForm(role, c) : h("dl", { class: "facts small" },
          h("dt", { text: "Name" }), h("dd", { text: c.name || "—" }),
          h("dt", { text: "Email" }), h("dd", { text: c.email || "—" }),
          h("dt", { text: "Address" }), h("dd", { class: "address", text: c.address || "—" })),
        open && open.remove === role ? removeConfirm(role, c) : null);
    })) : h("p", { class: "muted small", text: "No contacts registered: letters to this school's roles go to the authority's default contacts." });
    const canAdd = admin && order.some((r) => !(r in contacts));
    card.replaceChildren(...[
      h("h2", { text: "Contacts" }),
      contactFlash ? h("p", { class: "success", role: "status", id: "contacts-saved", text: contactFlash }) : null,
      list,
      open && open.add ? [h("h3", { text: "Add a contact" }), contactForm(null, null)]
        : canAdd && !open ? h("div", { class: "actions" }, h("button", { type: "button", class: "ghost", text: "Add a contact", onclick: () => show({ add: true }) })) : null,
      admin ? null : h("p", { class: "small muted", text: "Only an administrator can change a school's contacts." }),
    ].flat().filter(Boolean));
    contactFlash = null;
    const first = card.querySelector("form select, form input, #ct-confirm-remove");
    if (first && open) first.focus();
  }
  show(null);
  return card;
}

function timelineCard(history, notices, fw) {
  const items = [];
  for (const e of history) items.push({ kind: e.event.startsWith("timer.") ? "timer" : "event", when: e.recorded_at || e.date, date: e.date, seq: e.seq, e });
  for (const n of notices) items.push({ kind: "notice", when: n.created_at || n.sent_at || "", date: (n.created_at || "").slice(0, 10), seq: 0, n });
  items.sort((a, b) => (a.when < b.when ? 1 : a.when > b.when ? -1 : b.seq - a.seq));
  const LIMIT = 60;
  const list = h("ol", { class: "timeline", id: "case-timeline" });
  const show = (n) => list.replaceChildren(...items.slice(0, n).map((x) => timelineItem(x, fw)));
  show(LIMIT);
  const more = items.length > LIMIT ? h("button", { type: "button", class: "ghost", text: `Show all ${items.length}`, onclick: (ev) => { show(items.length); ev.target.remove(); } }) : null;
  return h("section", { class: "card" }, h("h2", {}, "Timeline ", h("span", { class: "muted small", text: plural(items.length, "entry", "entries") })), list, more);
}

function timelineItem(x, fw) {
  if (x.kind === "notice") {
    const n = x.n;
    return h("li", { class: "kind-notice" },
      h("div", { class: "when", text: timeWords(n.created_at) }),
      h("div", {}, h("strong", { text: "Letter: " + (n.subject || humanise(n.template)) }), " ", h("span", { class: "pill " + (n.status === "dead" ? "bad" : n.status === "sent" ? "ok" : "warn"), text: n.status })),
      h("div", { class: "small muted", text: "to " + [...(n.to || []), ...(n.cc || []).map((c) => "cc " + c)].join(", ") }),
      h("button", { type: "button", class: "ghost small", text: "Open letter", onclick: () => openLetter(n.id) }));
  }
  const e = x.e;
  const moved = e.from !== e.to && e.to;
  const data = Object.entries(e.data || {}).filter(([k]) => k !== "date");
  return h("li", { class: "kind-" + x.kind },
    h("div", { class: "when" }, dateWords(e.date), e.recorded_at && e.recorded_at.slice(0, 10) !== e.date ? ` · recorded ${timeWords(e.recorded_at)}` : ""),
    h("div", {}, h("strong", { text: eventTitle(e.event, fw, e.workflow) }), " ", h("span", { class: "small muted", text: "by " + e.actor })),
    h("div", { class: "small" }, workflowTitle(fw, e.workflow), ": ",
      moved ? [e.from ? stateTitle(fw, e.workflow, e.from) : "start", " → ", h("strong", { text: stateTitle(fw, e.workflow, e.to) })] : stateTitle(fw, e.workflow, e.to || e.from)),
    data.length ? h("div", { class: "data" }, data.map(([k, v]) => h("span", {}, h("span", { class: "muted", text: humanise(k) + ": " }), String(v)))) : null,
    e.note ? h("div", { class: "small muted", text: e.note }) : null);
}

async function openLetter(id) {
  const dlg = $("#dialog");
  $("#dialog-title").textContent = "Letter";
  $("#dialog-body").replaceChildren(h("p", { class: "muted", text: "Loading…" }));
  if (!dlg.open) dlg.showModal();
  try {
    const n = await api("/v1/notices/" + encodeURIComponent(id));
    $("#dialog-title").textContent = n.subject || humanise(n.template);
    $("#dialog-body").replaceChildren(
      h("dl", { class: "facts small" },
        h("dt", { text: "To" }), h("dd", { text: (n.to || []).join(", ") || "—" }),
        (n.cc || []).length ? [h("dt", { text: "Cc" }), h("dd", { text: n.cc.join(", ") })] : null,
        h("dt", { text: "School" }), h("dd", {}, schoolLink(n.school, n.school_name || n.school)),
        h("dt", { text: "Status" }), h("dd", {}, h("span", { class: "pill " + (n.status === "dead" ? "bad" : n.status === "sent" ? "ok" : "warn"), text: n.status }),
          n.sent_at ? " sent " + timeWords(n.sent_at) : n.next_attempt_at ? " next attempt " + timeWords(n.next_attempt_at) : ""),
        n.last_error ? [h("dt", { text: "Last error" }), h("dd", { class: "overdue", text: n.last_error })] : null,
        h("dt", { text: "Template" }), h("dd", { text: n.template })),
      h("pre", { class: "letter", id: "letter-body", text: n.body || "(this letter has no text body)" }));
  } catch (e) {
    $("#dialog-body").replaceChildren(errorBox(e));
  }
}

// ---------- recording an event: form, preview, confirmation ----------

function eventCard(s, fw) {
  const forms = (s.event_forms && s.event_forms.length ? s.event_forms : (s.allowed_events || []).map((t) => ({ type: t, fields: [] })))
    .filter((f) => !f.type.endsWith(".finished"));
  const card = h("section", { class: "card", id: "record-event" }, h("h2", { text: "Record an event" }));
  if (!forms.length) { card.append(h("p", { class: "muted", text: "No event can be recorded in this school's current states." })); return card; }
  const select = h("select", { id: "ev-type", required: true },
    h("option", { value: "", text: "Choose an event…", selected: true, disabled: true }),
    forms.map((f) => h("option", { value: f.type, text: f.title || humanise(f.type) })));
  const fieldsBox = h("div", { id: "ev-fields" });
  const msg = h("div", { id: "ev-message", "aria-live": "polite" });
  const previewBox = h("div", { id: "ev-preview" });
  const previewBtn = h("button", { type: "submit", text: "Preview", disabled: true });
  let inputs = new Map();

  function formFor(type) { return forms.find((f) => f.type === type); }
  function drawFields() {
    const f = formFor(select.value);
    inputs = new Map();
    previewBox.replaceChildren();
    msg.replaceChildren();
    const fields = [...(f && f.fields || [])];
    if (!fields.some((x) => x.name === "date")) fields.push({ name: "date", kind: "date", required: false, label: "Date it happened" });
    fieldsBox.replaceChildren(...fields.map((x) => fieldInput(x, fw, inputs)));
    if (f && (f.one_of || []).length) fieldsBox.append(h("p", { class: "small muted", text: "Give at least one of: " + f.one_of.map(humanise).join(", ") + "." }));
    previewBtn.disabled = !f;
    formInProgress = true;
  }
  select.addEventListener("change", drawFields);

  function data() {
    const d = {};
    for (const [name, el] of inputs) { const v = el.value.trim(); if (v) d[name] = v; }
    return d;
  }
  const markField = (field, text) => showFieldError(fieldsBox, inputs, field, text, "err-");
  function missingRequired(f) {
    for (const x of f.fields || []) if (x.required && !(inputs.get(x.name) && inputs.get(x.name).value.trim())) return x;
    return null;
  }

  const form = h("form", { class: "event", novalidate: true, onsubmit: async (ev) => {
    ev.preventDefault();
    const f = formFor(select.value);
    if (!f) { msg.replaceChildren(h("p", { class: "error", text: "Choose the event to record first." })); select.focus(); return; }
    const missing = missingRequired(f);
    if (missing) { markField(missing.name, `${missing.label || humanise(missing.name)} is needed for this event.`); return; }
    markField(null);
    const d = data();
    const p = new URLSearchParams({ event: f.type });
    for (const [k, v] of Object.entries(d)) p.set("data." + k, v);
    msg.replaceChildren(h("p", { class: "muted", text: "Working out what would happen…" }));
    try {
      const pv = await api(`/v1/schools/${encodeURIComponent(s.id)}/preview?${p}`);
      msg.replaceChildren();
      previewBox.replaceChildren(previewPanel(pv, f, d, s, fw, () => { previewBox.replaceChildren(); }, async (confirmBtn, key) => {
        confirmBtn.disabled = true;
        try {
          await api(`/v1/schools/${encodeURIComponent(s.id)}/events`, { method: "POST", body: { type: f.type, data: d }, headers: { "Idempotency-Key": key } });
          formInProgress = false;
          flash = `${f.title || humanise(f.type)} recorded.`;
          await route({ refresh: true });
        } catch (e) {
          confirmBtn.disabled = false;
          previewBox.replaceChildren();
          if (!markField(e.field, errorText(e))) msg.replaceChildren(errorBox(e));
        }
      }));
      $("#ev-confirm") && $("#ev-confirm").focus();
    } catch (e) {
      msg.replaceChildren();
      if (!markField(e.field, errorText(e))) msg.replaceChildren(errorBox(e));
    }
  } },
    h("div", { class: "field" }, h("label", { for: "ev-type", text: "Event" }), select),
    fieldsBox,
    h("div", { class: "actions" }, previewBtn, h("button", { type: "button", class: "ghost", text: "Clear", onclick: () => { select.value = ""; fieldsBox.replaceChildren(); previewBox.replaceChildren(); msg.replaceChildren(); previewBtn.disabled = true; formInProgress = false; } })),
    msg, previewBox);
  if (flash) { card.append(h("p", { class: "success", role: "status", id: "ev-recorded", text: flash })); flash = null; }
  card.append(h("p", { class: "small muted", text: "Nothing is recorded until you confirm the preview. A recorded event is permanent: it is part of the school's audit trail." }), form);
  return card;
}
let flash = null;

// Clears the marks of an earlier refusal in `box`, then puts `text` under the input named `field`
// (one of `inputs`, a Map of name -> element) with id `prefix + field`, and focuses it. False when
// no input has that name, so the caller shows the message for the whole form instead.
function showFieldError(box, inputs, field, text, prefix) {
  for (const el of inputs.values()) el.removeAttribute("aria-invalid");
  for (const el of box.querySelectorAll(".field-error")) el.remove();
  if (!field) return false;
  const el = inputs.get(field);
  if (!el) return false;
  el.setAttribute("aria-invalid", "true");
  el.closest(".field").append(h("div", { class: "field-error", id: prefix + field, text }));
  el.setAttribute("aria-describedby", prefix + field);
  el.focus();
  return true;
}

function fieldInput(x, fw, inputs) {
  const id = "ev-f-" + x.name;
  const label = x.label || humanise(x.name);
  let el;
  if (x.kind === "choice" && (x.choices || []).length) {
    el = h("select", { id, name: x.name }, h("option", { value: "", text: x.required ? "Choose…" : "(none)" }), x.choices.map((c) => h("option", { value: c, text: x.name === "category" ? categoryTitle(fw, c) : humanise(c) })));
  } else if (x.kind === "date") {
    el = h("input", { id, name: x.name, type: "date" });
  } else if (x.kind === "positive_integer") {
    el = h("input", { id, name: x.name, type: "number", min: "1", step: "1", inputmode: "numeric" });
  } else if (/grounds|reason|summary|note|text|details|comment/.test(x.name)) {
    el = h("textarea", { id, name: x.name, maxlength: "20000" });
  } else {
    el = h("input", { id, name: x.name, type: "text", maxlength: "20000" });
  }
  if (x.required) el.setAttribute("aria-required", "true");
  inputs.set(x.name, el);
  const hint = x.name === "date" && !x.required ? " (leave empty for today)" : x.required ? " (required)" : " (optional)";
  return h("div", { class: "field" }, h("label", { for: id }, label, h("span", { class: "hint", text: hint })), el);
}

function previewPanel(pv, f, d, s, fw, cancel, confirm) {
  const key = uuid();  // one key per preview: a double click records once
  const states = pv.states || [];
  const set = pv.deadlines_set || [];
  const cancelled = pv.deadlines_cancelled || [];
  const notices = pv.notices || [];
  const confirmBtn = h("button", { type: "button", id: "ev-confirm", text: "Confirm and record", onclick: () => confirm(confirmBtn, key) });
  const changed = states.filter((x) => x.from !== x.to);
  return h("div", { class: "preview", role: "region", "aria-label": "Preview" },
    h("h3", { text: `If you record “${f.title || humanise(f.type)}”` }),
    Object.keys(d).length ? h("p", { class: "small" }, Object.entries(d).map(([k, v]) => h("span", {}, h("span", { class: "muted", text: humanise(k) + ": " }), v, " "))) : null,
    h("h3", { text: "State" }),
    changed.length ? h("ul", {}, changed.map((x) => h("li", {}, `${x.workflow_title || humanise(x.workflow)}: ${x.from_title || humanise(x.from) || "start"} → `, h("strong", { text: x.to_title || humanise(x.to) }))))
      : h("p", { class: "small", text: "No state changes; the event is recorded in the history." }),
    pv.category_to && pv.category_to !== pv.category_from ? h("p", {}, "Category: ", categoryTitle(fw, pv.category_from), " → ", h("strong", { text: categoryTitle(fw, pv.category_to) })) : null,
    h("h3", { text: "New deadlines" }),
    set.length ? h("ul", { id: "preview-deadlines" }, set.map((t) => h("li", {}, h("strong", { text: dateWords(t.due) }), " — ", t.title || humanise(t.timer),
      h("details", { class: "small" }, h("summary", { text: "Why this date" }), h("p", { text: explain(t.provenance, fw) })))))
      : h("p", { class: "small muted", text: "None." }),
    cancelled.length ? [h("h3", { text: "No longer pending" }), h("ul", {}, cancelled.map((t) => h("li", { text: `${t.title || humanise(t.timer)} (${dateWords(t.due)})` })))] : null,
    h("h3", { text: "Letters" }),
    notices.length ? h("ul", {}, notices.map((n) => h("li", {}, h("strong", { text: n.subject || humanise(n.template) }), h("span", { class: "small muted", text: " to " + [...(n.to || []), ...(n.cc || []).map((c) => "cc " + c)].join(", ") }))))
      : h("p", { class: "small muted", text: "None." }),
    h("div", { class: "actions" }, confirmBtn, h("button", { type: "button", class: "ghost", text: "Change", onclick: cancel })));
}

// ---------- diagrams ----------

let svgSerial = 0;

// Splits a title into at most `max` lines of about `width` characters.
function wrap(text, width, max) {
  const words = String(text).split(/\s+/);
  const lines = [];
  let line = "";
  for (const w of words) {
    if ((line + " " + w).trim().length > width && line) { lines.push(line); line = w; } else line = (line + " " + w).trim();
  }
  if (line) lines.push(line);
  if (lines.length > max) { lines.length = max; lines[max - 1] = lines[max - 1].replace(/.{0,2}$/, "") + "…"; }
  return lines;
}

// A workflow's states, left to right by their distance from the initial state, with its
// transitions (solid: events; dashed: timers) and the current state filled.
function workflowDiagram(wf, current) {
  const states = wf.states || [];
  const ids = states.map((s) => s.id);
  const edges = new Map();
  const addEdge = (from, to, label, timer) => {
    if (!to || !ids.includes(to)) return;
    const k = from + "→" + to;
    const e = edges.get(k) || { from, to, labels: [], timer: true };
    e.labels.push(label);
    e.timer = e.timer && timer;
    edges.set(k, e);
  };
  for (const s of states) {
    for (const [ev, ts] of Object.entries(s.on || {})) for (const t of [ts].flat()) if (t && t.to && t.to !== s.id) addEdge(s.id, t.to, humanise(ev), false);
    for (const t of s.timers || []) if (t.then && t.then !== s.id) addEdge(s.id, t.then, (t.title || t.id) + " (timer)", true);
  }
  // A depth-first walk from the initial state (then from any state not reached) finds the edges
  // that go back to a state still being walked: those are loops and curve underneath. The rest
  // form a DAG; each state's column is its longest path from the start, so a process reads left
  // to right in its steps.
  const start = wf.initial || ids[0];
  const out = new Map(ids.map((id) => [id, []]));
  for (const e of edges.values()) out.get(e.from).push(e);
  const seen = new Map();
  const back = new Set();
  const finished = [];
  const walk = (u) => {
    seen.set(u, 1);
    for (const e of out.get(u)) {
      if (seen.get(e.to) === 1) back.add(e);
      else if (!seen.has(e.to)) walk(e.to);
    }
    seen.set(u, 2);
    finished.push(u);
  };
  walk(start);
  for (const id of ids) if (!seen.has(id)) walk(id);
  const order = finished.reverse();
  const layer = new Map(order.map((id) => [id, 0]));
  for (const u of order) for (const e of out.get(u)) if (!back.has(e)) layer.set(e.to, Math.max(layer.get(e.to), layer.get(u) + 1));
  const maxLayer = Math.max(0, ...layer.values());
  const W = 180, H = 62, GX = 60, GY = 16, PAD = 14;
  const rows = new Map();
  const pos = new Map();
  for (const id of order) {
    const L = layer.get(id);
    const r = rows.get(L) || 0;
    rows.set(L, r + 1);
    pos.set(id, { x: PAD + L * (W + GX), y: PAD + r * (H + GY) });
  }
  const width = PAD * 2 + (maxLayer + 1) * W + maxLayer * GX;
  const height = PAD * 2 + Math.max(...rows.values()) * (H + GY) - GY + 30;
  const marker = "arrow" + (++svgSerial);
  const byId = new Map(states.map((s) => [s.id, s]));
  const paths = [...edges.values()].map((e) => {
    const a = pos.get(e.from), b = pos.get(e.to);
    let d;
    if (!back.has(e) && b.x > a.x) {
      const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2;
      d = `M${x1},${y1} C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}`;
    } else {
      const x1 = a.x + W / 2, y1 = a.y + H, x2 = b.x + W / 2 + 8, y2 = b.y + H;
      const dip = Math.max(y1, y2) + 24 + Math.abs(a.x - b.x) / 20;
      d = `M${x1},${y1} C${x1},${dip} ${x2},${dip} ${x2},${y2}`;
    }
    return svg("path", { class: "edge" + (e.timer ? " timer" : ""), d, "marker-end": `url(#${marker})` }, svg("title", { text: e.labels.join("; ") }));
  });
  const nodes = ids.map((id) => {
    const s = byId.get(id);
    const p = pos.get(id);
    const lines = wrap(s.title || humanise(id), id === current ? 21 : 24, 3);
    const cls = "node" + (id === current ? " current" : "") + (s.final ? " final" : "");
    return svg("g", { class: cls, transform: `translate(${p.x},${p.y})`, "data-x": p.x },
      svg("title", { text: `${s.title || id} (${id})${id === current ? " — current state" : ""}` }),
      svg("rect", { width: W, height: H, rx: 7 }),
      lines.map((ln, i) => svg("text", { x: 9, y: H / 2 + (i - (lines.length - 1) / 2) * 15 + 4, text: ln })));
  });
  const title = `${wf.title || wf.id}: ${states.length} states${current ? ", now " + ((byId.get(current) || {}).title || current) : ""}`;
  return svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title },
    svg("defs", {}, svg("marker", { id: marker, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { class: "arrow", d: "M0,0 L10,5 L0,10 z" }))),
    paths, nodes);
}

// One lane per workflow instance, a bar per state held, from its history.
const PALETTE = ["#1d5fa8", "#15803d", "#a14a06", "#7c3aed", "#0e7490", "#b91c1c", "#4d7c0f", "#be185d", "#475569", "#9a3412"];
function stateChart(history, instances, fw, today) {
  const lanes = new Map();
  for (const e of [...history].sort((a, b) => a.seq - b.seq)) {
    if (!e.to) continue;
    const lane = lanes.get(e.instance) || { workflow: e.workflow, segs: [] };
    const last = lane.segs[lane.segs.length - 1];
    if (!last || last.state !== e.to) lane.segs.push({ state: e.to, start: e.date });
    lanes.set(e.instance, lane);
  }
  if (!lanes.size) return h("p", { class: "muted", text: "No history yet." });
  const all = [...lanes.values()].flatMap((l) => l.segs.map((s) => s.start));
  const first = all.reduce((a, b) => (a < b ? a : b));
  const last = today && today > first ? today : addDays(first, 30);
  const span = Math.max(1, daysBetween(first, last) + 1);
  const LABEL = 170, WIDTH = 560, LANE = 28, TOP = 8;
  const x = (iso) => LABEL + (daysBetween(first, iso) / span) * WIDTH;
  const finalOf = new Map(instances.map((i) => [i.id, i.final]));
  const colour = new Map();
  const rows = [...lanes.entries()].map(([inst, lane], r) => {
    const y = TOP + r * LANE;
    const segs = lane.segs.map((sg, i) => {
      const end = i + 1 < lane.segs.length ? lane.segs[i + 1].start : finalOf.get(inst) ? addDays(sg.start, 1) : addDays(last, 1);
      const x1 = x(sg.start), w = Math.max(3, x(end) - x1);
      if (!colour.has(sg.state)) colour.set(sg.state, PALETTE[colour.size % PALETTE.length]);
      const title = stateTitle(fw, lane.workflow, sg.state);
      return svg("g", { class: "seg" }, svg("title", { text: `${title}: ${dateWords(sg.start)} to ${dateWords(end === addDays(last, 1) ? last : end)}` }),
        svg("rect", { x: x1, y, width: w, height: LANE - 6, fill: colour.get(sg.state) }),
        w > 40 ? svg("text", { x: x1 + 4, y: y + 15, text: title.length > w / 6.2 ? title.slice(0, Math.max(1, Math.floor(w / 6.2) - 1)) + "…" : title }) : null);
    });
    const name = workflowTitle(fw, lane.workflow);
    return [svg("text", { class: "lane-label", x: 4, y: y + 15 }, svg("title", { text: name }), name.length > 24 ? name.slice(0, 23) + "…" : name), segs];
  });
  const height = TOP + lanes.size * LANE + 24;
  const ticks = [];
  const d0 = isoToDate(first);
  for (let m = new Date(Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth() + 1, 1)); dateToIso(m) <= last; m.setUTCMonth(m.getUTCMonth() + (span > 400 ? 3 : 1))) {
    const iso = dateToIso(m);
    ticks.push(svg("g", { class: "axis" }, svg("line", { x1: x(iso), x2: x(iso), y1: TOP, y2: height - 18 }), svg("text", { x: x(iso) + 2, y: height - 6, text: `${MONTHS[m.getUTCMonth()]} ${String(m.getUTCFullYear()).slice(2)}` })));
  }
  const total = LABEL + WIDTH + 10;
  return svg("svg", { width: total, height, viewBox: `0 0 ${total} ${height}`, role: "img", "aria-label": `States over time from ${dateWords(first)} to ${dateWords(last)}` },
    ticks, rows, svg("g", { class: "axis" }, svg("text", { x: LABEL, y: height - 6, text: dateWords(first) })));
}

// ---------- deadlines ----------

async function deadlinesPage(page) {
  const params = page.params;
  const today = session.today || dateToIso(new Date());
  const view = params.get("view") === "month" ? "month" : "agenda";
  const tabs = h("p", { class: "actions" },
    h("a", { href: "#/deadlines", "aria-current": view === "agenda" ? "page" : null, class: "pill", text: "Agenda" }),
    h("a", { href: "#/deadlines?view=month", "aria-current": view === "month" ? "page" : null, class: "pill", text: "Month" }));
  const feed = feedBox();
  if (view === "month") {
    const month = /^\d{4}-\d{2}$/.test(params.get("month") || "") ? params.get("month") : today.slice(0, 7);
    const firstOfMonth = month + "-01";
    const f = isoToDate(firstOfMonth);
    const gridStart = addDays(firstOfMonth, -((f.getUTCDay() + 6) % 7));
    const next = new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1));
    const prev = new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() - 1, 1));
    const lastOfMonth = addDays(dateToIso(next), -1);
    const gridEnd = addDays(lastOfMonth, (7 - isoToDate(lastOfMonth).getUTCDay()) % 7);
    const r = await api(`/v1/deadlines?from=${gridStart}&to=${gridEnd}`);
    // Overdue deadlines stay on the day they fell due, in red; reminders are left to the agenda.
    const byDay = new Map();
    const put = (x, overdue) => { if (!byDay.has(x.due)) byDay.set(x.due, []); byDay.get(x.due).push({ ...x, overdue }); };
    for (const x of r.overdue || []) if (x.due >= gridStart && x.due <= gridEnd) put(x, true);
    for (const x of r.deadlines || []) if (x.kind !== "reminder") put(x, false);
    const cells = [];
    for (let d = gridStart; d <= gridEnd; d = addDays(d, 1)) {
      const items = byDay.get(d) || [];
      cells.push(h("div", { class: "day" + (d.slice(0, 7) !== month ? " other" : "") + (d === today ? " today" : "") },
        h("div", { class: "d", text: String(isoToDate(d).getUTCDate()) }),
        items.slice(0, 4).map((x) => h("a", { href: "#/schools/" + encodeURIComponent(x.school), title: `${x.school_name}: ${x.title}${x.overdue ? " (overdue)" : ""}`, class: x.overdue ? "overdue" : "", text: `${x.school_name}: ${x.title}` })),
        items.length > 4 ? h("a", { href: `#/deadlines?from=${d}&to=${d}`, class: "muted", text: `+${items.length - 4} more` }) : null));
    }
    return [
      h("h1", { text: "Deadlines" }), tabs,
      h("section", { class: "card" },
        h("div", { class: "actions" },
          h("a", { href: `#/deadlines?view=month&month=${dateToIso(prev).slice(0, 7)}`, text: "← " + MONTHS_LONG[prev.getUTCMonth()] }),
          h("h2", { text: `${MONTHS_LONG[f.getUTCMonth()]} ${f.getUTCFullYear()}` }),
          h("a", { href: `#/deadlines?view=month&month=${dateToIso(next).slice(0, 7)}`, text: MONTHS_LONG[next.getUTCMonth()] + " →" })),
        h("div", { class: "month", id: "month-grid" }, ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => h("div", { class: "dow", text: d })), cells)),
      feed,
    ];
  }
  const from = /^\d{4}-\d{2}-\d{2}$/.test(params.get("from") || "") ? params.get("from") : today;
  const days = Math.min(366, Math.max(1, +params.get("days") || 60));
  const to = /^\d{4}-\d{2}-\d{2}$/.test(params.get("to") || "") ? params.get("to") : addDays(from, days);
  const r = await api(`/v1/deadlines?from=${from}&to=${to}`);
  const overdue = r.overdue || [];
  const upcoming = (r.deadlines || []).filter((x) => x.kind !== "reminder");
  const groups = new Map();
  for (const x of upcoming) { if (!groups.has(x.due)) groups.set(x.due, []); groups.get(x.due).push(x); }
  return [
    h("h1", { text: "Deadlines" }), tabs,
    h("section", { class: "card", id: "deadlines-overdue" },
      h("h2", {}, "Overdue ", h("span", { class: overdue.length ? "pill bad" : "pill", text: number(overdue.length) })),
      overdue.length ? itemTable(overdue, today, true) : h("p", { class: "muted", text: "Nothing is overdue." })),
    h("section", { class: "card", id: "deadlines-agenda" },
      h("h2", { text: `${dateWords(from)} to ${dateWords(to)}` }),
      groups.size ? [...groups.entries()].map(([day, items]) => [
        h("h3", { class: day === today ? "soon" : "", text: dateWords(day) + (day === today ? " (today)" : "") }),
        h("table", {}, h("tbody", {}, items.map((x) => h("tr", {},
          h("td", {}, schoolLink(x.school, x.school_name), h("div", { class: "small muted", text: x.school })),
          h("td", {}, x.title || humanise(x.timer), h("div", { class: "small muted", text: `${x.workflow_title || humanise(x.workflow)} · ${meaningWords(x)}` })),
          h("td", { class: "num small nowrap", text: leftWords(x, today) }))))),
      ]) : h("p", { class: "muted", text: "Nothing falls due in this period." }),
      h("p", { class: "small" }, h("a", { href: `#/deadlines?from=${from}&days=${Math.min(366, days * 2)}`, text: "Show a longer period" }))),
    feed,
  ];
}

function feedBox() {
  const url = session.me && session.me.feed_url ? new URL(session.me.feed_url, location.href).href : null;
  if (!url) return null;
  const input = h("input", { id: "feed-url", type: "text", readonly: true, value: url, "aria-label": "Calendar feed address" });
  const msg = h("span", { class: "small muted", "aria-live": "polite" });
  return h("section", { class: "card", id: "feed" },
    h("h2", { text: "Subscribe in a calendar app" }),
    h("p", { class: "small muted", text: "Your own read-only feed of these deadlines (Outlook: Add calendar › From internet; Google Calendar: Other calendars › From URL). It stops working if your token is removed or its role changes." }),
    h("div", { class: "feed" }, input,
      h("button", { type: "button", class: "ghost", text: "Copy", onclick: async () => {
        try { await navigator.clipboard.writeText(url); msg.textContent = "Copied."; } catch { input.select(); msg.textContent = "Press Ctrl+C to copy."; }
      } }),
      h("a", { href: url.replace(/^https?:/, "webcal:"), text: "Open in calendar app" }), msg));
}

// ---------- notices ----------

async function noticesPage(page) {
  const params = page.params;
  const p = new URLSearchParams();
  for (const k of ["status", "school", "template", "before"]) if (params.get(k)) p.set(k, params.get(k));
  p.set("limit", "50");
  const r = await api("/v1/notices?" + p);
  const rows = r.notices || [];
  const status = h("select", { id: "n-status" }, ["", "pending", "sent", "dead"].map((s) => h("option", { value: s, text: s ? humanise(s) : "Any status", selected: s === (params.get("status") || "") })));
  const school = h("input", { id: "n-school", type: "search", value: params.get("school") || "", placeholder: "URN" });
  const template = h("input", { id: "n-template", type: "search", value: params.get("template") || "", placeholder: "template id" });
  const apply = () => {
    const q = new URLSearchParams();
    if (status.value) q.set("status", status.value);
    if (school.value.trim()) q.set("school", school.value.trim());
    if (template.value.trim()) q.set("template", template.value.trim());
    setHash("/notices", q);
  };
  status.addEventListener("change", apply);
  const label = (text, el) => h("label", { for: el.id }, text, el);
  const table = h("div", { class: "scroll" }, h("table", { id: "notices-table" },
    h("thead", {}, h("tr", {}, ["Created", "Status", "School", "Letter", "To", "Attempts", ""].map((t) => h("th", { text: t })))),
    h("tbody", {}, rows.map((n) => h("tr", { class: n.status === "dead" ? "overdue-row" : "" },
      h("td", { class: "small nowrap", text: timeWords(n.created_at) }),
      h("td", {}, h("span", { class: "pill " + (n.status === "dead" ? "bad" : n.status === "sent" ? "ok" : "warn"), text: n.status }),
        h("div", { class: "small muted", text: n.status === "sent" ? timeWords(n.sent_at) : n.next_attempt_at ? "next " + timeWords(n.next_attempt_at) : "" })),
      h("td", {}, schoolLink(n.school, n.school_name || n.school)),
      h("td", {}, n.subject || humanise(n.template), h("div", { class: "small muted", text: n.template }), n.last_error ? h("div", { class: "small overdue", text: n.last_error }) : null),
      h("td", { class: "small", text: [...(n.to || []), ...(n.cc || []).map((c) => "cc " + c)].join(", ") }),
      h("td", { class: "num", text: n.attempts ?? "" }),
      h("td", { class: "nowrap" },
        h("button", { type: "button", class: "ghost", text: "Open", "aria-label": `Open letter ${n.id}`, onclick: () => openLetter(n.id) }), " ",
        n.status === "dead" && can("officer") ? h("button", { type: "button", text: "Retry", onclick: async (ev) => {
          ev.target.disabled = true;
          try { await api(`/v1/notices/${encodeURIComponent(n.id)}/retry`, { method: "POST" }); await route({ refresh: true }); }
          catch (e) { ev.target.after(errorBox(e)); ev.target.disabled = false; }
        } }) : null))))));
  const oldest = rows.length ? rows[rows.length - 1].id : null;
  return [
    h("h1", { text: "Notices" }),
    h("section", { class: "card" },
      h("form", { class: "filters", onsubmit: (ev) => { ev.preventDefault(); apply(); } }, label("Status", status), label("School", school), label("Template", template), h("button", { type: "submit", class: "ghost", text: "Filter" })),
      rows.length ? table : h("p", { class: "muted", text: "No notice matches." }),
      h("div", { class: "pager" },
        params.get("before") ? h("a", { href: "#/notices" + (status.value ? "?status=" + status.value : ""), text: "Newest" }) : null,
        rows.length === 50 && oldest !== null ? h("a", { href: "#/notices?" + olderParams(params, oldest), text: "Older" }) : null)),
  ];
}

function olderParams(params, oldest) {
  const q = new URLSearchParams(params);
  q.set("before", String(oldest));
  return q.toString();
}

// ---------- frameworks ----------

async function frameworksPage() {
  const list = await frameworkList();
  const full = await Promise.all(list.map((f) => framework(f.id)));
  return [
    h("h1", { text: "Frameworks" }),
    full.filter(Boolean).map((fw) => h("section", { class: "card" },
      h("h2", {}, fw.title, " ", h("span", { class: "muted small", text: `v${fw.version} · ${fw.region}` })),
      fw.document ? h("p", { class: "small muted", text: fw.document }) : null,
      h("p", { class: "small" }, "Categories: ", (fw.categories || []).map((c) => c.title || humanise(c.id || c)).join(", ") || "none"),
      (fw.workflows || []).map((wf) => h("details", {}, h("summary", { text: `${wf.title || wf.id} (${(wf.states || []).length} states)` }), h("div", { class: "diagram" }, workflowDiagram(wf, null)))))),
  ];
}

// ---------- start ----------

document.addEventListener("DOMContentLoaded", async () => {
  $("#signout").addEventListener("click", async () => {
    try { await api("/v1/session", { method: "DELETE" }); } catch { /* signed out either way */ }
    session.me = null;
    showSignIn("You have signed out.");
  });
  $("#dialog-close").addEventListener("click", () => $("#dialog").close());
  window.addEventListener("hashchange", () => { formInProgress = false; route(); });
  // Pages refresh themselves every minute while visible; a half-filled form is left alone.
  setInterval(async () => {
    if (!session.me || document.visibilityState !== "visible" || $("#dialog").open) return;
    await refreshClock();
    route({ refresh: true });
  }, 60000);
  try {
    session.me = await api("/v1/session");
    await start();
  } catch {
    showSignIn();
  }
});
