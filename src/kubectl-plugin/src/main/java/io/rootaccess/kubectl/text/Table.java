package io.rootaccess.kubectl.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Columns aligned the way kubectl prints them: upper-case headers, two spaces between columns. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;
    private final boolean namespaced;

    public Table(String... headers) {
        this(false, headers);
    }

    private Table(boolean namespaced, String... headers) {
        this.namespaced = namespaced;
        String[] all = headers;
        if (namespaced) {
            all = new String[headers.length + 1];
            all[0] = "NAMESPACE";
            System.arraycopy(headers, 0, all, 1, headers.length);
        }
        this.columns = all.length;
        rows.add(all);
    }

    /** A table with a leading NAMESPACE column when the view spans all namespaces (-A). */
    public static Table inScope(boolean allNamespaces, String... headers) {
        return new Table(allNamespaces, headers);
    }

    /**
     * A row of a table made by {@link #inScope}: the namespace is shown only when it has the
     * column.
     */
    public Table rowIn(String namespace, Object... cells) {
        if (!namespaced) {
            return row(cells);
        }
        Object[] all = new Object[cells.length + 1];
        all[0] = namespace;
        System.arraycopy(cells, 0, all, 1, cells.length);
        return row(all);
    }

    public Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException(
                    "expected " + columns + " cells, got " + Arrays.toString(cells));
        }
        String[] text = new String[columns];
        for (int i = 0; i < columns; i++) {
            text[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(text);
        return this;
    }

    public boolean empty() {
        return rows.size() == 1;
    }

    /** The table, each line prefixed with indent and ending with a newline. */
    public String render(String indent) {
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
