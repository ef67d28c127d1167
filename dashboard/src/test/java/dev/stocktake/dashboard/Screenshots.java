package dev.stocktake.dashboard;

import java.nio.file.Path;

import dev.stocktake.support.testing.HeadlessChromium;

/**
 * Takes the docs' screenshots with the headless Chromium the browser tests use: the whole page of an HTML file at a
 * window width. Run from the dashboard module's test class path (see dashboard/README.md, "Screenshots"):
 * {@code Screenshots <page.html> <out.png> <width>}.
 */
public final class Screenshots {

    private Screenshots() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Screenshots <page.html> <out.png> <width in CSS pixels>");
            System.exit(2);
        }
        Path page = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]).toAbsolutePath();
        int width = Integer.parseInt(args[2]);
        try (HeadlessChromium browser = HeadlessChromium.start(width, 900)) {
            // the dashboard says when its script has drawn everything; an email has no script
            browser.open(page, "document.readyState === 'complete' && (document.getElementById('stocktake-data') === null"
                    + " || document.body.dataset.rendered === 'true')");
            HeadlessChromium.PageWidth pageWidth = browser.pageWidth(300);
            if (pageWidth.overflows()) {
                throw new IllegalStateException(page + " is " + pageWidth.scrollWidth() + " px wide in a " + width
                        + " px window: fix the page before taking its screenshot");
            }
            browser.screenshot(out);
        }
        System.out.println("Wrote " + out);
    }
}
