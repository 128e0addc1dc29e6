// Checks a headless-Chromium screenshot of the demo report: each chart named in the reference page
// (<svg data-chart="..." data-colour="#rrggbb">: rate, monitor, timings) must cover at least
// kMinPixels pixels of its series colour (a colour the page uses nowhere else, demo_report.hpp), and
// the screenshot must hold the whole page (its last row is one colour: the page's background).
// Usage: node check_screenshot.mjs <tools/report> <reference.html> <screenshot.png>
// Prints one line per chart ("ok" or "FAIL"); exit 0 all rendered, 1 some chart missing, 2 bad input.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const kCharts = ['rate', 'monitor', 'timings'];
const kMinPixels = 400;  // a 1000 px line 2.5 px wide covers well over 1,500 exact pixels
const kTolerance = 12;   // per channel: anti-aliased edges blend towards the background

function die(msg) {
  console.error(`check_screenshot: ${msg}`);
  process.exit(2);
}

const [toolsDir, htmlPath, pngPath] = process.argv.slice(2);
if (!pngPath) die('usage: node check_screenshot.mjs <tools/report> <reference.html> <screenshot.png>');
let PNG;
try {
  ({ PNG } = createRequire(path.join(path.resolve(toolsDir), 'package.json'))('pngjs'));
} catch (e) {
  die(`pngjs not found under ${toolsDir}/node_modules: run tools/install-deps.sh (${e.message})`);
}

const html = readFileSync(htmlPath, 'utf8');
const colours = {};
for (const m of html.matchAll(/<svg [^>]*data-chart="([a-z]+)" data-colour="#([0-9a-f]{6})"/g)) {
  colours[m[1]] = [0, 2, 4].map((i) => parseInt(m[2].slice(i, i + 2), 16));
}
for (const chart of kCharts) {
  if (!colours[chart]) die(`${htmlPath} has no <svg data-chart="${chart}" data-colour=...>`);
}

let png;
try {
  png = PNG.sync.read(readFileSync(pngPath));
} catch (e) {
  die(`cannot decode ${pngPath}: ${e.message}`);
}
const { width, height, data } = png;  // RGBA, 4 bytes a pixel
if (width < 800 || height < 600) die(`${pngPath} is only ${width} x ${height}`);

const counts = Object.fromEntries(kCharts.map((c) => [c, 0]));
for (let i = 0; i < data.length; i += 4) {
  for (const chart of kCharts) {
    const [r, g, b] = colours[chart];
    if (Math.abs(data[i] - r) <= kTolerance && Math.abs(data[i + 1] - g) <= kTolerance &&
        Math.abs(data[i + 2] - b) <= kTolerance) {
      ++counts[chart];
    }
  }
}

let ok = true;
for (const chart of kCharts) {
  const hex = '#' + colours[chart].map((v) => v.toString(16).padStart(2, '0')).join('');
  const pass = counts[chart] >= kMinPixels;
  ok &&= pass;
  console.log(`${pass ? 'ok  ' : 'FAIL'} ${chart}: ${counts[chart]} pixels of ${hex} (at least ${kMinPixels})`);
}
// The whole page is in the picture: its last row is uniform (the body's background below the page).
const last = (height - 1) * width * 4;
let uniform = true;
for (let x = 1; x < width; ++x) {
  for (let c = 0; c < 3; ++c) uniform &&= data[last + 4 * x + c] === data[last + c];
}
console.log(`${uniform ? 'ok  ' : 'FAIL'} page: ${width} x ${height}, last row ${uniform ? 'uniform' : 'cut through the page'}`);
process.exit(ok && uniform ? 0 : 1);
