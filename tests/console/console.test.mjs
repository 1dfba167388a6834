// End-to-end tests of the ops console in a real browser: Debian's chromium driven by
// playwright-core. Each test drives the console as an officer or a viewer would, against a real
// sifd on a manual clock with the sample register, and keeps a screenshot of each page it sees
// (SIF_CONSOLE_SHOTS, default build/console-screenshots/).
//
//   SIFD=build/daemon/sifd node --test tests/console/console.test.mjs
//
// The school walked through is Kennet Vale Primary School (fictional), Wiltshire: intensive
// support agreed on Tue 1 Sep 2026, evaluated that day, plan agreed, so a review is due.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const sifdPath = path.resolve(process.env.SIFD || path.join(root, "build/daemon/sifd"));
const shots = path.resolve(process.env.SIF_CONSOLE_SHOTS || path.join(root, "build/console-screenshots"));
const SCHOOL = "9009902";
const tokens = { admin: "adm-" + randomBytes(12).toString("hex"), officer: "off-" + randomBytes(12).toString("hex"), viewer: "view-" + randomBytes(12).toString("hex") };
const sha = (t) => createHash("sha256").update(t).digest("hex");

let sifd, base, browser, tmp, evil;
const consoleErrors = [];

// The embedded default config with absolute paths, a database of its own and three tokens.
function writeConfig(dir) {
  let text = fs.readFileSync(path.join(root, "config/sifd.yaml"), "utf8");
  const swap = (re, line) => {
    assert.match(text, re, `config/sifd.yaml no longer has ${re}`);
    text = text.replace(re, line);
  };
  swap(/^listen: .*$/m, "listen: 127.0.0.1:0");
  swap(/^db: .*$/m, `db: ${path.join(dir, "sif.db")}`);
  swap(/^config_dir: .*$/m, `config_dir: ${path.join(root, "config")}`);
  swap(/^notices_dir: .*$/m, `notices_dir: ${path.join(dir, "notices")}`);
  swap(/^dashboard_dir: .*$/m, `dashboard_dir: ${path.join(root, "daemon/dashboard")}`);
  swap(/^seed_register: .*$/m, `seed_register: ${path.join(root, "config/sample/register.csv")}`);
  swap(/^tokens: \[\]$/m, [
    "tokens:",
    `  - { name: olive-officer, sha256: ${sha(tokens.officer)}, role: officer, email: olive.officer@example.gov.uk }`,
    `  - { name: vic-viewer, sha256: ${sha(tokens.viewer)}, role: viewer }`,
  ].join("\n"));
  const file = path.join(dir, "sifd.yaml");
  fs.writeFileSync(file, text);
  return file;
}

function startSifd(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(sifdPath, ["--config", config, "--clock", "manual", "--start", "2026-09-01T07:00:00Z"], {
      cwd: tmp, env: { ...process.env, SIF_BOOTSTRAP_TOKEN: tokens.admin }, stdio: ["ignore", "ignore", "pipe"],
    });
    let log = "";
    const timer = setTimeout(() => reject(new Error("sifd did not start in 20 s:\n" + log)), 20000);
    child.stderr.on("data", (chunk) => {
      log += chunk;
      const m = /listening on ([\d.]+):(\d+)/.exec(log);
      if (m && !base) { clearTimeout(timer); base = `http://${m[1]}:${m[2]}`; resolve(child); }
    });
    child.on("exit", (code) => { if (!base) { clearTimeout(timer); reject(new Error(`sifd exited ${code}:\n${log}`)); } });
  });
}

async function call(method, p, body, token = tokens.admin) {
  const r = await fetch(base + p, { method, headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  const json = text ? JSON.parse(text) : null;
  if (!r.ok) throw new Error(`${method} ${p}: ${r.status} ${text}`);
  return json;
}
const record = (type, data = {}) => call("POST", `/v1/schools/${SCHOOL}/events`, { type, data });

async function newPage(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB", timezoneId: "Europe/London" });
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(`${name}: ${m.text()}`); });
  page.on("pageerror", (e) => consoleErrors.push(`${name}: ${e.message}`));
  page.on("response", (r) => { if (r.status() >= 400) consoleErrors.push(`${name}: answered ${r.status()}: ${r.request().method()} ${r.url()}`); });
  return page;
}
async function signIn(page, token) {
  await page.goto(base + "/");
  await page.getByLabel("API token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#who").filter({ hasText: "(" }).waitFor();
}
const shot = (page, name) => page.screenshot({ path: path.join(shots, name + ".png"), fullPage: true });

