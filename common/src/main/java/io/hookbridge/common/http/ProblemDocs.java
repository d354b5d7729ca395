package io.hookbridge.common.http;

import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text behind each problem's {@code type} URI: the rows of docs/errors.md's table (packed into the jar
 * at build time), served as Markdown at {@code GET /problems/{slug}} by both roles.
 */
public final class ProblemDocs {

    static final String RESOURCE = "/hookbridge/errors.md";
    private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `([a-z-]+)` \\| (.+) \\|$");

    private final Map<String, String> bySlug;

    private ProblemDocs(Map<String, String> bySlug) {
        this.bySlug = bySlug;
    }

    /** Reads the docs packed into the jar. */
    public static ProblemDocs load() {
        try (InputStream in = ProblemDocs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is not on the classpath");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One Markdown section per documented slug; a slug in several rows (one per role) gets all of them. */
    static ProblemDocs parse(String markdown) {
        Map<String, String> bySlug = new LinkedHashMap<>();
        for (String line : markdown.split("\n")) {
            Matcher row = ROW.matcher(line.strip());
            if (!row.matches()) continue;
            bySlug.merge(row.group(2), "- " + row.group(1) + ": " + row.group(3) + "\n", String::concat);
        }
        return new ProblemDocs(bySlug);
    }

    Map<String, String> bySlug() {
        return bySlug;
    }

    /** The Markdown for one problem type, or null when undocumented. */
    public String text(ProblemType type) {
        String rows = bySlug.get(type.slug());
        return rows == null ? null : "# " + type.title() + " (`" + type.slug() + "`)\n\n" + rows;
    }

    /** {@code GET /problems/{slug}}: the docs of that problem type, else a not-found problem. */
    public void mount(Router router) {
        router.get(ProblemType.PATH + ":slug").handler(ctx -> {
            String slug = ctx.pathParam("slug");
            for (ProblemType type : ProblemType.values()) {
                String text = type.slug().equals(slug) ? text(type) : null;
                if (text != null) {
                    ctx.response().putHeader("content-type", "text/markdown; charset=utf-8").end(text);
                    return;
                }
            }
            ProblemType.NOT_FOUND.with("no problem type '" + slug + "'").send(ctx);
        });
    }
}
