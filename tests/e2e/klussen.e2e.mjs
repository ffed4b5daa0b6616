// Browser tests of the demo host of scripts/run.sh (tests/e2e/host), run by run-e2e.sh. The
// plugin's flows are tested in the real Elgg (elgg.e2e.mjs); this keeps what only the stand-in
// shows: the fragments in a host without Elgg's CSS and classes, and the demo page itself.
// Plain node (no test runner): playwright-core drives Debian's Chromium headless; axe-core runs
// on every page visited; each step saves a screenshot. Exit code 1 on any failure or violation.
//
// env: KLUSSEN_E2E_BASE_URL, KLUSSEN_E2E_ARTIFACTS, KLUSSEN_E2E_SIDECAR_CTL, KLUSSEN_CHROMIUM

import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const base = process.env.KLUSSEN_E2E_BASE_URL ?? 'http://127.0.0.1:8378';
const artifacts = process.env.KLUSSEN_E2E_ARTIFACTS ?? 'build/e2e-artifacts';
const sidecarCtl = process.env.KLUSSEN_E2E_SIDECAR_CTL;
const chromiumPath = process.env.KLUSSEN_CHROMIUM ?? '/usr/bin/chromium';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

mkdirSync(artifacts, { recursive: true });

// A deadline two months ahead, as the date field wants it.
const future = new Date(Date.now() + 60 * 86400 * 1000).toISOString().slice(0, 10);

let shot = 0;
const axeFindings = [];   // {page, url, id, impact, help, nodes: [{target, html}]}
const results = [];       // {step, ok, error}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

