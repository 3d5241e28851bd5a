/**
 * The lab's words: a symbol's definition shows on keyboard focus and on hover, inside the
 * screen, and Escape hides it; the glossary at the foot of the page lists every entry; the
 * backend note reads as information and is not projected.
 */
import { expect, it } from 'vitest';
import { e2eSuite } from './harness.ts';
import { GLOSSARY, GLOSSARY_KEYS } from '../../src/ui/glossary-terms.ts';

e2eSuite('glossary and definitions', { webgpu: false }, (app) => {
  it("the engine's method is defined on focus and hover; Escape hides it", async () => {
    const page = await app.open('#view=gaussian&networks=500', { width: 1280, height: 800 });
    await page.waitForFunction(() => (window.__widelabTimings?.runs ?? 0) >= 1, null, { timeout: 60_000 });
    const term = page.getByTestId('engine').locator('widelab-term');
    const word = term.locator('.word');
    const tip = term.getByRole('tooltip');
    await expect.poll(() => tip.isVisible()).toBe(false);
    await word.focus();
    await expect.poll(() => tip.isVisible()).toBe(true);
    // ReLU without bias at one input: the exact engine takes its O(L) shortcut.
    expect(await tip.textContent()).toContain(GLOSSARY.shortcut.definition);
    // The description reaches assistive technology: the word is described by the definition.
    expect(await word.getAttribute('aria-describedby')).toBe('def');
    const box = (await tip.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    await page.keyboard.press('Escape');
    await expect.poll(() => tip.isVisible()).toBe(false);
    await word.blur();
    await word.hover();
    await expect.poll(() => tip.isVisible()).toBe(true);
    await page.mouse.move(5, 795);
    await expect.poll(() => tip.isVisible()).toBe(false);
    await page.close();
  });

  it('the glossary lists every entry, closed until opened', async () => {
    const page = await app.open('#view=depth&networks=200&depth=5');
    const glossary = page.locator('widelab-glossary');
    const list = glossary.locator('dl');
    expect(await list.isVisible()).toBe(false);
    await glossary.getByText(/^Glossary/).click();
    await expect.poll(() => list.isVisible()).toBe(true);
    expect(await list.locator('dt').count()).toBe(GLOSSARY_KEYS.length);
    const dds = await list.locator('dd').allTextContents();
    GLOSSARY_KEYS.forEach((k, i) => expect(dds[i]).toContain(GLOSSARY[k].definition));
    await page.close();
  });

  it('where the numbers are computed is information, not a warning, and stays off the projector', async () => {
    const page = await app.open('#view=gaussian&networks=500');
    const note = page.getByTestId('backend-note');
    await note.waitFor();
    expect(await note.getAttribute('class')).toContain('info');
    // The accent's blue, not the warnings' vermillion.
    const border = await note.evaluate((e) => getComputedStyle(e).borderLeftColor);
    expect(border).toBe('rgb(0, 114, 178)');
    await page.getByRole('button', { name: 'Presentation mode' }).click();
    await expect.poll(() => note.isVisible()).toBe(false);
    await page.close();
  });
});
