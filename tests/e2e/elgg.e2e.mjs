// Browser flows of the klussen plugin inside a real, unmodified Elgg 5.1.12 (run by elgg/run.sh,
// which installs Elgg, the plugin package and the sidecar). Plain node: playwright-core drives
// Debian's Chromium headless. Every page visited is checked for its HTTP status, for raw language
// keys and (klussen pages) with axe-core inside the real Elgg page; each check saves a screenshot.
// At the end Elgg's log must hold no line that names a plugin file. Exit code 1 on any failure.
//
// env: KLUSSEN_E2E_BASE_URL, KLUSSEN_E2E_ARTIFACTS, KLUSSEN_E2E_SIDECAR_CTL, KLUSSEN_CHROMIUM,
//      KLUSSEN_E2E_SEED (seed.php's JSON), KLUSSEN_E2E_ADMIN_PASSWORD, KLUSSEN_E2E_SIDECAR_URL,
//      KLUSSEN_E2E_SECRET, KLUSSEN_E2E_ELGG_LOG, KLUSSEN_E2E_ELGG_VERSION

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run tests/e2e/elgg/run.sh)`);
  return value;
};
const base = env('KLUSSEN_E2E_BASE_URL');
const artifacts = env('KLUSSEN_E2E_ARTIFACTS');
const sidecarCtl = env('KLUSSEN_E2E_SIDECAR_CTL');
const chromiumPath = process.env.KLUSSEN_CHROMIUM ?? '/usr/bin/chromium';
const seed = JSON.parse(readFileSync(env('KLUSSEN_E2E_SEED'), 'utf8'));
const adminPassword = env('KLUSSEN_E2E_ADMIN_PASSWORD');
const elggLog = env('KLUSSEN_E2E_ELGG_LOG');
const elggVersion = process.env.KLUSSEN_E2E_ELGG_VERSION ?? '?';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MEMBER_PASSWORD = 'klussen-e2e';   // seed.php

mkdirSync(artifacts, { recursive: true });

const group = seed.groups;               // data (open), security (hidden, closed), quiet (tool off)
const future = (days) => new Date(Date.now() + days * 86400 * 1000).toISOString().slice(0, 10);
const badgeFile = fileURLToPath(new URL('../fixtures/imports/badge_embedded.json', import.meta.url));

let shot = 0;
const axeFindings = [];   // {page, url, id, impact, help, nodes}
const results = [];       // {step, ok, error}
const flows = new Set();

const slug = (text) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

// Language keys of the plugin and of the Elgg registrations it makes, as they would leak when
// Elgg finds no translation: "klussen:...", "groups:tool:...", "widgets:...", the widget ids.
const RAW_KEY = /\b(?:klussen|groups:tool|widgets):[a-z0-9_-]+(?::[a-z0-9_-]+)*\b|\bklussen_(?:voor_jou|portfolio)\b/;
const WIDGET = '.elgg-widget-instance-klussen-voor-jou';   // Elgg: elgg-widget-instance-<handler, - for _>

// What the plugin renders inside an Elgg page: its fragments and blocks, the widget, the module
// and its settings form. axe must find nothing there. The rest of the page is Elgg's own theme:
// its findings are written to axe-elgg-core.json and counted, but they are not the plugin's to fix.
const OURS = ['.klussen-page', 'section.klussen', '.klussen-unavailable', '.klussen-notice',
  WIDGET, '.elgg-widget-instance-klussen-portfolio', 'form.elgg-form-plugins-settings-save'];
const coreFindings = [];

async function axeRun(page, include) {
  return page.evaluate(async ([tags, selectors]) => {
    const present = selectors.filter((s) => document.querySelector(s));
    if (selectors.length && !present.length) return [];
    const context = selectors.length ? { include: present.map((s) => [s]) } : document;
    // eslint-disable-next-line no-undef
    const r = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 300), summary: n.failureSummary })),
    }));
  }, [AXE_TAGS, include]);
}

// Screenshot, raw keys and (klussen pages) axe for the page as it is now.
async function check(page, name, { axe = true } = {}) {
  shot += 1;
  const file = path.join(artifacts, `${String(shot).padStart(3, '0')}-${slug(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const text = await page.locator('body').innerText();
  const raw = text.match(RAW_KEY);
  assert.equal(raw, null, `a raw language key on "${name}": ${raw && raw[0]}`);
  if (!axe) return;
  await page.addScriptTag({ content: axeSource });
  const found = await axeRun(page, OURS);
  for (const v of found) axeFindings.push({ page: name, url: page.url(), ...v });
  if (found.length) console.log(`  axe: ${found.length} violation(s) in klussen content on ${name}: ${found.map((v) => v.id).join(', ')}`);
  const ourTargets = new Set(found.flatMap((v) => v.nodes.map((n) => `${v.id} ${n.target}`)));
  for (const v of await axeRun(page, [])) {
    const nodes = v.nodes.filter((n) => !ourTargets.has(`${v.id} ${n.target}`));
    if (nodes.length) coreFindings.push({ page: name, url: page.url(), ...v, nodes });
  }
}

// Opens a page and checks its status; axe runs on klussen pages (and any page asked for).
async function visit(page, url, name, { status = 200, axe } = {}) {
  captured.delete(page);
  const response = await page.goto(base + url);
  assert.equal(response.status(), status, `${url} answered ${response.status()}, expected ${status}`);
  await check(page, name, { axe: axe ?? url.startsWith('/klussen') });
  return response;
}

async function login(browser, username) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  page error (${username}): ${e.message}`));
  await page.goto(`${base}/login`);
  await page.locator('input[name=username]:visible').fill(username);
  await page.locator('input[name=password]:visible').fill(username === 'beheerder' ? adminPassword : MEMBER_PASSWORD);
  await page.locator('form.elgg-form-login:visible button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page };
}

async function step(flow, name, fn) {
  flows.add(flow);
  process.stdout.write(`- [${flow}] ${name} ... `);
  try {
    await fn();
    results.push({ flow, step: name, ok: true });
    console.log('ok');
  } catch (e) {
    results.push({ flow, step: name, ok: false, error: String((e && e.stack) || e) });
    console.log(`FAILED\n    ${String((e && e.message) || e).split('\n').join('\n    ')}`);
  }
}

function sidecar(action) {
  execFileSync(sidecarCtl, [action], { stdio: 'inherit' });
}

const mainText = (page) => page.locator('.elgg-layout, .elgg-page-body').first().innerText();
// Elgg fades success messages out after a few seconds (elgg/system_messages): submit() reads
// them as soon as the page is there, and messageText() gives those together with what is shown now.
const captured = new WeakMap();
const messagesNow = (page) => page.locator('.elgg-system-messages').allTextContents().then((t) => t.join('\n'));
const messageText = async (page) => `${captured.get(page) ?? ''}\n${await messagesNow(page)}`;
const titleText = (page) => page.locator('.elgg-heading-main').first().innerText();

// After a form post: the page we should be on, or a failure that says what the page said.
async function expectUrl(page, pattern) {
  await page.waitForLoadState();
  const url = new URL(page.url());
  if (!pattern.test(url.pathname + url.search)) {
    const said = await page.locator('.elgg-system-messages, .klussen-error-summary').allInnerTexts();
    throw new Error(`expected a page ${pattern}, got ${url.pathname}${url.search}: ${said.join(' | ')}`);
  }
}

async function submit(page, button, pattern) {
  await Promise.all([page.waitForNavigation(), button.click()]);
  captured.set(page, await messagesNow(page));
  await expectUrl(page, pattern);
}

// The sidecar sees new klussen and portfolios within its poll interval: look again for a while.
async function eventually(page, url, locatorOf, what) {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    await page.goto(base + url);
    if (await locatorOf(page).count() > 0) return;
    await page.waitForTimeout(750);
  }
  throw new Error(`${what}: not on ${url} after 15 s`);
}

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const title = 'Datadashboard voor de Woo';
const secretTitle = 'Pentest van het CISO-portaal';
let klusUrl = '';
let copyUrl = '';
let secretKlusUrl = '';

try {
  const admin = await login(browser, 'beheerder');
  const owner = await login(browser, 'jdevries');       // owner of the open group "Data en Analyse"
  const groupAdmin = await login(browser, 'felidrissi'); // its group_admin, English
  const member = await login(browser, 'nozturk');       // member; owner of the hidden closed group
  const worker = await login(browser, 'pbakker');       // member who gets the work
  const other = await login(browser, 'mvisser');        // member who applies and withdraws
  const outsider = await login(browser, 'kjansen');     // in no group

  await step('operator', 'Administration -> Plugins lists klussen as active, and its settings page opens', async () => {
    const { page } = admin;
    await visit(page, '/admin/plugins', 'admin plugins', { axe: false });
    const row = page.locator('.elgg-plugin', { hasText: 'Klussen' }).first();
    assert.equal(await row.count(), 1, 'klussen is listed');
    assert.match(await row.getAttribute('class'), /elgg-state-active/);
    await visit(page, '/admin/plugin_settings/klussen', 'admin klussen settings', { axe: true });
  });

  await step('operator', 'fills the settings: the secret is kept, never shown; test connection in words', async () => {
    const { page } = admin;
    const form = page.locator('form.elgg-form-plugins-settings-save');
    await form.locator('[name="params[sidecar_url]"]').fill(env('KLUSSEN_E2E_SIDECAR_URL'));
    await form.locator('[name="params[auth_secret]"]').fill(env('KLUSSEN_E2E_SECRET'));
    await submit(page, form.locator('button[type=submit]'), /\/admin\/plugin_settings\/klussen/);
    await check(page, 'admin klussen settings saved');
    assert.equal(await page.locator('[name="params[auth_secret]"]').inputValue(), '', 'the secret is not printed back');
    const secret = env('KLUSSEN_E2E_SECRET');
    assert.ok(!(await page.content()).includes(secret), 'the secret is nowhere in the page');
    assert.match(await mainText(page), new RegExp(`••••••••${secret.slice(-4)}`));
    await submit(page, page.locator('a[href*="action/klussen/test_connection"]'), /\/admin\/plugin_settings\/klussen/);
    await check(page, 'admin test connection');
    const said = await messageText(page);   // in the admin's own language
    assert.match(said, /(bereikbaar|reachable): ready \(database: ok, host: ok \(elgg3\), schema: ok/);
    assert.match(said, /(Ondertekende aanvraag geaccepteerd \(ingelogd als|Signed request accepted \(logged in as) beheerder\)/);
    assert.doesNotMatch(said, /[{}"]/, 'no raw JSON in the message');
  });

  await step('dashboard', '"Klussen voor jou" is on a new member\'s dashboard by default, in their language', async () => {
    await visit(member.page, '/dashboard', 'member dashboard (nl)', { axe: true });
    const widget = member.page.locator(WIDGET);
    assert.equal(await widget.count(), 1, 'the widget is on the dashboard');
    assert.match(await widget.locator('.elgg-widget-title').innerText(), /Klussen voor jou/);
    assert.equal(await widget.locator('section.klussen :is(h2, h3)', { hasText: 'Klussen voor jou' }).count(), 0,
      'the frame titles it, once');
    await visit(groupAdmin.page, '/dashboard', 'group admin dashboard (en)', { axe: true });
    assert.match(await groupAdmin.page.locator(`${WIDGET} .elgg-widget-title`).innerText(), /Klussen for you/);
  });

  await step('menus', 'Elgg\'s own menus lead to Klussen, Mijn portfolio and Mijn klussen', async () => {
    const { page } = member;
    await visit(page, '/activity', 'member activity', { axe: false });
    const site = page.locator('.elgg-menu-site a', { hasText: /^\s*Klussen\s*$/ });
    assert.ok(await site.count() >= 1, 'the site menu has "Klussen"');
    assert.equal(await page.locator('.elgg-menu-topbar a[href$="/klussen/portfolio/edit"]').count(), 1, 'account menu: Mijn portfolio');
    assert.equal(await page.locator('.elgg-menu-topbar a[href$="/klussen/mine"]').count(), 1, 'account menu: Mijn klussen');
    // The theme may fold the site menu into "Meer"; the item is there either way.
    const href = await site.first().getAttribute('href');
    assert.match(href, /\/klussen\/voor-jou$/);
    await visit(page, new URL(href).pathname, 'member klussen voor jou via the site menu');
    assert.equal(await titleText(page), 'Klussen voor jou');
    const sidebar = await page.locator('.elgg-menu-page a').evaluateAll((links) => links.map((a) => new URL(a.href).pathname));
    assert.deepEqual(sidebar, ['/klussen/voor-jou', '/klussen/mine', '/klussen/portfolio/edit', '/klussen/portfolio/preview',
      '/klussen/portfolio/import', '/klussen/portfolio/export'], 'the sidebar in reading order');
  });

  await step('post', 'the group owner posts from the group page: field errors at the fields, then published', async () => {
    const { page } = owner;
    await visit(page, `/groups/profile/${group.data}`, 'owner group profile', { axe: true });
    const module = page.locator('.elgg-module', { hasText: 'Klussen' }).filter({ has: page.locator('section.klussen') });
    assert.equal(await module.count(), 1, 'the group profile has the Klussen module');
    await submit(page, module.locator(`a[href$="/klussen/add/${group.data}"]`), new RegExp(`/klussen/add/${group.data}$`));
    await check(page, 'owner new klus form');
    assert.equal(await titleText(page), 'Klus plaatsen');
    assert.equal(await page.locator('h1, h2', { hasText: /^Klus plaatsen$/ }).count(), 1, 'the title is said once');
    assert.match(await page.locator('.elgg-menu-breadcrumbs').innerText(), /Data en Analyse/);
    assert.equal(await page.locator('.elgg-sidebar .elgg-owner-block', { hasText: 'Data en Analyse' }).count(), 1, 'the group owner block');
    const form = page.locator('form.klussen-edit');
    await form.locator('[name=description]').fill('Een dashboard dat laat zien hoe snel Woo-verzoeken worden afgehandeld.');
    await form.locator('[name=required_skills]').fill('Python, SQL');
    await form.locator('[name=hours]').fill('3,5');
    await form.locator('[name=deadline]').fill('2020-01-01');
    await form.locator('[name=region]').fill('Den Haag');
    await form.locator('[name=people_needed]').fill('2');
    await submit(page, form.locator('button[name=publish][value="1"]'), new RegExp(`/klussen/add/${group.data}$`));
    await check(page, 'owner new klus form with field errors');
    assert.match(await messageText(page), /Niet alle velden/);
    assert.equal(await page.locator('.klussen-field-invalid', { has: page.locator('[name=title]') }).count(), 1);
    assert.equal(await page.locator('.klussen-field-invalid', { has: page.locator('[name=deadline]') }).count(), 1);
    assert.equal(await page.locator('form.klussen-edit [name=required_skills]').inputValue(), 'Python, SQL');
    await page.locator('form.klussen-edit [name=title]').fill(title);
    await page.locator('form.klussen-edit [name=deadline]').fill(future(60));
    await submit(page, page.locator('form.klussen-edit button[name=publish][value="1"]'), /\/klussen\/view\/\d+$/);
    klusUrl = new URL(page.url()).pathname;
    await check(page, 'owner klus page after publishing');
    assert.match(await messageText(page), /De klus is geplaatst/);
    assert.equal(await titleText(page), title, 'the klus title is the page title');
    assert.equal(await page.locator('.elgg-main h2', { hasText: title }).count(), 0, 'and is not repeated');
    assert.match(await page.locator('.elgg-menu-breadcrumbs').innerText(), /Data en Analyse/);
    // Skills as Elgg tags, the poster with avatar and profile link.
    assert.ok(await page.locator('section.klussen .elgg-tags .elgg-tag', { hasText: /python/i }).count() >= 1, 'skills are tags');
    assert.ok(await page.locator('section.klussen .klussen-person .elgg-avatar').count() >= 1, 'the poster has an avatar');
    assert.ok(await page.locator('section.klussen .klussen-person a[href$="/profile/jdevries"]').count() >= 1, 'and a profile link');
  });

  await step('post', 'edits, copies and cancels the copy', async () => {
    const { page } = owner;
    await visit(page, klusUrl, 'owner klus page');
    await submit(page, page.locator('a[href*="/klussen/edit/"]'), /\/klussen\/edit\/\d+$/);
    await check(page, 'owner edit form');
    await page.locator('form.klussen-edit [name=hours]').fill('4');
    await submit(page, page.locator('form.klussen-edit button[type=submit]').first(), /\/klussen\/view\/\d+$/);
    assert.match(await messageText(page), /opgeslagen/);
    assert.match(await mainText(page), /4/);
    await submit(page, page.locator('form.klussen-copy button[type=submit]'), /\/klussen\/(view|edit)\/\d+$/);
    copyUrl = new URL(page.url()).pathname.replace('/edit/', '/view/');
    assert.notEqual(copyUrl, klusUrl);
    await check(page, 'owner copy of the klus');
    assert.match(await messageText(page), /gekopieerd als concept/);
    await visit(page, copyUrl, 'owner copy page');
    await submit(page, page.locator('form.klussen-transition:has(input[name=to][value=cancelled]) button'), /\/klussen\/view\/\d+$/);
    await check(page, 'owner copy cancelled');
    assert.match(await messageText(page), /status van de klus is gewijzigd/);
    assert.match(await mainText(page), /Geannuleerd|geannuleerd/);
  });

  await step('portfolio', 'a member fills the portfolio: field errors, then region, hours, findable, a skill', async () => {
    const { page } = member;
    await visit(page, '/klussen/portfolio/edit', 'member portfolio edit page');
    assert.equal(await titleText(page), 'Je portfolio bewerken');
    let form = page.locator('form.klussen-portfolio-settings');
    await form.locator('[name=region]').fill('Den Haag');
    await form.locator('[name=hours_per_week]').fill('acht');
    await form.locator('[name=discoverable]').check();
    await submit(page, form.locator('button[type=submit]'), /\/klussen\/portfolio\/edit$/);
    await check(page, 'member portfolio with field errors');
    assert.match(await messageText(page), /Niet alle velden/);
    assert.equal(await page.locator('.klussen-field-invalid', { has: page.locator('[name=hours_per_week]') }).count(), 1);
    form = page.locator('form.klussen-portfolio-settings');
    assert.equal(await form.locator('[name=hours_per_week]').inputValue(), 'acht', 'the wrong value came back');
    await form.locator('[name=hours_per_week]').fill('8');
    await submit(page, form.locator('button[type=submit]'), /\/klussen\/portfolio\/edit$/);
    assert.match(await messageText(page), /Je portfolio is opgeslagen/);
    const add = page.locator('form.klussen-item-add');
    await add.locator('[name=kind]').selectOption('skill');
    await add.locator('[name=label]').fill('Python');
    await submit(page, add.locator('button[type=submit]'), /\/klussen\/portfolio\/edit$/);
    await check(page, 'member portfolio with a skill');
    assert.match(await messageText(page), /"Python" staat nu in je portfolio/);
  });

  await step('portfolio', 'imports from the Elgg profile and from an Open Badge (upload, preview, save)', async () => {
    const { page } = member;
    await visit(page, '/klussen/portfolio/edit', 'member portfolio before imports');
    await submit(page, page.locator('form.klussen-import-profile button[type=submit]'), /\/klussen\/portfolio\/edit$/);
    await check(page, 'member portfolio after the profile import');
    assert.match(await messageText(page), /Uit je profiel overgenomen/);
    assert.match(await mainText(page), /SQL/, 'the Elgg profile skill SQL is in the portfolio');
    await visit(page, '/klussen/portfolio/import', 'member portfolio import page');
    const upload = page.locator('form.klussen-import-badge');
    await upload.locator('input[type=file]').setInputFiles(badgeFile);
    await submit(page, upload.locator('button[type=submit]'), /\/klussen\/portfolio\/import\?preview=1$/);
    await check(page, 'member portfolio import preview');
    assert.match(await page.locator('form.klussen-import-save').innerText(), /Data-analyse met Python/);
    await submit(page, page.locator('form.klussen-import-save button[type=submit]'), /\/klussen\/portfolio\/edit$/);
    await check(page, 'member portfolio after the badge import');
    assert.match(await messageText(page), /Overgenomen in je portfolio/);
  });

  await step('portfolio', 'previews it for both audiences and downloads the data', async () => {
    const { page } = member;
    await visit(page, '/klussen/portfolio/preview', 'member portfolio preview (site)');
    assert.match(await mainText(page), /Python/);
    await visit(page, '/klussen/portfolio/preview?as=platform', 'member portfolio preview (platform)');
    const download = await page.request.get(`${base}/klussen/portfolio/export`);
    assert.equal(download.status(), 200);
    assert.match(download.headers()['content-type'], /application\/json/);
    assert.match(download.headers()['content-disposition'] ?? '', /attachment/);
    assert.match(await download.text(), /python/i);
  });

  await step('portfolio', 'an outsider fills and then erases a portfolio (confirm first)', async () => {
    const { page } = outsider;
    await visit(page, '/klussen/portfolio/edit', 'outsider portfolio');
    const add = page.locator('form.klussen-item-add');
    await add.locator('[name=kind]').selectOption('skill');
    await add.locator('[name=label]').fill('Archiefbeheer');
    await submit(page, add.locator('button[type=submit]'), /\/klussen\/portfolio\/edit$/);
    assert.match(await mainText(page), /Archiefbeheer/);
    const erase = page.locator('form.klussen-erase');
    await erase.locator('[name=confirm]').check();
    await submit(page, erase.locator('button[type=submit]'), /\/klussen\/portfolio\/edit$/);
    await check(page, 'outsider portfolio erased');
    assert.match(await messageText(page), /verwijderd/);
    assert.doesNotMatch(await mainText(page), /Archiefbeheer/);
  });

  await step('for-you', '"Klussen voor jou" on the dashboard lists the klus, because of Python', async () => {
    const { page } = member;
    await eventually(page, '/dashboard',
      (p) => p.locator(`${WIDGET} li.klussen-item`, { hasText: title }), 'the klus in the widget');
    await check(page, 'member dashboard with klussen voor jou', { axe: true });
    const item = page.locator(`${WIDGET} li.klussen-item`, { hasText: title });
    assert.match(await item.locator('.klussen-reasons').innerText(), /python/i);
  });

  await step('candidates', 'the group admin (English) finds the member under suggested candidates and invites', async () => {
    const { page } = groupAdmin;
    const klusId = klusUrl.split('/').pop();
    await eventually(page, `/klussen/candidates/${klusId}`,
      (p) => p.locator('li.klussen-item', { hasText: 'Öztürk' }), 'the member as a candidate');
    await check(page, 'group admin candidates (en)');
    assert.match(await titleText(page), /candidates/i);
    const candidate = page.locator('li.klussen-item', { hasText: 'Öztürk' });
    assert.equal(await candidate.locator('.klussen-person .elgg-avatar').count(), 1, 'the candidate has an avatar');
    assert.match(await candidate.locator('.klussen-reasons').innerText(), /python/i);
    await candidate.locator('form.klussen-invite [name=message]').fill('Would you help us with the dashboard?');
    await submit(page, candidate.locator('form.klussen-invite button[type=submit]'), /\/klussen\/candidates\/\d+$/);
    await check(page, 'group admin candidates after inviting');
    assert.match(await messageText(page), /invitation has been sent/);
    // The member finds the invitation under "Mijn klussen" and responds to it.
    const m = member.page;
    await visit(m, '/klussen/mine', 'member mine with the invitation');
    await submit(m, m.locator('section.klussen a', { hasText: title }).first(), /\/klussen\/view\/\d+$/);
    await check(m, 'member klus page with the invitation');
    assert.match(await m.locator('.klussen-own-state').innerText(), /uitgenodigd/i);
    await m.locator('form.klussen-apply [name=motivation]').fill('Ik bouw graag dashboards in Python.');
    await submit(m, m.locator('form.klussen-apply button[type=submit]'), /\/klussen\/view\/\d+$/);
    assert.match(await messageText(m), /Je reactie is verstuurd/);
  });

  await step('respond', 'members find the klus through the group\'s owner block, apply, and one withdraws', async () => {
    for (const [who, name, motivation] of [[worker, 'worker', 'Ik ken Python en SQL.'], [other, 'other', 'Ik help graag.']]) {
      const { page } = who;
      await visit(page, `/groups/profile/${group.data}`, `${name} group profile`, { axe: false });
      await submit(page, page.locator('.elgg-menu-owner-block a', { hasText: /^\s*Klussen\s*$/ }), new RegExp(`/klussen/group/${group.data}$`));
      await check(page, `${name} group klussen tab`);
      await submit(page, page.locator('section.klussen a', { hasText: title }), /\/klussen\/view\/\d+$/);
      await check(page, `${name} klus page`);
      await submit(page, page.locator('form.klussen-apply button[type=submit]'), /\/klussen\/view\/\d+$/);
      assert.match(await messageText(page), /Niet alle velden|motivatie|Vul/i, 'an empty motivation is refused');
      await page.locator('form.klussen-apply [name=motivation]').fill(motivation);
      await submit(page, page.locator('form.klussen-apply button[type=submit]'), /\/klussen\/view\/\d+$/);
      assert.match(await messageText(page), /Je reactie is verstuurd/);
    }
    // A member is not a manager: Elgg's own 403 page, with the plugin's words.
    const klusId = klusUrl.split('/').pop();
    await visit(worker.page, `/klussen/add/${group.data}`, 'member opens the post form', { status: 403 });
    await visit(worker.page, `/klussen/responses/${klusId}`, 'member opens the responses', { status: 403 });
    assert.match(await mainText(worker.page), /Je mag dit niet doen/);
    const { page } = other;
    await check(page, 'other klus page after applying');
    await submit(page, page.locator('form.klussen-withdraw button[type=submit]'), /\/klussen\/view\/\d+$/);
    await check(page, 'other klus page after withdrawing');
    assert.match(await messageText(page), /teruggetrokken/);
  });

  await step('decide', 'the poster accepts one, declines one with a reason, and completes with hours and skills', async () => {
    const { page } = owner;
    await visit(page, klusUrl, 'owner klus page with responses');
    await submit(page, page.locator('a[href*="/klussen/responses/"]'), /\/klussen\/responses\/\d+$/);
    await check(page, 'owner responses');
    assert.equal(await page.locator('table.elgg-table').count(), 1, 'the responses are an Elgg table');
    assert.ok(await page.locator('table .klussen-person .elgg-avatar').count() >= 3, 'each person with an avatar');
    // Each response's forms sit in the row after the person's row.
    const formsOf = (who) => page.locator('tr', { hasText: who }).locator('xpath=following-sibling::tr[1]');
    await submit(page, formsOf('Petra Bakker').locator('form.klussen-accept button[type=submit]'), /\/klussen\/responses\/\d+$/);
    await check(page, 'owner responses after accepting');
    assert.match(await messageText(page), /geaccepteerd/);
    const decline = formsOf('Nadia Öztürk').locator('form.klussen-decline');
    await decline.locator('[name=reason_text]').fill('We zoeken iemand die al met de Woo-cijfers werkte.');
    await submit(page, decline.locator('button[type=submit]'), /\/klussen\/responses\/\d+$/);
    assert.match(await messageText(page), /afgewezen/);
    await visit(member.page, klusUrl, 'member klus page after the decline');
    assert.match(await member.page.locator('.klussen-own-state').innerText(), /afgewezen/i);
    assert.match(await mainText(member.page), /Woo-cijfers/, 'the member reads the reason');
    const complete = formsOf('Petra Bakker').locator('form.klussen-complete');
    await complete.locator('[name=hours_spent]').fill('6');
    await complete.locator('input[name="confirmed_skills[]"][value="python" i], input[name="confirmed_skills[]"]').first().check();
    await submit(page, complete.locator('button[type=submit]'), /\/klussen\/responses\/\d+$/);
    await check(page, 'owner responses after completing');
    assert.match(await messageText(page), /afgerond/);
    await visit(worker.page, '/klussen/portfolio/edit', 'worker portfolio with confirmed skill');
    const confirmed = await worker.page.locator('.klussen-confirmed-skills').innerText();
    assert.match(confirmed, /Python/);
    assert.match(confirmed, new RegExp(title), 'confirmed in this klus');
  });

  await step('privacy', 'a klus in a hidden closed group: a non-member sees nothing of it (404)', async () => {
    const { page } = member;   // owner of the hidden group: posts from the group's Klussen tab
    await visit(page, `/klussen/group/${group.security}`, 'owner of the hidden group klussen tab');
    await submit(page, page.locator(`section.klussen a[href$="/klussen/add/${group.security}"]`), /\/klussen\/add\/\d+$/);
    await check(page, 'owner of the hidden group new klus');
    const form = page.locator('form.klussen-edit');
    await form.locator('[name=title]').fill(secretTitle);
    await form.locator('[name=description]').fill('Alleen voor leden van het beveiligingsteam.');
    await form.locator('[name=deadline]').fill(future(30));
    await form.locator('[name=hours]').fill('2');
    await form.locator('[name=remote]').check();
    await submit(page, form.locator('button[name=publish][value="1"]'), /\/klussen\/view\/\d+$/);
    secretKlusUrl = new URL(page.url()).pathname;
    await check(page, 'hidden group klus page');
    const o = outsider.page;
    await visit(o, `/klussen/group/${group.security}`, 'outsider hidden group tab', { status: 404 });
    assert.doesNotMatch(await mainText(o), /Beveiligingsteam|CISO/);
    await visit(o, secretKlusUrl, 'outsider hidden group klus', { status: 404 });
    assert.doesNotMatch(await mainText(o), /CISO/);
    await visit(o, '/klussen/voor-jou', 'outsider klussen voor jou');
    assert.doesNotMatch(await mainText(o), /CISO/);
  });

  await step('tool-off', 'a group with the klussen tool off: 404 on every klussen page, no module, no menu item', async () => {
    const { page } = owner;
    await visit(page, `/klussen/group/${group.quiet}`, 'quiet group tab', { status: 404 });
    await visit(page, `/klussen/add/${group.quiet}`, 'quiet group add', { status: 404 });
    await visit(page, `/groups/profile/${group.quiet}`, 'quiet group profile', { axe: false });
    assert.equal(await page.locator('section.klussen').count(), 0, 'no klussen module');
    assert.equal(await page.locator('.elgg-menu-owner-block a', { hasText: /^\s*Klussen\s*$/ }).count(), 0, 'no owner block item');
    // Switched off in the group's own edit form, the group's existing klussen go too; then back on.
    const setTool = async (on) => {
      await visit(page, `/groups/edit/${group.data}`, `group edit (tool ${on ? 'on' : 'off'})`, { axe: false });
      await page.locator('input[type=checkbox][name=klussen_enable]').evaluate((el, value) => { el.checked = value; }, on);
      await submit(page, page.locator('form.elgg-form-groups-edit button[type=submit]').last(), /\/groups\/profile\/\d+/);
    };
    await setTool(false);
    await visit(page, `/klussen/group/${group.data}`, 'data group tab with the tool off', { status: 404 });
    await visit(page, klusUrl, 'klus page with the tool off', { status: 404 });
    await visit(page, `/klussen/add/${group.data}`, 'add with the tool off', { status: 404 });
    await setTool(true);
    await visit(page, `/klussen/group/${group.data}`, 'data group tab with the tool on again');
  });

  await step('outage', 'the sidecar stopped: the unavailable block, and nothing else of Elgg breaks', async () => {
    sidecar('stop');
    try {
      const { page } = member;
      await visit(page, `/klussen/group/${group.data}`, 'group tab with the sidecar down');
      assert.match(await mainText(page), /Klussen is tijdelijk niet beschikbaar/);
      await visit(page, '/dashboard', 'dashboard with the sidecar down', { axe: true });
      assert.match(await mainText(page), /Klussen is tijdelijk niet beschikbaar/);
      await visit(page, `/groups/profile/${group.data}`, 'group profile with the sidecar down', { axe: false });
      assert.match(await mainText(page), /Data en Analyse/);
      await visit(page, '/activity', 'activity with the sidecar down', { axe: false });
      await visit(groupAdmin.page, '/klussen/voor-jou', 'klussen voor jou with the sidecar down (en)');
      assert.match(await mainText(groupAdmin.page), /temporarily unavailable/i);
    } finally {
      sidecar('start');
    }
    await visit(member.page, klusUrl, 'klus page after the sidecar is back');
    assert.doesNotMatch(await mainText(member.page), /tijdelijk niet beschikbaar/);
  });

  await step('log', 'Elgg\'s log names no plugin file (errors, warnings, deprecations)', async () => {
    const log = existsSync(elggLog) ? readFileSync(elggLog, 'utf8') : '';
    const lines = log.split('\n').filter((l) => /mod\/klussen\//.test(l) || (/klussen/i.test(l) && /deprecat/i.test(l)));
    writeFileSync(path.join(artifacts, 'elgg-log-plugin-lines.txt'), lines.join('\n'));
    assert.equal(lines.length, 0, `Elgg's log names the plugin:\n${lines.slice(0, 10).join('\n')}`);
  });
} finally {
  await browser.close();
}

