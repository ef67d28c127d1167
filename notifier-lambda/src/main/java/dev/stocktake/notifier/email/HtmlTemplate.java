package dev.stocktake.notifier.email;

import java.io.StringWriter;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;

/**
 * An email's HTML: a mustache template from the classpath, filled from a view (records). The engine HTML-escapes
 * every {@code {{value}}}, so text from the data (account and user names, owners) cannot add markup; the module
 * has no other HTML escape. Compiled once, thread-safe.
 */
public final class HtmlTemplate {

    private static final MustacheFactory FACTORY = new DefaultMustacheFactory();

    private final Mustache mustache;

    private HtmlTemplate(Mustache mustache) {
        this.mustache = mustache;
    }

    /** @param resource the template's classpath resource; its partials ({@code {{> name}}}) sit next to it */
    public static HtmlTemplate load(String resource) {
        return new HtmlTemplate(FACTORY.compile(resource));
    }

    public String render(Object view) {
        StringWriter html = new StringWriter(16_384);
        mustache.execute(html, view);
        return html.toString();
    }
}