// Screenshot + axe for the page as it is now.
async function check(page, name) {
  shot += 1;
  const file = path.join(artifacts, `${String(shot).padStart(2, '0')}-${slug(name)}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 300), summary: n.failureSummary })),
    }));
  }, AXE_TAGS);
  for (const v of result) axeFindings.push({ page: name, url: page.url(), ...v });
  if (result.length) {
    console.log(`  axe: ${result.length} violation(s) on ${name}: ${result.map((v) => v.id).join(', ')}`);
  }
}

async function visit(page, url, name) {
  const response = await page.goto(base + url);
  await check(page, name);
  return response;
}

async function login(browser, username) {
  const context = await browser.newContext({ locale: 'nl-NL' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`  page error (${username}): ${e.message}`));
  await page.goto(`${base}/login`);
  await page.click(`button[data-username="${username}"]`);
  await page.waitForURL(/\/dashboard$/);
  return { context, page };
}

async function step(name, fn) {
  process.stdout.write(`- ${name} ... `);
  try {
    await fn();
    results.push({ step: name, ok: true });
    console.log('ok');
  } catch (e) {
    results.push({ step: name, ok: false, error: String(e && e.stack || e) });
    console.log(`FAILED\n    ${String(e && e.message || e).split('\n').join('\n    ')}`);
  }
}

function sidecar(action) {
  if (!sidecarCtl) throw new Error('KLUSSEN_E2E_SIDECAR_CTL is not set');
  execFileSync(sidecarCtl, [action], { stdio: 'inherit' });
}

// After a form post: the page we should be on, or a failure that says what the page said.
async function expectUrl(page, pattern) {
  await page.waitForLoadState();
  const url = new URL(page.url()).pathname;
  if (!pattern.test(url)) {
    const said = await page.locator('main .message, .klussen-error-summary').allInnerTexts();
    throw new Error(`expected a page ${pattern}, got ${url}: ${said.join(' | ')}`);
  }
}

const mainText = (page) => page.locator('main').innerText();
const messageText = (page) => page.locator('main .message').allInnerTexts().then((t) => t.join('\n'));

const browser = await chromium.launch({
  executablePath: chromiumPath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const title = 'Datadashboard voor de Woo';
let klusUrl = '';

try {
  const owner = await login(browser, 'jdevries');      // owner of open group 40
  const member = await login(browser, 'nozturk');      // member of 40, owner of hidden closed 41

  await step('login page lists users of the host database (test only)', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await visit(page, '/login', 'login page');
    assert.match(await mainText(page), /Alleen voor tests/);
    assert.equal(await page.locator('button[data-username]').count(), 5);
    await ctx.close();
  });

  await step('a member opens the group: Klussen tab, no post button, empty list', async () => {
    const { page } = member;
    await visit(page, '/groups/profile/40', 'member group profile 40');
    await page.click('nav.tabs >> text=Klussen');
    await page.waitForURL(/\/klussen\/group\/40$/);
    await check(page, 'member group tab 40 empty');
    assert.equal(await page.locator('section.klussen').count(), 1);
    assert.equal(await page.locator('a[href$="/klussen/add/40"]').count(), 0, 'a member sees no post button');
  });

  await step('the group owner posts a klus: field errors shown at the fields, then published', async () => {
    const { page } = owner;
    await visit(page, '/klussen/group/40', 'owner group tab 40');
    await page.click('a[href$="/klussen/add/40"]');
    await page.waitForURL(/\/klussen\/add\/40$/);
    await check(page, 'owner new klus form');
    const form = page.locator('form.klussen-edit');
    await form.locator('[name=title]').fill('');
    await form.locator('[name=description]').fill('Een dashboard dat laat zien hoe snel Woo-verzoeken worden afgehandeld.');
    await form.locator('[name=required_skills]').fill('Python, SQL');
    await form.locator('[name=hours]').fill('3,5');
    await form.locator('[name=deadline]').fill('2020-01-01');
    await form.locator('[name=region]').fill('Den Haag');
    await form.locator('button[name=publish][value="1"]').click();
    await page.waitForURL(/\/klussen\/add\/40$/);
    await check(page, 'owner new klus form with field errors');
    assert.match(await messageText(page), /Niet alle velden/);
    const titleField = page.locator('.klussen-field-invalid', { has: page.locator('[name=title]') });
    assert.equal(await titleField.count(), 1, 'the title field is marked invalid');
    assert.ok((await titleField.locator('.klussen-error-message').innerText()).length > 0, 'a message at the title field');
    const deadlineField = page.locator('.klussen-field-invalid', { has: page.locator('[name=deadline]') });
    assert.equal(await deadlineField.count(), 1, 'the deadline field is marked invalid');
    // The other values came back (sticky form).
    assert.equal(await page.locator('form.klussen-edit [name=required_skills]').inputValue(), 'Python, SQL');
    await page.locator('form.klussen-edit [name=title]').fill(title);
    await page.locator('form.klussen-edit [name=deadline]').fill(future);
    await page.locator('form.klussen-edit button[name=publish][value="1"]').click();
    await page.waitForURL(/\/klussen\/view\/\d+$/);
    klusUrl = new URL(page.url()).pathname;
    await check(page, 'owner klus page after publishing');
    assert.match(await messageText(page), /De klus is geplaatst/);
    assert.match(await mainText(page), new RegExp(title));
  });

  await step('the member fills the portfolio: field errors at the fields, then region, hours, findable, skill', async () => {
    const { page } = member;
    // The empty "Klussen voor jou" points to the portfolio.
    await visit(page, '/dashboard', 'member dashboard before the portfolio');
    const widget = page.locator('section.widget', { has: page.locator('#widget-foryou') });
    await widget.locator('a[href$="/klussen/portfolio/edit"]').first().click();
    await page.waitForURL(/\/klussen\/portfolio\/edit$/);
    await check(page, 'member portfolio edit page');
    let form = page.locator('form.klussen-portfolio-settings');
    await form.locator('[name=region]').fill('Den Haag');
    await form.locator('[name=hours_per_week]').fill('acht');
    await form.locator('[name=discoverable]').check();
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/\/klussen\/portfolio\/edit$/);
    await check(page, 'member portfolio edit page with field errors');
    assert.match(await messageText(page), /Niet alle velden/);
    const hoursField = page.locator('.klussen-field-invalid', { has: page.locator('[name=hours_per_week]') });
    assert.equal(await hoursField.count(), 1, 'the hours field is marked invalid');
    form = page.locator('form.klussen-portfolio-settings');
    assert.equal(await form.locator('[name=region]').inputValue(), 'Den Haag', 'the region came back');
    assert.equal(await form.locator('[name=hours_per_week]').inputValue(), 'acht', 'the wrong value came back');
    assert.ok(await form.locator('[name=discoverable]').isChecked(), 'the switch came back on');
    await form.locator('[name=hours_per_week]').fill('8');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/\/klussen\/portfolio\/edit$/);
    assert.match(await messageText(page), /Je portfolio is opgeslagen/);
    form = page.locator('form.klussen-portfolio-settings');
    assert.equal(await form.locator('[name=region]').inputValue(), 'Den Haag');
    assert.equal(await form.locator('[name=hours_per_week]').inputValue(), '8');
    assert.ok(await form.locator('[name=discoverable]').isChecked(), 'vindbaar voor klussen is on');
    const add = page.locator('form.klussen-item-add');
    await add.locator('[name=kind]').selectOption('skill');
    await add.locator('[name=label]').fill('Python');
    await add.locator('button[type=submit]').click();
    await page.waitForURL(/\/klussen\/portfolio\/edit$/);
    await check(page, 'member portfolio edit page with a skill');
    assert.match(await messageText(page), /"Python" staat nu in je portfolio/);
    assert.match(await page.locator('section.klussen table').first().innerText(), /Python/);
  });

  await step('"Klussen voor jou" on the member\'s dashboard lists the klus, because of Python', async () => {
    const { page } = member;
    // The sidecar picks up new klussen every match_poll_interval_ms (2 s): look again for a while.
    let text = '';
    for (let attempt = 0; attempt < 15; attempt += 1) {
      await page.goto(`${base}/dashboard`);
      text = await page.locator('section.widget', { has: page.locator('#widget-foryou') }).innerText();
      if (text.includes(title)) break;
      await page.waitForTimeout(1000);
    }
    await check(page, 'member dashboard with klussen voor jou');
    const item = page.locator('#widget-foryou ~ .widget-body li.klussen-item', { hasText: title });
    assert.equal(await item.count(), 1, `the klus is listed: ${text}`);
    // The reasons name the skill as the matcher knows it (lower case: "Vaardigheid: python").
    assert.match(await item.locator('.klussen-reasons').innerText(), /Vaardigheid: python/i);
    await visit(page, '/klussen/voor-jou', 'member klussen voor jou page');
    assert.match(await mainText(page), new RegExp(title));
  });

  await step('the sidecar stopped: pages still render with the unavailable block', async () => {
    sidecar('stop');
    try {
      const { page } = member;
      const response = await visit(page, '/klussen/group/40', 'member group tab with sidecar down');
      assert.equal(response.status(), 200);
      assert.match(await mainText(page), /Klussen is tijdelijk niet beschikbaar/);
      assert.match(await page.locator('nav.tabs').innerText(), /Klussen/);
      await visit(page, '/dashboard', 'member dashboard with sidecar down');
      assert.match(await mainText(page), /Klussen is tijdelijk niet beschikbaar/);
      assert.match(await mainText(page), /Mijn groepen/);
      await visit(page, '/groups/profile/40', 'member group profile with sidecar down');
      assert.match(await mainText(page), /Kennisdelen/);
    } finally {
      sidecar('start');
    }
    // Back: the klus page renders the fragment again.
    await visit(member.page, klusUrl, 'member klus page after the sidecar is back');
    assert.match(await mainText(member.page), new RegExp(title));
    assert.doesNotMatch(await mainText(member.page), /tijdelijk niet beschikbaar/);
  });
} finally {
  await browser.close();
}

const failed = results.filter((r) => !r.ok);
writeFileSync(path.join(artifacts, 'axe-violations.json'), JSON.stringify(axeFindings, null, 2));
writeFileSync(path.join(artifacts, 'results.json'), JSON.stringify(results, null, 2));
console.log(`\n${results.length - failed.length}/${results.length} steps passed; ${shot} pages checked with axe ` +
  `(${AXE_TAGS.join(', ')}): ${axeFindings.length} violation(s)`);
for (const v of axeFindings) {
  console.log(`  axe ${v.id} (${v.impact}) on "${v.page}" ${v.url}: ${v.help}`);
  for (const n of v.nodes.slice(0, 5)) console.log(`      ${n.target}: ${n.html}`);
}
for (const f of failed) console.log(`FAILED: ${f.step}\n${f.error}`);
process.exit(failed.length || axeFindings.length ? 1 : 0);
