package org.sanphalang.reports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** A table with headers, written as CSV or XLSX. */
record ReportTable(String sheetName, List<String> headers, List<List<Object>> rows) {

    /** UTF-8 with a BOM so Excel opens Thai text correctly; cells that Excel would run as formulas are defused. */
    byte[] csv() {
        StringBuilder out = new StringBuilder("\uFEFF");
        appendLine(out, headers.stream().map(h -> (Object) h).toList());
        rows.forEach(row -> appendLine(out, row));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] xlsx() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Workbook workbook = new Workbook(bytes, "Sanphalang", "1.0")) {
            Worksheet sheet = workbook.newWorksheet(sheetName);
            for (int c = 0; c < headers.size(); c++) {
                sheet.value(0, c, headers.get(c));
                sheet.style(0, c).bold().set();
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Object> row = rows.get(r);
                for (int c = 0; c < row.size(); c++) {
                    Object v = row.get(c);
                    if (v instanceof BigDecimal d) {
                        sheet.value(r + 1, c, d);
                    } else if (v instanceof Number n) {
                        sheet.value(r + 1, c, n);
                    } else if (v != null) {
                        sheet.value(r + 1, c, v.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void appendLine(StringBuilder out, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(csvCell(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String csvCell(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        if (!(value instanceof Number) && !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
