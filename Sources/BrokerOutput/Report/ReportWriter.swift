import BrokerCase
import Foundation

/// Writes a `CaseReport` as Markdown and as one self-contained HTML page (inline CSS, inline SVG, no
/// script, no request to any network resource), both from the same `ReportDocument`.
public enum ReportWriter {
    /// The Markdown report; pictures are linked by file name.
    public static func markdown(_ r: CaseReport) -> String {
        markdown(ReportDocument(r, overviewSVG: nil, ringSVG: nil))
    }

    /// The whole page. `overviewSVG` and `ringSVG` are Graphviz SVG documents (see `inlineSVG`).
    public static func html(_ r: CaseReport, overviewSVG: String, ringSVG: String?) -> String {
        html(ReportDocument(r, overviewSVG: overviewSVG, ringSVG: ringSVG))
    }

    // MARK: Markdown

    static func markdown(_ document: ReportDocument) -> String {
        let e = Escape.markdown
        var md = "# \(e(document.title))\n"
        for section in document.sections {
            md += "\n## \(e(section.title))\n\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text), .pending(let text): md += e(text) + "\n\n"
                case .notice(let text): md += "**\(e(text))**\n\n"
                case .table(let header, let rows):
                    md += "| " + header.map(e).joined(separator: " | ") + " |\n|" + header.map { _ in " --- |" }.joined() + "\n"
                    for row in rows {
                        md += "| " + row.map { cell in
                            let text = e(cell.lines.joined(separator: "; "))
                            return cell.code ? "`\(cell.lines.joined(separator: "; ").filter { $0 != "`" })`" : text
                        }.joined(separator: " | ") + " |\n"
                    }
                    md += "\n"
                case .list(let ordered, let items):
                    for (i, item) in items.enumerated() {
                        md += (ordered ? "\(i + 1). " : "- ") + item.map(e).joined(separator: ": ") + "\n"
                    }
                    md += "\n"
                case .picture(let title, let file, _):
                    md += "![\(e(title))](\(file.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? file))\n\n"
                }
            }
        }
        return md
    }

    // MARK: HTML

    static let css = """
        body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC",sans-serif;margin:2em auto;max-width:1200px;color:#212121;padding:0 1em}
        h1{font-size:1.6em;border-bottom:2px solid #b71c1c;padding-bottom:.3em}
        h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
        table{border-collapse:collapse;margin:.5em 0;font-size:.9em}
        th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
        th{background:#f5f5f5}
        td.n{text-align:right;font-variant-numeric:tabular-nums}
        .picture{width:100%;height:auto;border:1px solid #eee}
        .notice{background:#fff3e0;border-left:4px solid #e65100;padding:.5em 1em}
        .pending{color:#757575;font-style:italic}
        code{font-size:.85em;word-break:break-all}
        ol li{margin:.3em 0}
        @media print{body{max-width:none;margin:0}h2{page-break-after:avoid}.picture{page-break-inside:avoid}}
        """

    static func html(_ document: ReportDocument) -> String {
        let e = Escape.html
        var h = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(e(document.title))</title>
            <style>\(css)</style>
            </head><body>
            <h1>\(e(document.title))</h1>

            """
        for section in document.sections {
            h += "<section id=\"\(e(section.id))\"><h2>\(e(section.title))</h2>\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): h += "<p>\(e(text))</p>\n"
                case .notice(let text): h += "<p class=\"notice\">\(e(text))</p>\n"
                case .pending(let text): h += "<p class=\"pending\">\(e(text))</p>\n"
                case .table(let header, let rows):
                    h += "<table><thead><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead><tbody>\n"
                    for row in rows {
                        h += "<tr>" + row.map { cell in
                            var text = cell.lines.map(e).joined(separator: "<br>")
                            if cell.code { text = "<code>\(text)</code>" }
                            return cell.numeric ? "<td class=\"n\">\(text)</td>" : "<td>\(text)</td>"
                        }.joined() + "</tr>\n"
                    }
                    h += "</tbody></table>\n"
                case .list(let ordered, let items):
                    h += ordered ? "<ol>\n" : "<ul>\n"
                    for item in items {
                        let rest = item.dropFirst().map { "<br><small>\(e($0))</small>" }.joined()
                        h += "<li>\(e(item.first ?? ""))\(rest)</li>\n"
                    }
                    h += ordered ? "</ol>\n" : "</ul>\n"
                case .picture(_, _, let svg):
                    if let svg { h += inlineSVG(svg) + "\n" }
                }
            }
            h += "</section>\n"
        }
        h += "<footer><p><small>Written by brokergraph report. Self-contained: no scripts, no external resources.</small></p></footer>\n</body></html>\n"
        return h
    }

    /// A Graphviz SVG document made ready to sit inside HTML: the XML prolog, doctype and comments
    /// dropped, the fixed size replaced by a width that follows the page.
    public static func inlineSVG(_ svg: String) -> String {
        guard let start = svg.range(of: "<svg") else { return "" }
        // Graphviz writes comments with node names; names are our ids, but drop them anyway (one
        // pass over the bytes: Graphviz writes `-` inside a comment as `&#45;`, so no comment
        // ends early or appears where another was cut out).
        let bytes = Array(svg[start.lowerBound...].utf8)
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<"), bytes[i...].starts(with: "<!--".utf8),
               let close = firstIndex(of: Array("-->".utf8), in: bytes, from: i + 4) {
                i = close + 3
                continue
            }
            kept.append(bytes[i])
            i += 1
        }
        var body = String(decoding: kept, as: UTF8.self)
        if let tagEnd = body.firstIndex(of: ">") {
            var tag = String(body[..<tagEnd])
            for attribute in ["width", "height"] {
                if let r = tag.range(of: " \(attribute)=\"[^\"]*\"", options: .regularExpression) { tag.removeSubrange(r) }
            }
            body = tag + " class=\"picture\" role=\"img\"" + body[tagEnd...]
        }
        return body
    }

    /// Where `pattern` first occurs in `bytes` at or after `from`.
    private static func firstIndex(of pattern: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        var i = from
        while i + pattern.count <= bytes.count {
            if bytes[i] == pattern[0] && bytes[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
            i += 1
        }
        return nil
    }
}
