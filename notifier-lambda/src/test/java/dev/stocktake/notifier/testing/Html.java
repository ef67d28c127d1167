package dev.stocktake.notifier.testing;

/** What a reader sees of an HTML document: tags dropped, entities decoded, white space collapsed. */
public final class Html {

    private Html() {
    }

    public static String visibleText(String html) {
        return html.replaceAll("(?s)<title>.*?</title>", " ")
                .replaceAll("(?s)<!--.*?-->", " ")
                .replaceAll("(?i)</?(td|th|tr|table|div|p|h[1-6]|br|li|ul|body|html|head)\\b[^>]*>", " ")
                .replaceAll("<[^>]+>", "")
                .replace("&nbsp;", " ")
                .replace("&mdash;", "\u2014")
                .replace("&middot;", "\u00b7")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#61;", "=").replace("&#96;", "`")
                .replace("&amp;", "&")
                .replaceAll("\\s+", " ")
                .strip();
    }
}