before(async () => {
  fs.mkdirSync(shots, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sif-console-"));
  sifd = await startSifd(writeConfig(tmp));
  // Intensive support, evaluated, plan agreed: the school now waits for its progress review.
  await record("category.agreed", { category: "vulnerable" });
  await record("visit.completed");
  await record("evaluation.completed", { date: "2026-09-01" });
  await record("plan.agreed", { plan: "Raising attainment in reading, 2026-27" });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium", args: ["--no-sandbox", "--lang=en-GB"] });
  // A page on another origin that posts to sifd as a cross-site form would.
  evil = http.createServer((req, res) => {
    res.setHeader("Content-Type", "text/html");
    res.end(`<form id="f" method="POST" action="${base}/v1/schools/${SCHOOL}/events" enctype="text/plain">
      <input name='{"type":"note.recorded","data":{"note":"forged","x":"' value='"}}'></form>`);
  });
  await new Promise((r) => evil.listen(0, "127.0.0.1", r));
});

after(async () => {
  if (browser) await browser.close();
  if (evil) evil.close();
  if (sifd) sifd.kill("SIGTERM");
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

test("an officer signs in, finds a school and opens its case file by URL", async () => {
  const page = await newPage("officer");
  await page.goto(base + "/");
  await shot(page, "01-sign-in");
  await signIn(page, tokens.officer);
  assert.equal(await page.locator("#who").textContent(), "olive-officer (officer)");
  // The token is traded for an HttpOnly cookie, never kept where a script can read it.
  assert.equal(await page.evaluate(() => JSON.stringify(localStorage) + document.cookie), "{}");
  const cookie = (await page.context().cookies()).find((c) => c.name === "sif_session");
  assert.ok(cookie && cookie.httpOnly && cookie.sameSite === "Strict", "session cookie is HttpOnly and SameSite=Strict");

  await page.getByRole("link", { name: "Schools", exact: true }).click();
  await page.locator("#schools-table tbody tr").nth(30).waitFor();
  await page.getByLabel("Search").fill("Kennet");
  await page.waitForFunction(() => document.querySelectorAll("#schools-table tbody tr").length === 1);
  assert.match(await page.locator("#schools-table").textContent(), /Kennet Vale Primary School \(fictional\)/);
  assert.match(await page.locator(".pager").textContent(), /1–1 of 1 school/);
  await shot(page, "02-schools-search");
  await page.getByRole("link", { name: "Kennet Vale Primary School (fictional)" }).click();
  await page.getByRole("heading", { name: /Kennet Vale Primary School/ }).waitFor();
  assert.match(page.url(), /#\/schools\/9009902$/);

  // The same URL opened afresh shows the same case file; Back returns to the search.
  const again = await page.context().newPage();
  await again.goto(base + "/#/schools/" + SCHOOL);
  await again.getByRole("heading", { name: /Kennet Vale Primary School/ }).waitFor();
  assert.match(await again.locator("#case-identity").textContent(), /Wiltshire/);
  await again.close();
  await page.goBack();
  await page.locator("#schools-table").waitFor();
  assert.equal(await page.getByLabel("Search").inputValue(), "Kennet");
});

test("a school's religious character shows in its case file, with whether its diocesan authority is copied", async () => {
  await call("POST", "/v1/schools", {
    id: "9009990", name: "St Aidan's Joint Church Primary (fictional)", la: "Leicester", framework: "leicester-2007",
    type: "Voluntary aided school", phase: "Primary", religious_character: "Roman Catholic/Church of England",
  });
  const page = await newPage("officer");
  await signIn(page, tokens.officer);
  await page.goto(base + "/#/schools/9009990");
  await page.getByRole("heading", { name: /St Aidan/ }).waitFor();
  const identity = await page.locator("#case-identity").textContent();
  assert.match(identity, /Religious character\s*Roman Catholic\/Church of England/);
  assert.match(identity, /Church school \(diocesan authority copied\)\s*Church of England and Roman Catholic/);
  assert.doesNotMatch(identity, /church_of_england/, "no machine value is shown");
  assert.match(identity, /Type\s*Voluntary aided school/);
});

test("an officer records a review outcome through the form, preview first", async () => {
  const page = await newPage("officer");
  await signIn(page, tokens.officer);
  await page.goto(base + "/#/schools/" + SCHOOL);
  const select = page.locator("#ev-type");
  await select.waitFor();
  assert.equal(await select.inputValue(), "", "no event is preselected");
  assert.match(await page.locator("#case-deadlines").textContent(), /progress review meeting/i);
  await shot(page, "03-case-file");

  await select.selectOption({ label: "Review held" });
  await page.getByLabel(/Progress/).selectOption("sufficient");
  await page.getByRole("button", { name: "Preview" }).click();
  // The date is required for a review: the form says so next to the field and sends nothing.
  await page.locator("#err-date").waitFor();
  assert.match(await page.locator("#err-date").textContent(), /needed/);

  await page.getByLabel(/^Date/).fill("2026-09-01");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await preview.waitFor();
  const text = await preview.textContent();
  assert.match(text, /Step 6: sufficient progress/, "the preview names the state the school would move to, by its title");
  // The second evaluation falls 3 months after the review: Tue 1 Dec 2026, written as people write it.
  assert.match(await page.locator("#preview-deadlines").textContent(), /Tue 1 Dec 2026 — Second school evaluation/);
  await shot(page, "04-preview");
  // Nothing is recorded by a preview.
  const beforeConfirm = await call("GET", `/v1/schools/${SCHOOL}`);
  assert.ok(beforeConfirm.instances.some((i) => i.workflow === "intensive_process" && i.state === "implementation"));

  await page.getByRole("button", { name: "Confirm and record" }).click();
  await page.locator("#ev-recorded").waitFor();
  const after = await call("GET", `/v1/schools/${SCHOOL}`);
  const inst = after.instances.find((i) => i.workflow === "intensive_process");
  assert.equal(inst.state, "continued_implementation");
  assert.equal(after.seq, beforeConfirm.seq + 1, "confirmed once, recorded once");
  const workflows = await page.locator(".workflow").allTextContents();
  assert.ok(workflows.some((w) => /Step 6: sufficient progress/.test(w)), "the case file shows the new state");
  assert.match(await page.locator("#case-timeline li").first().textContent(), /Review held.*by olive-officer/s);
  assert.match(await page.locator("#case-timeline li").first().textContent(), /Progress: sufficient/);
  assert.ok(inst.timers.some((t) => t.id === "second_evaluation" && t.due === "2026-12-01"));
  assert.match(await page.locator("#case-deadlines").textContent(), /Tue 1 Dec 2026Second school evaluation/);
  await shot(page, "05-recorded");
});

test("an overdue deadline is first on the overview, in red, with the day it fell due", async () => {
  // The draft evaluation report was due within 5 working days of Tue 1 Sep: Tue 8 Sep.
  await call("POST", "/v1/clock", { advance: "10d" });
  const page = await newPage("officer");
  await signIn(page, tokens.officer);
  const card = page.locator("#overview-overdue");
  await card.waitFor();
  const text = await card.textContent();
  assert.match(text, /Kennet Vale Primary School/);
  assert.match(text, /Tue 8 Sep 2026/);
  assert.doesNotMatch(await page.locator(".tile.bad .n").textContent(), /^0$/);
  await shot(page, "06-overview");
  await page.getByRole("link", { name: "Deadlines", exact: true }).click();
  await page.locator("#deadlines-overdue").filter({ hasText: "Kennet Vale" }).waitFor();
  await shot(page, "07-deadlines");
  await page.goto(base + "/#/deadlines?view=month&month=2026-09");
  await page.locator("#month-grid").waitFor();
  await shot(page, "08-deadlines-month");
});

test("a letter opens from the notices page", async () => {
  const page = await newPage("officer");
  await signIn(page, tokens.officer);
  await page.goto(base + "/#/notices?school=" + SCHOOL);
  await page.locator("#notices-table").waitFor();
  await shot(page, "09-notices");
  await page.locator("#notices-table tbody tr").first().getByRole("button", { name: /Open letter/ }).click();
  const body = page.locator("#letter-body");
  await body.waitFor();
  assert.match(await body.textContent(), /Kennet Vale Primary School/);
  await shot(page, "10-letter");
});

test("a viewer sees no mutation control, and forged cross-site requests are refused", async () => {
  const page = await newPage("viewer");
  await signIn(page, tokens.viewer);
  await page.goto(base + "/#/schools/" + SCHOOL);
  await page.getByRole("heading", { name: /Kennet Vale Primary School/ }).waitFor();
  assert.equal(await page.locator("#ev-type").count(), 0, "no event form for a viewer");
  assert.match(await page.locator("main").textContent(), /signed in as a viewer/);
  // The API refuses a viewer's event anyway.
  const viewerCsrf = await page.evaluate(async () => (await (await fetch("/v1/session")).json()).csrf);
  const asViewer = await page.request.post(`${base}/v1/schools/${SCHOOL}/events`, { data: { type: "note.recorded", data: { note: "x" } }, headers: { "X-CSRF-Token": viewerCsrf } });
  assert.equal(asViewer.status(), 403);
  assert.equal((await asViewer.json()).error.code, "forbidden");

  const officer = await newPage("officer");
  await signIn(officer, tokens.officer);
  const seq = (await call("GET", `/v1/schools/${SCHOOL}`)).seq;
  // With the officer's cookie but without the session's CSRF token: refused.
  const noCsrf = await officer.request.post(`${base}/v1/schools/${SCHOOL}/events`, { data: { type: "note.recorded", data: { note: "forged" } } });
  assert.equal(noCsrf.status(), 403);
  assert.equal((await noCsrf.json()).error.code, "csrf");
  // A form on another site posting to sifd: the SameSite=Strict cookie is not sent.
  // (localhost is another site than 127.0.0.1, as a real attacker's page would be)
  const evilUrl = `http://localhost:${evil.address().port}/`;
  await officer.goto(evilUrl);
  const [answer] = await Promise.all([officer.waitForResponse((r) => r.url().includes("/events")), officer.evaluate(() => document.getElementById("f").submit())]);
  assert.ok([401, 403].includes(answer.status()), `forged form answered ${answer.status()}`);
  assert.equal((await call("GET", `/v1/schools/${SCHOOL}`)).seq, seq, "nothing was recorded");
});

const HEAD = { name: "Hannah Head", email: "head@kennetvale.example", address: "Kennet Vale Primary School\nHigh Street\nDevizes" };
const contactsOf = async () => (await call("GET", `/v1/schools/${SCHOOL}`)).school.contacts;
// The timeline entry for a contact change, found by the note sif writes for it.
const timelineEntry = (page, note) => page.locator("#case-timeline li").filter({ hasText: "School contact changed" }).filter({ hasText: note });

test("an admin changes a headteacher's email in the case file, and the change is in the timeline", async () => {
  await call("PUT", `/v1/schools/${SCHOOL}/contacts/headteacher`, HEAD);
  const page = await newPage("admin");
  await signIn(page, tokens.admin);
  await page.goto(base + "/#/schools/" + SCHOOL);
  const card = page.locator("#case-contacts");
  await card.filter({ hasText: "Hannah Head" }).waitFor();
  // The role by the framework's title, then name, email and the address as written.
  const li = card.locator("li[data-role=headteacher]");
  assert.match(await li.textContent(), /Headteacher.*Hannah Head.*head@kennetvale\.example.*High Street/s);
  assert.doesNotMatch(await card.textContent(), /null|undefined|\[object/, "no stray placeholders in the list");
  await shot(page, "12-contacts");

  await page.getByRole("button", { name: "Edit the Headteacher contact" }).click();
  assert.equal(await page.getByLabel("Name").inputValue(), "Hannah Head", "the form starts from the contact as it is");
  await page.getByLabel("Email").fill("h.head@kennetvale.example");
  await shot(page, "13-contact-edit");
  await page.getByRole("button", { name: "Save contact" }).click();
  await page.locator("#contacts-saved").filter({ hasText: "Headteacher contact saved" }).waitFor();
  const text = await li.textContent();
  assert.match(text, /h\.head@kennetvale\.example/);
  assert.doesNotMatch(text, /[^.]head@kennetvale/, "the old email is gone from the list");
  const entry = timelineEntry(page, "contact for headteacher changed from Hannah Head <head@kennetvale.example> to Hannah Head <h.head@kennetvale.example>");
  assert.equal(await entry.count(), 1, "the timeline shows the change");
  assert.match(await entry.textContent(), /by bootstrap/);
  assert.match(await page.locator("#case-timeline li").first().textContent(), /School contact changed/, "newest first");
  assert.equal((await contactsOf()).headteacher.email, "h.head@kennetvale.example");
  await shot(page, "14-contact-saved");
});

test("an admin's bad contact is refused with the reason next to the field, and nothing changes", async () => {
  const page = await newPage("admin");
  await signIn(page, tokens.admin);
  await page.goto(base + "/#/schools/" + SCHOOL);
  await page.locator("#case-contacts li[data-role=headteacher]").waitFor();
  const seq = (await call("GET", `/v1/schools/${SCHOOL}`)).seq;
  const entries = await page.locator("#case-timeline li").count();

  // A control character in an email would let a caller write mail headers: sif refuses it.
  await page.getByRole("button", { name: "Edit the Headteacher contact" }).click();
  await page.getByLabel("Email").fill("h.head@kennetvale.example\tBcc: everyone@example.org");
  await page.getByRole("button", { name: "Save contact" }).click();
  const err = page.locator("#ct-err-email");
  await err.waitFor();
  assert.match(await err.textContent(), /contact\.email.*control characters/);
  assert.equal(await page.getByLabel("Email").getAttribute("aria-invalid"), "true");
  await shot(page, "15-contact-refused");

  // A contact with nothing in it: the reason is about the whole form, shown under its buttons.
  await page.getByLabel("Name").fill("");
  await page.getByLabel("Email").fill("");
  await page.getByLabel("Postal address").fill("");
  await page.getByRole("button", { name: "Save contact" }).click();
  await page.locator("#ct-message .error").filter({ hasText: "at least one of name, email, address" }).waitFor();
  assert.equal(await page.locator("#ct-err-email").count(), 0, "the earlier mark is cleared");

  await page.getByRole("button", { name: "Cancel" }).click();
  assert.match(await page.locator("#case-contacts li[data-role=headteacher]").textContent(), /Hannah Head.*h\.head@kennetvale\.example/s);
  assert.equal((await call("GET", `/v1/schools/${SCHOOL}`)).seq, seq, "nothing was recorded");
  assert.equal((await contactsOf()).headteacher.email, "h.head@kennetvale.example");
  await page.reload();
  await page.locator("#case-contacts li[data-role=headteacher]").waitFor();
  assert.equal(await page.locator("#case-timeline li").count(), entries, "no new timeline entry");
});

test("an admin adds a contact for a role, then removes it after confirming", async () => {
  const page = await newPage("admin");
  await signIn(page, tokens.admin);
  await page.goto(base + "/#/schools/" + SCHOOL);
  const card = page.locator("#case-contacts");
  await card.locator("li[data-role=headteacher]").waitFor();

  await page.getByRole("button", { name: "Add a contact" }).click();
  await page.getByLabel("Role").selectOption({ label: "Chair of Governors" });
  await page.getByLabel("Name").fill("Gareth Governor");
  await page.getByLabel("Email").fill("chair@kennetvale.example");
  await page.getByRole("button", { name: "Add contact" }).click();
  await page.locator("#contacts-saved").filter({ hasText: "Chair of Governors contact saved" }).waitFor();
  const chair = card.locator("li[data-role=chair_of_governors]");
  assert.match(await chair.textContent(), /Chair of Governors.*Gareth Governor.*chair@kennetvale\.example/s);
  // Listed in the framework's order of roles, whatever order they were added in.
  assert.deepEqual(await card.locator("li[data-role]").evaluateAll((els) => els.map((e) => e.dataset.role)), ["headteacher", "chair_of_governors"]);
  assert.equal(await timelineEntry(page, "contact for chair_of_governors set: Gareth Governor <chair@kennetvale.example>").count(), 1);

  // Remove asks first; keeping it changes nothing.
  await page.getByRole("button", { name: "Remove the Chair of Governors contact" }).click();
  const confirm = page.getByRole("group", { name: "Remove the Chair of Governors contact" });
  assert.match(await confirm.textContent(), /Remove Gareth Governor as Chair of Governors\?/);
  await shot(page, "16-contact-remove");
  await page.getByRole("button", { name: "Keep it" }).click();
  assert.equal(await confirm.count(), 0);
  assert.ok((await contactsOf()).chair_of_governors, "not removed without confirming");

  await page.getByRole("button", { name: "Remove the Chair of Governors contact" }).click();
  await page.getByRole("button", { name: "Remove contact", exact: true }).click();
  await page.locator("#contacts-saved").filter({ hasText: "Chair of Governors contact removed" }).waitFor();
  assert.equal(await chair.count(), 0, "the contact is gone from the list");
  assert.match(await card.textContent(), /Hannah Head/, "the other contact stays");
  assert.equal(await timelineEntry(page, "contact for chair_of_governors removed (was Gareth Governor <chair@kennetvale.example>)").count(), 1);
  assert.equal((await contactsOf()).chair_of_governors, undefined);
  // Script errors would be here; only the sign-in probe (401) and the refusals above (400) may fail.
  assert.deepEqual(consoleErrors.filter((e) => e.startsWith("admin: ") && !/answered 40[01]|status of 40[01]/.test(e)), []);
});

test("an officer and a viewer see a school's contacts but no control to change them", async () => {
  await call("PUT", `/v1/schools/${SCHOOL}/contacts/headteacher`, { ...HEAD, email: "h.head@kennetvale.example" });
  for (const who of ["officer", "viewer"]) {
    const page = await newPage(who);
    await signIn(page, tokens[who]);
    await page.goto(base + "/#/schools/" + SCHOOL);
    const card = page.locator("#case-contacts");
    await card.filter({ hasText: "Hannah Head" }).waitFor();
    assert.match(await card.textContent(), /Headteacher.*h\.head@kennetvale\.example/s, `${who} sees the contact`);
    assert.equal(await card.getByRole("button").count(), 0, `no edit, remove or add button for ${who}`);
    assert.match(await card.textContent(), /Only an administrator can change/);
    if (who === "officer") await shot(page, "17-contacts-officer");
    // The API refuses them anyway.
    const csrf = await page.evaluate(async () => (await (await fetch("/v1/session")).json()).csrf);
    const put = await page.request.put(`${base}/v1/schools/${SCHOOL}/contacts/headteacher`, { data: { email: "x@example.org" }, headers: { "X-CSRF-Token": csrf } });
    assert.equal(put.status(), 403);
  }
  assert.equal((await contactsOf()).headteacher.email, "h.head@kennetvale.example");
});

test("the calendar feed link works without a header, as a calendar app fetches it", async () => {
  const page = await newPage("officer");
  await signIn(page, tokens.officer);
  await page.goto(base + "/#/deadlines");
  const url = await page.locator("#feed-url").inputValue();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/v1\/deadlines\.ics\?feed=[0-9a-f]+$/);
  const r = await fetch(url);
  assert.equal(r.status, 200);
  const ics = await r.text();
  assert.match(ics, /BEGIN:VCALENDAR/);
  assert.match(ics, /BEGIN:VEVENT/);
  assert.doesNotMatch(ics, /Reminder: Reminder:/);
});

test("every page is free of script errors and Content-Security-Policy violations", async () => {
  const page = await newPage("tour");
  await signIn(page, tokens.officer);
  for (const route of ["#/", "#/schools", "#/schools/" + SCHOOL, "#/deadlines", "#/deadlines?view=month", "#/notices", "#/frameworks"]) {
    await page.goto(base + "/" + route);
    await page.locator("main h1").first().waitFor();
  }
  await page.goto(base + "/#/frameworks");
  await page.locator("details summary").first().click();
  await shot(page, "11-frameworks");
  // Only the sign-in page's probe for a session may fail (401 before signing in).
  const tour = consoleErrors.filter((e) => e.startsWith("tour: "));
  assert.deepEqual(tour.filter((e) => !/answered 401: GET \S+\/v1\/session$|status of 401/.test(e)), []);
  assert.ok(tour.length <= 2, tour.join("\n"));
});
