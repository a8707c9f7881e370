/** Puppeteer's own Chrome download fails offline; iotsec finds a system Chromium instead (see src/report/browser.ts). */
module.exports = { skipDownload: true };
