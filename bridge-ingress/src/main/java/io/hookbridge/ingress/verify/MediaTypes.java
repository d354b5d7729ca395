package io.hookbridge.ingress.verify;

/** What a Content-Type says, read without regular expressions or allocation beyond a substring. */
public final class MediaTypes {

    private MediaTypes() {
    }

    /** {@code application/json}, or any {@code +json} type, with or without parameters. */
    public static boolean isJson(String contentType) {
        String type = essence(contentType);
        return type.equalsIgnoreCase("application/json") || endsWithIgnoreCase(type, "+json");
    }

    public static boolean isForm(String contentType) {
        return essence(contentType).equalsIgnoreCase("application/x-www-form-urlencoded");
    }

    /** The type/subtype without parameters, trimmed; empty when there is no Content-Type. */
    static String essence(String contentType) {
        if (contentType == null) return "";
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
    }

    private static boolean endsWithIgnoreCase(String s, String suffix) {
        return s.regionMatches(true, s.length() - suffix.length(), suffix, 0, suffix.length());
    }
}
