/// A small pull scanner for the XML that spreadsheet writers produce: start and end tags with
/// their attributes, and text. No DOM and no validation; names are compared by local name (any
/// `x:` prefix dropped). Comments and processing instructions are skipped, CDATA is text.
/// A document type declaration (`<!DOCTYPE`, and with it `<!ENTITY`) is refused: entity
/// expansion attacks ("billion laughs") need one.
///
/// Memory: the current chunk plus the longest tag or text (both capped).
struct XMLScanner {
    enum Event: Equatable { case start, end, text, endOfDocument }

    /// Longest tag accepted, in bytes.
    static let maxTagBytes = 1 << 20
    /// Longest text accepted, in bytes of UTF-8 after entities: well above Excel's cell limit of
    /// 32,767 characters, far below anything that could exhaust memory.
    static let maxTextBytes = 256 << 10

    private let source: ChunkReader
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false

    /// The current tag's local name (start and end events).
    private(set) var nameStart = 0, nameEnd = 0
    /// True for a start tag written `<name/>` (no end event follows).
    private(set) var isEmptyElement = false
    /// The current tag's attributes: (local name start, end, value start, end) in `buffer`.
    private var attributes: [(Int, Int, Int, Int)] = []
    /// The current text, raw (entities not yet decoded).
    private(set) var rawText: [UInt8] = []
    private var textHasEntity = false

    init(_ source: ChunkReader) {
        self.source = source
        attributes.reserveCapacity(8)
        rawText.reserveCapacity(256)
    }

    // MARK: - Reading

    /// The next event.
    mutating func next() throws(XMLError) -> Event {
        while true {
            if position == buffer.count, !(try refill()) { return .endOfDocument }
            if buffer[position] == UInt8(ascii: "<") {
                if let event = try tag() { return event }
            } else if try text() {
                return .text
            }
        }
    }

    /// Reads text up to the next `<`.
    private mutating func text() throws(XMLError) -> Bool {
        rawText.removeAll(keepingCapacity: true)
        textHasEntity = false
        while true {
            var i = position
            let end = buffer.count
            while i < end {
                let byte = buffer[i]
                if byte == UInt8(ascii: "<") { break }
                if byte == UInt8(ascii: "&") { textHasEntity = true }
                i += 1
            }
            rawText.append(contentsOf: buffer[position..<i])
            position = i
            guard rawText.count <= Self.maxTextBytes else { throw XMLError("text longer than \(Self.maxTextBytes) bytes") }
            if i < end { break }
            if !(try refill()) { break }
        }
        return true
    }

    /// Reads a tag at `<`; nil for what is skipped (comments, declarations, processing instructions).
    private mutating func tag() throws(XMLError) -> Event? {
        try need(2)
        guard position + 1 < buffer.count else { throw XMLError("document ends inside a tag") }
        switch buffer[position + 1] {
        case UInt8(ascii: "?"):
            try skip(past: Array("?>".utf8))
            return nil
        case UInt8(ascii: "!"):
            try need(9)
            if hasPrefix("<!--") { try skip(past: Array("-->".utf8)); return nil }
            if hasPrefix("<![CDATA[") { try cdata(); return .text }
            throw XMLError("document type or entity declarations are not allowed (<!DOCTYPE, <!ENTITY)")
        case UInt8(ascii: "/"):
            let close = try tagEnd()
            var i = position + 2
            nameStart = i
            while i < close, !isSpace(buffer[i]) {
                if buffer[i] == UInt8(ascii: ":") { nameStart = i + 1 }
                i += 1
            }
            nameEnd = i
            position = close + 1
            return .end
        default:
            let close = try tagEnd()
            try parseStartTag(close)
            position = close + 1
            return .start
        }
    }

    /// Parses `<name attr="value" ...>` ending at `close` (the `>`).
    private mutating func parseStartTag(_ close: Int) throws(XMLError) {
        attributes.removeAll(keepingCapacity: true)
        var end = close
        isEmptyElement = buffer[close - 1] == UInt8(ascii: "/")
        if isEmptyElement { end -= 1 }
        var i = position + 1
        nameStart = i
        while i < end, !isSpace(buffer[i]) {
            if buffer[i] == UInt8(ascii: ":") { nameStart = i + 1 }
            i += 1
        }
        nameEnd = i
        while true {
            while i < end, isSpace(buffer[i]) { i += 1 }
            if i >= end { return }
            var localStart = i
            while i < end, buffer[i] != UInt8(ascii: "="), !isSpace(buffer[i]) {
                if buffer[i] == UInt8(ascii: ":") { localStart = i + 1 }
                i += 1
            }
            let localEnd = i
            while i < end, isSpace(buffer[i]) { i += 1 }
            guard i < end, buffer[i] == UInt8(ascii: "=") else { throw XMLError("malformed attribute") }
            i += 1
            while i < end, isSpace(buffer[i]) { i += 1 }
            guard i < end, buffer[i] == UInt8(ascii: "\"") || buffer[i] == UInt8(ascii: "'") else { throw XMLError("malformed attribute") }
            let quote = buffer[i]
            let valueStart = i + 1
            i = valueStart
            while i < end, buffer[i] != quote { i += 1 }
            guard i < end else { throw XMLError("malformed attribute") }
            attributes.append((localStart, localEnd, valueStart, i))
            i += 1
        }
    }

