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
 * The text behind each problem's {@code type} URI: the rows of docs/errors.md's table (packed into the jar at
 * build time), served as Markdown at {@code GET /problems/{slug}} by both roles.
 */
public final class ProblemDocs {

    private static final Pattern ROW = Pattern.compile("^\\| (\\d{3}) \\| `([a-z-]+)` \\| (.+) \\|$");

    /** Slug to its rows as a Markdown list; a slug in several rows (one per role) gets all of them. */
    final Map<String, String> bySlug = new LinkedHashMap<>();

    /** Reads the docs packed into the jar. */
    public static ProblemDocs load() {
        try (InputStream in = ProblemDocs.class.getResourceAsStream("/hookbridge/errors.md")) {
            if (in == null) throw new IllegalStateException("docs/errors.md is not on the classpath");
            ProblemDocs docs = new ProblemDocs();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                Matcher row = ROW.matcher(line.strip());
                if (row.matches()) docs.bySlug.merge(row.group(2), "- " + row.group(1) + ": " + row.group(3) + "\n", String::concat);
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET /problems/{slug}}: the docs of that problem type, else a not-found problem. */
    public void mount(Router router) {
        router.get(ProblemType.PATH + ":slug").handler(ctx -> {
            String slug = ctx.pathParam("slug");
            String rows = bySlug.get(slug);
            if (rows == null) {
                ProblemType.NOT_FOUND.with("no problem type '" + slug + "'").send(ctx);
            } else {
                ctx.response().putHeader("content-type", "text/markdown; charset=utf-8").end("# `" + slug + "`\n\n" + rows);
            }
        });
    }
}
