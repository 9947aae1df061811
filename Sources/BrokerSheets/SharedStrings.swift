/// Reads `xl/sharedStrings.xml`: each `<si>` is a plain `<t>` or rich-text runs `<r><t>`, joined;
/// phonetic guides (`<rPh>`) are left out, as Excel shows them apart.
/// - Complexity: memory proportional to the unique strings; their total is capped, each string
///   counting 16 bytes more than its text (so that millions of empty `<si/>` are capped too).
enum SharedStrings {
    static func read(_ scanner: inout XMLScanner, maxTotalBytes: Int) throws(XMLError) -> [String] {
        var strings: [String] = []
        var current: [UInt8] = []
        var inItem = false, inText = false
        var phoneticDepth = 0
        var total = 0
        while true {
            switch try scanner.next() {
            case .endOfDocument:
                return strings
            case .start:
                if scanner.nameIs("sst"), let unique = scanner.intAttribute("uniqueCount") {
                    strings.reserveCapacity(min(unique, 1 << 20))
                } else if scanner.nameIs("si") {
                    if scanner.isEmptyElement {
                        total += 16
                        guard total <= maxTotalBytes else { throw XMLError("shared strings larger than \(maxTotalBytes) bytes in all") }
                        strings.append("")
                    } else {
                        inItem = true
                        current.removeAll(keepingCapacity: true)
                    }
                } else if scanner.nameIs("rPh") {
                    if !scanner.isEmptyElement { phoneticDepth += 1 }
                } else if scanner.nameIs("t") {
                    inText = inItem && phoneticDepth == 0 && !scanner.isEmptyElement
                }
            case .end:
                if scanner.nameIs("t") {
                    inText = false
                } else if scanner.nameIs("rPh") {
                    phoneticDepth = max(0, phoneticDepth - 1)
                } else if scanner.nameIs("si") {
                    inItem = false
                    total += current.count + 16
                    guard total <= maxTotalBytes else { throw XMLError("shared strings larger than \(maxTotalBytes) bytes in all") }
                    strings.append(String(decoding: current, as: UTF8.self))
                }
            case .text:
                if inText { try scanner.appendText(to: &current) }
            }
        }
    }
}
