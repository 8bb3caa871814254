package io.fisherselect.job.report;

import java.util.List;
import java.util.Map;

/**
 * A self-contained {@code report.html}: one page with inline CSS and inline SVG charts from
 * {@link SvgCharts}; no scripts, no network, readable without any other file.
 */
public final class HtmlReport {
    private final String title;
    private final StringBuilder body = new StringBuilder();

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(escape(text)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A two-column table of facts. */
    public HtmlReport facts(Map<String, ?> facts) {
        body.append("<table class=\"facts\">\n");
        for (Map.Entry<String, ?> e : facts.entrySet()) {
            body.append("<tr><th>").append(escape(e.getKey())).append("</th><td>")
                    .append(escape(String.valueOf(e.getValue()))).append("</td></tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<tr>");
        for (String h : header) {
            body.append("<th>").append(escape(h)).append("</th>");
        }
        body.append("</tr>\n");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String cell : row) {
                body.append("<td>").append(escape(cell)).append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</table>\n");
        return this;
    }

    /** An SVG chart from {@link SvgCharts} with a caption under it. */
    public HtmlReport figure(String svg, String caption) {
        body.append("<figure>\n").append(svg);
        if (caption != null && !caption.isEmpty()) {
            body.append("<figcaption>").append(escape(caption)).append("</figcaption>\n");
        }
        body.append("</figure>\n");
        return this;
    }

    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
                + "</title>\n<style>\n"
                + "body{font-family:sans-serif;margin:24px auto;padding:0 16px;max-width:1000px;color:#222;background:#fff}\n"
                + "h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}\n"
                + "table{border-collapse:collapse;margin:8px 0;font-size:13px}\n"
                + "th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}th{background:#f3f3f3}\n"
                + "table.facts th{width:180px}figure{margin:12px 0}figcaption{font-size:12px;color:#555;"
                + "max-width:760px}\n</style>\n</head>\n<body>\n<h1>" + escape(title) + "</h1>\n" + body
                + "<p style=\"font-size:11px;color:#888\">FisherSelect report; self-contained (inline SVG, no"
                + " scripts).</p>\n</body>\n</html>\n";
    }

    /** HTML/XML text escaping. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
