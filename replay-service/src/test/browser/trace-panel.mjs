// Opens a replay, selects the traced request in the event stream from the keyboard and reports what
// the Trace panel shows: the waterfall rows (name, service, failed, depth), the exception message and
// stack of the span that threw, the request detail, the external trace link, keyboard behaviour, and
// any Content-Security-Policy violation; then opens it from the trace's backend-error marker.
// Optionally screenshots the panel.
// Env: BASE_URL, TOKEN, SESSION_ID, MOMENT (epoch ms), TRACE_ID, SCREENSHOT (optional path).
import { launchChromium, check } from './lib.mjs';

const { BASE_URL, TOKEN, SESSION_ID, MOMENT, TRACE_ID, SCREENSHOT } = process.env;
const base = BASE_URL.replace(/\/$/, '');
const browser = await launchChromium();
const result = { cspViolations: [], pageErrors: [] };
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => result.pageErrors.push(String(e)));
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) result.cspViolations.push(m.text()); });
  await page.goto(`${base}/replay/${SESSION_ID}?t=${MOMENT}`);
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.waitForFunction(() => document.body.dataset.state === 'ready', null, { timeout: 30000 });
  const item = page.locator(`#markers li.has-trace[data-kind="network"][data-trace-id="${TRACE_ID}"]`).first();
  check(await item.count() === 1, 'the traced request has no entry that opens the Trace panel');
  await item.locator('button.trace-open').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.body.dataset.tracePanel), null, { timeout: 15000 });
  Object.assign(result, await page.evaluate(() => {
    const panel = document.getElementById('trace-panel');
    const rows = [...panel.querySelectorAll('.waterfall li')];
    return {
      state: document.body.dataset.tracePanel,
      traceId: panel.dataset.traceId,
      title: panel.querySelector('#trace-title').textContent,
      focusInPanel: panel.contains(document.activeElement),
      rows: rows.map((li) => ({
        name: li.querySelector('.name').textContent, service: li.querySelector('.service').textContent,
        failed: li.classList.contains('failed'), threw: li.classList.contains('threw'),
        depth: parseInt(li.querySelector('.name').style.paddingLeft, 10) / 14,
        barColor: getComputedStyle(li.querySelector('.bar')).backgroundColor,
        duration: li.querySelector('.dur').textContent, status: li.querySelector('.status').textContent,
      })),
      selected: (panel.querySelector('button.row[aria-pressed="true"] .name') || {}).textContent || null,
      exception: (panel.querySelector('.exception-message') || {}).textContent || null,
      stack: (panel.querySelector('.stack') || {}).textContent || null,
      request: (panel.querySelector('.request') || {}).textContent || null,
      externalHidden: panel.querySelector('#trace-external').hidden,
      externalHref: panel.querySelector('#trace-external').getAttribute('href'),
      externalVisible: panel.querySelector('#trace-external').getClientRects().length > 0,
    };
  }));
  if (SCREENSHOT) {
    await page.locator('#trace-panel').scrollIntoViewIfNeeded();
    await page.locator('#trace-panel').screenshot({ path: SCREENSHOT });
  }
  // ↓ moves to the next span; Enter shows its detail; Esc closes and gives focus back
  await page.locator('#trace-panel .waterfall button.row').first().focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  result.afterArrow = await page.evaluate(() => (document.querySelector('#trace-panel button.row[aria-pressed="true"] .name') || {}).textContent);
  await page.keyboard.press('Escape');
  result.closed = await page.evaluate(() => document.getElementById('trace-panel').hidden);
  result.focusBack = await page.evaluate(() => document.activeElement.classList.contains('trace-open'));
  // the backend-error marker of the same trace opens the panel too
  const marker = page.locator(`#markers li.has-trace[data-kind="backend-error"][data-trace-id="${TRACE_ID}"] button.trace-open`).first();
  result.backendErrorEntries = await marker.count();
  if (result.backendErrorEntries) {
    await marker.click();
    await page.waitForFunction(() => ['ready', 'failed'].includes(document.body.dataset.tracePanel) && !document.getElementById('trace-panel').hidden,
      null, { timeout: 15000 });
    result.fromBackendError = await page.evaluate(() => ({
      state: document.body.dataset.tracePanel,
      traceId: document.getElementById('trace-panel').dataset.traceId,
      rows: document.querySelectorAll('#trace-panel .waterfall li').length,
    }));
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
