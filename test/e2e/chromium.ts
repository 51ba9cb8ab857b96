import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from '../../scripts/setup.mjs';

/**
 * Chromium's headless mode builds every page's window with its address bar, and the bar's
 * drop-down as two hidden web pages (chrome://omnibox-popup.top-chrome/). Nobody types in it
 * here. Measured on 2026-12-03: in alerts.e2e, Chromium took 39 CPU-seconds with them and 29
 * without; three e2e files together (alerts, emergency, phone-first), two pairs, 147 and 134
 * CPU-seconds with them, 135 and 131 without, and 126 and 115 s of wall time against 107 and 101.
 */
export const UNUSED_FEATURES = ['WebUIOmniboxPopup', 'WebUIOmniboxFullPopup', 'WebUIOmniboxAimPopup'];

/**
 * What Playwright passes in its own --disable-features (the last two are Edge's). Chromium
 * keeps only the last --disable-features it is given, so ours repeats these;
 * chromium.e2e.test.ts fails if Playwright's list grows.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/** Debian's Chromium, headless; the background-networking flags keep it off the closed network. */
export const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

/** What the e2e tests launch: those, and Playwright's features and ours turned off. */
export const CHROMIUM_ARGS = [...BROWSER_ARGS, `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...UNUSED_FEATURES].join(',')}`];

export function launchChromium(args = CHROMIUM_ARGS): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args });
}
