import BrokerCase
import BrokerInput
import Foundation

extension CaseStore {
    /// The case key (`BROKERGRAPH_CASE_KEY`, else `<db>.key`), checked against the value stored
    /// with the case when residents were first hashed.
    ///
    /// - Parameter creating: when no key exists and the case holds no residents yet, create the
    ///   key file (a case made before keys existed).
    /// - Throws: `CaseKeyError` when the key is missing, malformed or not this case's.
    public func caseKey(creating: Bool = false) throws -> CaseKey {
        var key = try CaseKey.load(forDatabase: path, environment: environment)
        if key == nil {
            let count = try db.prepare("SELECT count(*) FROM subjects")
            _ = try count.step()
            guard creating, count.int(0) == 0 else {
                throw CaseKeyError("\(path): the case key is missing: neither \(CaseKey.path(forDatabase: path)) nor \(CaseKey.environmentVariable) is there, and residents cannot be looked up or added without it")
            }
            key = try CaseKey.create(at: CaseKey.path(forDatabase: path))
        }
        let found = key!
        if let stored = try setting("case_key_check") {
            guard stored == found.check else {
                throw CaseKeyError("\(found.origin): not the key this case's residents were hashed with")
            }
        }
        return found
    }

    /// Records which key the residents are hashed with (a check value, not the key).
    func recordKeyCheck(_ key: CaseKey) throws(StoreError) {
        if try setting("case_key_check") == nil { try setSetting("case_key_check", key.check) }
    }

    /// Every batch's listed residents, by keyed hash.
    public func loadBatchContents() throws(StoreError) -> BatchContents { try reader.loadBatchContents() }
}

extension CaseReader {
    /// Every batch's listed residents, by keyed hash.
    /// - Complexity: one pass over `batch_contents`.
    func loadBatchContents() throws(StoreError) -> BatchContents {
        var contents = BatchContents()
        var index: [Int64: Int32] = [:]
        let subjects = try db.prepare("SELECT id, hash FROM subjects ORDER BY id")
        while try subjects.step() {
            index[subjects.int(0)] = Int32(contents.subjects.count)
            contents.subjects.append(subjects.blob(1))
        }
        let rows = try db.prepare("SELECT batch, subject_id, category FROM batch_contents ORDER BY id")
        while try rows.step() {
            guard let s = index[rows.int(1)] else { continue }
            contents.batches[rows.text(0) ?? "", default: []].append(
                BatchContents.Entry(subject: s, category: rows.text(2).flatMap(Category.init(rawValue:))))
        }
        return contents
    }
}
