// A visitor in Chromium: browse the demo shop, add to cart, check out (500), click the broken
// coupon button and the dead gift-wrap button, then flush the recorder. Prints what the page saw.
// Env: SHOP_URL, CHROMIUM_PATH, SNIPPET_DIR; VISIT=checkout-only stops after the checkout.
import { launchChromium } from './lib.mjs';

const browser = await launchChromium();
const result = {};
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  const requests = [];
  page.on('request', (r) => { if (r.url().includes('/api/checkout')) requests.push(r.headers()); });
  await page.goto(process.env.SHOP_URL);
  await page.waitForFunction(() => document.body.dataset.ready === 'true' && window.Replaylink && window.Replaylink.getSessionId());
  result.sessionId = await page.evaluate(() => window.Replaylink.getSessionId());
  await page.waitForTimeout(1500);
  await page.locator('button.add').nth(0).click();
  await page.waitForTimeout(700);
  await page.locator('button.add').nth(1).click();
  await page.waitForTimeout(1500);
  result.checkoutClickedAt = Date.now();
  const [checkout] = await Promise.all([page.waitForResponse((r) => r.url().includes('/api/checkout')), page.click('#checkout')]);
  result.sentryEventId = (await checkout.json()).sentryEventId ?? null;
  await page.waitForFunction(() => document.body.dataset.checkoutStatus, null, { timeout: 20000 });
  result.checkoutAnsweredAt = Date.now();
  result.checkoutStatus = await page.evaluate(() => document.body.dataset.checkoutStatus);
  result.errorPageReplayLink = await page.getAttribute('#replay-link', 'href').catch(() => null);
  result.checkoutHeaders = requests[0] ? { traceparent: requests[0].traceparent ?? null, baggage: requests[0].baggage ?? null } : null;
  if (process.env.VISIT !== 'checkout-only') {
    await page.waitForTimeout(1000);
    await page.click('#coupon');
    await page.waitForTimeout(800);
    await page.click('#gift-wrap');
    await page.waitForTimeout(3500); // longer than the snippet's 2.5 s dead-click window
  }
  await page.evaluate(() => window.Replaylink.flush());
  await page.waitForTimeout(500);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
