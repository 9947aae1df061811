import Foundation
import Testing
@testable import BrokerInput
import BrokerCase

@Suite struct CSVReaderTests {
    /// What reading one record gave: its line and fields, or the error's line and message.
    enum Outcome: Equatable, CustomStringConvertible {
        case record(Int, [String])
        case error(Int, String)
        var description: String {
            switch self {
            case .record(let line, let fields): "\(line): \(fields)"
            case .error(let line, let message): "\(line): error \(message)"
            }
        }
    }

    /// Reads every record of `bytes`, going on after errors; with `plainLines`, as the ingest's
    /// reading thread does: plain lines taken by `nextPlainLine` and read on their own.
    static func read(_ bytes: [UInt8], chunkSize: Int? = nil, plainLines: Bool = false) throws -> [Outcome] {
        let input: ByteInput
        if let chunkSize {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("csv-\(UUID().uuidString).csv")
            try Data(bytes).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            input = try ByteInput(path: url.path, chunkSize: chunkSize)
        } else {
            input = ByteInput(name: "t.csv", bytes: bytes)
        }
        var reader = CSVReader(input: input)
        var out: [Outcome] = []
        for _ in 0..<10_000 {
            do {
                var line: [UInt8] = []
                if plainLines, let number = reader.nextPlainLine(appendingTo: &line) {
                    var one = CSVReader(name: input.name, delimiter: reader.delimiter, line: number, bytes: line)
                    let record = try one.next()!
                    #expect(try one.next() == nil)
                    out.append(.record(record.line, record.fields))
                    continue
                }
                guard let record = try reader.next() else { return out }
                out.append(.record(record.line, record.fields))
            } catch {
                out.append(.error(error.location.line, error.message))
            }
        }
        Issue.record("reader does not stop")
        return out
    }

    static func read(_ text: String) throws -> [Outcome] { try read(Array(text.utf8)) }

    /// The same bytes, read whole and in chunks of every small size, record by record and by
    /// plain lines: the results must agree (quotes, doubled quotes and CRLF split across chunk
    /// boundaries).
    static func readAllWays(_ bytes: [UInt8]) throws -> [Outcome] {
        let whole = try read(bytes)
        #expect(try read(bytes, plainLines: true) == whole, "plain lines")
        for size in [1, 2, 3, 5, 7, 64] {
            #expect(try read(bytes, chunkSize: size) == whole, "chunk size \(size)")
            #expect(try read(bytes, chunkSize: size, plainLines: true) == whole, "chunk size \(size), plain lines")
        }
        return whole
    }

    @Test("a header and rows; the last line may lack its line break")
    func plain() throws {
        #expect(try Self.readAllWays(Array("a,b,c\n1,2,3\n4,5,6".utf8))
            == [.record(1, ["a", "b", "c"]), .record(2, ["1", "2", "3"]), .record(3, ["4", "5", "6"])])
    }

    @Test("a UTF-8 byte-order mark is skipped")
    func byteOrderMark() throws {
        #expect(try Self.readAllWays([0xEF, 0xBB, 0xBF] + Array("time,from\n1,2\n".utf8))
            == [.record(1, ["time", "from"]), .record(2, ["1", "2"])])
        // Only at the start of the file.
        let inside = try Self.read([0x61, 0x2C] + [0xEF, 0xBB, 0xBF] + [0x62])
        #expect(inside == [.record(1, ["a", "\u{FEFF}b"])])
    }

    @Test("CRLF, lone CR and LF line ends count lines alike")
    func lineEnds() throws {
        let expected: [Outcome] = [.record(1, ["a", "b"]), .record(2, ["1", "2"]), .record(3, ["3", "4"])]
        #expect(try Self.readAllWays(Array("a,b\r\n1,2\r\n3,4\r\n".utf8)) == expected)
        #expect(try Self.readAllWays(Array("a,b\r1,2\r3,4".utf8)) == expected)
        #expect(try Self.readAllWays(Array("a,b\n1,2\r\n3,4\r".utf8)) == expected)
    }

    @Test("quoted fields hold commas, doubled quotes and line breaks; line numbers stay right")
    func quoting() throws {
        let text = "id,note\nT1,\"a, b\"\nT2,\"he said \"\"no\"\"\"\nT3,\"two\nlines\"\nT4,\"\"\nT5,\"three\r\nline\rends\"\nT6,x\n"
        #expect(try Self.readAllWays(Array(text.utf8)) == [
            .record(1, ["id", "note"]), .record(2, ["T1", "a, b"]), .record(3, ["T2", "he said \"no\""]),
            .record(4, ["T3", "two\nlines"]), .record(6, ["T4", ""]), .record(7, ["T5", "three\r\nline\rends"]),
            .record(10, ["T6", "x"]),
        ])
    }

    @Test("an unterminated quote at the end of the file is an error at the line it opened")
    func unterminatedQuote() throws {
        #expect(try Self.readAllWays(Array("a,b\n1,2\n3,\"open\nmore\n".utf8)) == [
            .record(1, ["a", "b"]), .record(2, ["1", "2"]),
            .error(3, "unterminated quote (opened on line 3) at end of file"),
        ])
    }

    @Test("text after a closing quote is an error; reading goes on with the next row")
    func textAfterQuote() throws {
        #expect(try Self.readAllWays(Array("a,b\n\"x\"y,2\n3,4\n".utf8)) == [
            .record(1, ["a", "b"]), .error(2, "text after the closing quote of a field"), .record(3, ["3", "4"]),
        ])
    }

    @Test("invalid UTF-8 is an error for that row only")
    func invalidUTF8() throws {
        let bytes = Array("a,b\n1,".utf8) + [0xC3, 0x28] + Array("\n\u{4E2D}\u{6587},2\n".utf8)
        #expect(try Self.readAllWays(bytes) == [
            .record(1, ["a", "b"]), .error(2, "invalid UTF-8"), .record(3, ["中文", "2"]),
        ])
        // A multi-byte character is not split by chunking.
        #expect(try Self.readAllWays(Array("名字,别名\n牛建国,老牛\n".utf8)) == [.record(1, ["名字", "别名"]), .record(2, ["牛建国", "老牛"])])
    }

    @Test("blank lines are skipped and still counted")
    func blankLines() throws {
        #expect(try Self.readAllWays(Array("\na,b\n\n1,2\r\n\r\n\n3,4\n\n".utf8)) == [
            .record(2, ["a", "b"]), .record(4, ["1", "2"]), .record(7, ["3", "4"]),
        ])
        // A line of spaces is not blank: it is a row with one field.
        #expect(try Self.read("a\n  \n") == [.record(1, ["a"]), .record(2, ["  "])])
    }

    @Test("empty fields, a trailing comma, a quote inside an unquoted field")
    func emptyFields() throws {
        #expect(try Self.read("a,,b\n,\nx,y,\nab\"c,d\n") == [
            .record(1, ["a", "", "b"]), .record(2, ["", ""]), .record(3, ["x", "y", ""]), .record(4, ["ab\"c", "d"]),
        ])
    }

    @Test("an empty file has no records")
    func emptyFile() throws {
        #expect(try Self.read("") == [])
        #expect(try Self.read([0xEF, 0xBB, 0xBF]) == [])
        #expect(try Self.read("\n\r\n") == [])
    }
}
