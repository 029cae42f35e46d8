import { launchChromium, openCounterPage } from '../../support/browser';

const url = process.argv[2]!;
const browser = await launchChromium();
const page = await openCounterPage(browser, url);
const shot = (n: string) => page.screenshot({ path: `/tmp/shots/${n}.png` });
page.on('console', (m) => console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.getByTestId('clerk-button').first().waitFor();
await shot('01-login');
await page.getByTestId('clerk-button').filter({ hasText: '王秀兰' }).click();
await page.keyboard.type('1234');
await shot('02-pin');
await page.keyboard.press('Enter');
await page.waitForTimeout(500);
await shot('03-after-login');
if (await page.getByTestId('shift-open').isVisible()) await page.getByTestId('shift-open').click();
await page.getByTestId('waiting-screen').waitFor();
await shot('04-waiting');
await page.evaluate(async () => {
  const token = sessionStorage.getItem('jifen-till.token');
  await fetch('/api/card.simulateTap', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ uid: '04A1B2C3' }),
  });
});
await page.getByTestId('cart-screen').waitFor();
await page.waitForTimeout(400);
await shot('05-cart-empty');
await page.getByTestId('product-tile').nth(0).click();
await page.getByTestId('product-tile').nth(1).click();
await page.getByTestId('product-tile').nth(1).click();
await shot('06-cart-lines');
await page.getByTestId('confirm').click();
await page.getByTestId('success-screen').waitFor();
await shot('07-success');
await browser.close();