const failed = results.filter((r) => !r.ok);
writeFileSync(path.join(artifacts, 'axe-violations.json'), JSON.stringify(axeFindings, null, 2));
writeFileSync(path.join(artifacts, 'axe-elgg-core.json'), JSON.stringify(coreFindings, null, 2));
const coreRules = [...new Set(coreFindings.map((v) => v.id))];
writeFileSync(path.join(artifacts, 'results.json'), JSON.stringify(results, null, 2));
console.log(`\nElgg ${elggVersion}: ${flows.size} flows, ${results.length - failed.length}/${results.length} steps passed; ` +
  `${shot} pages checked, axe (${AXE_TAGS.join(', ')}) on the klussen pages: ${axeFindings.length} violation(s) in ` +
  `what the plugin renders; Elgg's own theme elsewhere on those pages: ${coreFindings.length} (${coreRules.join(', ') || 'none'}, ` +
  'see axe-elgg-core.json)');
for (const v of axeFindings) {
  console.log(`  axe ${v.id} (${v.impact}) on "${v.page}" ${v.url}: ${v.help}`);
  for (const n of v.nodes.slice(0, 5)) console.log(`      ${n.target}: ${n.html}`);
}
for (const f of failed) console.log(`FAILED: [${f.flow}] ${f.step}\n${f.error}`);
process.exit(failed.length || axeFindings.length ? 1 : 0);
