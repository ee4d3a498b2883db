package io.rootaccess.sandbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A minimal XML writer for Query and S3 responses. */
final class Xml {
    private final StringBuilder b = new StringBuilder(512);

    Xml() {
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }

    Xml open(String name) {
        b.append('<').append(name).append('>');
        return this;
    }

    Xml open(String name, String xmlns) {
        b.append('<').append(name).append(" xmlns=\"").append(xmlns).append("\">");
        return this;
    }

    Xml close(String name) {
        b.append("</").append(name).append('>');
        return this;
    }

    /** An element with text; skipped when the value is null. */
    Xml el(String name, Object value) {
        if (value == null) {
            return this;
        }
        b.append('<').append(name).append('>');
        escape(value instanceof Instant i ? iso(i) : String.valueOf(value));
        b.append("</").append(name).append('>');
        return this;
    }

    static String iso(Instant i) {
        return i.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
