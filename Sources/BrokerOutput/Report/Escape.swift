import BrokerCase
import Foundation

/// Escaping for the text formats the report and the exports write. Every string that comes from an
/// input file passes through one of these before it is written.
package enum Escape {
    /// Text for HTML element content and quoted attribute values: `& < > " '` as entities.
    package static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text for XML content and attributes: as HTML, and characters XML 1.0 forbids dropped
    /// (control characters other than tab, line feed and carriage return; lone surrogates cannot occur
    /// in a Swift string). Line breaks inside attributes are kept as `&#10;` so readers keep them.
    package static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&apos;"
            case 0x0A: out += "&#10;"
            case 0x0D: out += "&#13;"
            case 0x09: out += "&#9;"
            case 0..<0x20, 0xFFFE, 0xFFFF: continue
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text for a Markdown table cell or paragraph: Markdown punctuation backslash-escaped, HTML
    /// characters as entities (Markdown passes raw HTML through), line breaks as spaces.
    package static func markdown(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            switch c {
            case "\\", "`", "*", "_", "[", "]", "|", "#", "~", "!", "{", "}", "(", ")": out += "\\"; out.unicodeScalars.append(c)
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