    /// The index of the `>` closing the tag at `position` (quotes respected), reading more as needed.
    private mutating func tagEnd() throws(XMLError) -> Int {
        var i = position + 1
        var quote: UInt8 = 0
        while true {
            let end = buffer.count
            while i < end {
                let byte = buffer[i]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: ">") {
                    return i
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "<") {
                    throw XMLError("malformed tag")
                }
                i += 1
            }
            guard i - position <= Self.maxTagBytes else { throw XMLError("tag longer than \(Self.maxTagBytes) bytes") }
            let offset = i - position
            guard try refill() else { throw XMLError("document ends inside a tag") }
            i = position + offset
        }
    }

    private mutating func cdata() throws(XMLError) {
        position += 9
        rawText.removeAll(keepingCapacity: true)
        textHasEntity = false
        let terminator = Array("]]>".utf8)
        while true {
            if let found = find(terminator) {
                rawText.append(contentsOf: buffer[position..<found])
                position = found + 3
                break
            }
            let keep = max(position, buffer.count - 2)
            rawText.append(contentsOf: buffer[position..<keep])
            position = keep
            guard rawText.count <= Self.maxTextBytes else { throw XMLError("text longer than \(Self.maxTextBytes) bytes") }
            guard try refill() else { throw XMLError("document ends inside CDATA") }
        }
        // CDATA is literal: escape `&` so that decoding gives it back unchanged.
        if rawText.contains(UInt8(ascii: "&")) {
            var escaped: [UInt8] = []
            for byte in rawText { if byte == UInt8(ascii: "&") { escaped += Array("&amp;".utf8) } else { escaped.append(byte) } }
            rawText = escaped
            textHasEntity = true
        }
    }

    private mutating func skip(past terminator: [UInt8]) throws(XMLError) {
        var skipped = 0
        while true {
            if let found = find(terminator) { position = found + terminator.count; return }
            let keep = max(position, buffer.count - terminator.count + 1)
            skipped += keep - position
            position = keep
            guard skipped <= Self.maxTagBytes else { throw XMLError("comment or instruction longer than \(Self.maxTagBytes) bytes") }
            guard try refill() else { throw XMLError("document ends inside a comment or instruction") }
        }
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        var i = position
        while i + pattern.count <= buffer.count {
            if buffer[i] == pattern[0] && buffer[i..<(i + pattern.count)].elementsEqual(pattern) { return i }
            i += 1
        }
        return nil
    }

    private func hasPrefix(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= buffer.count else { return false }
        let pointer = text.utf8Start
        for k in 0..<count where buffer[position + k] != pointer[k] { return false }
        return true
    }

    /// Makes sure `count` bytes from `position` are in the buffer, if the document has them.
    private mutating func need(_ count: Int) throws(XMLError) {
        while buffer.count - position < count, try refill() {}
    }

    /// Appends the next chunk, dropping what was consumed; false at the end of the document.
    private mutating func refill() throws(XMLError) -> Bool {
        if atEnd { return false }
        let chunk: [UInt8]
        do { chunk = try source.read() } catch { throw XMLError(source: error) }
        if chunk.isEmpty { atEnd = true; return false }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        buffer.append(contentsOf: chunk)
        return true
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    // MARK: - The current tag and text

    /// True if the current tag's local name is `name`.
    func nameIs(_ name: StaticString) -> Bool { bytesEqual(nameStart, nameEnd, name) }

    /// The raw value of the attribute with local name `name` as a range of `buffer`, if present.
    func attributeRange(_ name: StaticString) -> Range<Int>? {
        for (start, end, valueStart, valueEnd) in attributes where bytesEqual(start, end, name) {
            return valueStart..<valueEnd
        }
        return nil
    }

    /// The value of the attribute with local name `name`, entities decoded.
    func attribute(_ name: StaticString) throws(XMLError) -> String? {
        guard let range = attributeRange(name) else { return nil }
        let raw = buffer[range]
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        return String(decoding: try XMLEntities.decode(raw), as: UTF8.self)
    }

    /// The attribute as a non-negative whole number (nil if absent or not a plain number).
    func intAttribute(_ name: StaticString) -> Int? {
        guard let range = attributeRange(name), !range.isEmpty, range.count <= 18 else { return nil }
        var value = 0
        for i in range {
            let digit = Int(buffer[i]) - 48
            guard digit >= 0 && digit <= 9 else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Runs `body` on the raw bytes of an attribute value.
    func withAttribute<T>(_ name: StaticString, _ body: (ArraySlice<UInt8>) -> T) -> T? {
        guard let range = attributeRange(name) else { return nil }
        return body(buffer[range])
    }

    /// Appends the current text, entities decoded, to `out`.
    func appendText(to out: inout [UInt8]) throws(XMLError) {
        if textHasEntity { out += try XMLEntities.decode(rawText[...]) } else { out += rawText }
        guard out.count <= Self.maxTextBytes else { throw XMLError("text longer than \(Self.maxTextBytes) bytes") }
    }

    private func bytesEqual(_ start: Int, _ end: Int, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard end - start == count else { return false }
        let pointer = name.utf8Start
        for k in 0..<count where buffer[start + k] != pointer[k] { return false }
        return true
    }
}

/// What is wrong with a part's XML (the caller adds file, sheet and row).
struct XMLError: Error {
    var message: String
    var source: SheetError?
    init(_ message: String) { self.message = message }
    init(source: SheetError) { self.message = source.message; self.source = source }
}
