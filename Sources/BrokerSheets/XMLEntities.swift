/// XML's predefined entities and character references, decoded to UTF-8.
enum XMLEntities {
    /// Decodes `&amp; &lt; &gt; &quot; &apos; &#NNN; &#xHH;`; any other entity is an error (a
    /// spreadsheet part declares none, and declarations are refused).
    static func decode(_ raw: ArraySlice<UInt8>) throws(XMLError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i < raw.endIndex {
            let byte = raw[i]
            guard byte == UInt8(ascii: "&") else { out.append(byte); i += 1; continue }
            var j = i + 1
            while j < raw.endIndex, raw[j] != UInt8(ascii: ";"), j - i <= 12 { j += 1 }
            guard j < raw.endIndex, raw[j] == UInt8(ascii: ";") else { throw XMLError("unterminated entity reference") }
            let name = raw[(i + 1)..<j]
            switch String(decoding: name, as: UTF8.self) {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                guard let scalar = characterReference(name) else { throw XMLError("unknown entity reference") }
                out.append(contentsOf: Array(String(Character(scalar)).utf8))
            }
            i = j + 1
        }
        return out
    }

    /// `#NNN` or `#xHH` as a Unicode scalar allowed in XML, else nil.
    private static func characterReference(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        guard name.first == UInt8(ascii: "#") else { return nil }
        var digits = name.dropFirst()
        var radix = 10
        if digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X") { radix = 16; digits = digits.dropFirst() }
        guard !digits.isEmpty, let value = UInt32(String(decoding: digits, as: UTF8.self), radix: radix),
              let scalar = Unicode.Scalar(value) else { return nil }
        // XML 1.0 Char: no NUL and no control characters other than tab, LF and CR.
        if value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D { return nil }
        return scalar
    }
}
