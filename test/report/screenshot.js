// node test/report/screenshot.js PAGE PNG: a full-page screenshot of the
// report page in headless Chromium (Debian's chromium, LA_CHROMIUM to use
// another), with the network refused: `make screenshot` writes the README's
// docs/report.png with it.
'use strict';
const { chromium } = require('playwright-core');
const path = require('path');

(async () => {
  const [page, png] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.LA_CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const p = await context.newPage();
  await p.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await p.goto('file://' + path.resolve(page));
  await p.waitForSelector('body[data-rendered="yes"]', { timeout: 30000 });
  await p.screenshot({ path: png, fullPage: true });
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
