package mprogsim.reports;

/** Escaping shared by the XML and HTML writers. */
final class Markup {
    private Markup() {
    }

    /** Text content: safe inside any element of XML or HTML. */
    static String text(String s) {
        return escape(s, false);
    }

    /** A double- or single-quoted attribute value. */
    static String attribute(String s) {
        return escape(s, true);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                // '>' only matters in "]]>", but escaping it everywhere is simpler to reason about.
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                // An XML parser turns raw tabs and newlines in attributes into spaces; references survive.
                case '\t', '\n', '\r' -> {
                    if (attribute) {
                        sb.append("&#").append(c).append(';');
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
                default -> sb.appendCodePoint(allowed(c) ? c : 0xFFFD);
            }
        }
        return sb.toString();
    }

    /**
     * The characters XML 1.0 allows (HTML forbids the same controls). Others, and lone surrogates, cannot be
     * written at all, not even as references, so they become U+FFFD rather than making the file unreadable.
     */
    private static boolean allowed(int c) {
        return c == 0x9 || c == 0xA || c == 0xD
                || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD)
                || (c >= 0x10000 && c <= 0x10FFFF);
    }
}
