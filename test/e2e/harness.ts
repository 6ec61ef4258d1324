// The e2e harness: build and serve the web UI on 127.0.0.1 (a random port), launch Debian's Chromium with WebGPU on
// SwiftShader through playwright-core, save screenshots, and measure the longest gap between animation frames.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));
export const screenshotDir = process.env.SCREENSHOT_DIR ?? join(repo, 'test/e2e/screenshots');

export interface WebServer {
  url: string;
  stop(): void;
}

/** Runs `node scripts/web.mjs --port 0` (build + preview) and resolves with the URL it prints. */
function startWebServer(timeoutMs = 120_000): Promise<WebServer> {
  const child: ChildProcess = spawn(process.execPath, ['scripts/web.mjs', '--port', '0'], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`web server did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, stop: () => child.kill() });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web server exited with ${code}:\n${output}`));
    });
  });
}

/** `gpu: false` leaves WebGPU off: navigator.gpu exists but finds no adapter, so the workbench falls back. */
function launchChromium(gpu = true): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      ...(gpu ? ['--enable-unsafe-webgpu', '--use-webgpu-adapter=swiftshader'] : ['--disable-gpu']),
      '--no-sandbox',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function saveScreenshot(target: Page | Locator, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await target.screenshot({ path });
  return path;
}

/** The whole page, scrolled content included: shows what a narrow or short window pushes out of view. */
export async function savePageScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface FrameGaps {
  /** Longest gap between requestAnimationFrame callbacks. */
  longestFrameGapMs: number;
  frames: number;
  /** Longest main-thread task (Long Tasks API; 0 when none passed 50 ms): what the page itself blocked. */
  longestTaskMs: number;
}

/**
 * Frame gaps over `durationMs`. A long frame gap with no long task means the page was waiting on the browser
 * (on SwiftShader the GPU process shares the CPU with the training worker), not blocking the main thread itself.
 */
export function measureFrameGaps(page: Page, durationMs: number): Promise<FrameGaps> {
  return page.evaluate(
    (duration) =>
      new Promise<FrameGaps>((resolve) => {
        let longestTaskMs = 0;
        const observer = new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, entry.duration);
        });
        observer.observe({ type: 'longtask', buffered: false });
        let last = performance.now();
        const end = last + duration;
        let longestFrameGapMs = 0;
        let frames = 0;
        const tick = (now: number) => {
          longestFrameGapMs = Math.max(longestFrameGapMs, now - last);
          last = now;
          frames++;
          if (now < end) requestAnimationFrame(tick);
          else {
            observer.disconnect();
            resolve({ longestFrameGapMs, frames, longestTaskMs });
          }
        };
        requestAnimationFrame(tick);
      }),
    durationMs,
  );
}

/** A served UI, a browser and one page: what every e2e file opens in beforeAll and closes in afterAll. */
export interface Session {
  server: WebServer;
  browser: Browser;
  page: Page;
}

type PageOptions = Parameters<Browser['newPage']>[0];

async function openSession(options: PageOptions, gpu: boolean): Promise<Session> {
  const server = await startWebServer();
  const browser = await launchChromium(gpu);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, ...options });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  // The page's and its workers' console errors: a worker that fails says why here.
  page.on('console', (m) => {
    if (m.type() === 'error') console.error('console error:', m.text());
  });
  return { server, browser, page };
}

/** Opens the session before a file's tests and closes it after; the returned object is filled in by then. */
export function useSession(options: PageOptions = {}, gpu = true): Session {
  const session = {} as Session;
  beforeAll(async () => {
    Object.assign(session, await openSession(options, gpu));
  });
  afterAll(async () => {
    await session.browser?.close();
    session.server?.stop();
  });
  return session;
}
