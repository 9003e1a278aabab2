import AigaqCore
import Foundation

/// Reads the open data format line by line, keeping the line number for
/// messages. Blank lines are allowed; anything else must be one entity.
struct JSONLReader {
    let file: String
    private let data: Data
    private var offset: Int
    private(set) var line = 0
    private let decoder = AigaqJSON.decoder()
    /// Checks an entity beyond its JSON form (vocabulary ids); returns a reason when it is bad.
    var validate: (Entity) -> String? = { _ in nil }

    init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AigaqError.badInput(file: path, line: nil, reason: "no such file")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw AigaqError.badInput(file: path, line: nil, reason: "cannot be read (\(error.localizedDescription))")
        }
        self.init(data: data, file: path)
    }

    /// Lines already in memory (an upload, a fuzzer's input), named `file` in messages.
    init(data: Data, file: String) {
        self.file = file
        // Offsets below count from zero: a slice is copied to start there.
        self.data = data.startIndex == 0 ? data : Data(data)
        offset = 0
        // A UTF-8 byte order mark is tolerated at the start.
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { offset = 3 }
    }

    /// The next entity, or nil at the end of the file.
    mutating func next() throws -> Entity? {
        while offset < data.count {
            line += 1
            let end = data[offset...].firstIndex(of: UInt8(ascii: "\n")) ?? data.count
            var slice = data[offset..<end]
            offset = end + 1
            if slice.last == UInt8(ascii: "\r") { slice = slice.dropLast() }
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard String(validating: slice, as: UTF8.self) != nil else {
                throw AigaqError.badInput(file: file, line: line, reason: "not valid UTF-8")
            }
            let entity: Entity
            do {
                entity = try decoder.decode(Entity.self, from: slice)
            } catch let error as DecodingError {
                throw AigaqError.badInput(file: file, line: line, reason: JSONLReader.describe(error))
            } catch {
                throw AigaqError.badInput(file: file, line: line, reason: "not a JSON object")
            }
            if let problem = validate(entity) {
                throw AigaqError.badInput(file: file, line: line, reason: problem)
            }
            return entity
        }
        return nil
    }

    /// A decoding error in words a data editor understands: the field path and what was wrong.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "" : " at " + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            return "missing field \"\(key.stringValue)\"\(path(context.codingPath))"
        case let .typeMismatch(type, context):
            return "wrong type\(path(context.codingPath)): expected \(type)"
        case let .valueNotFound(type, context):
            return "missing value\(path(context.codingPath)): expected \(type)"
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return "malformed JSON" }
            return "\(context.debugDescription)\(path(context.codingPath))"
        @unknown default:
            return "cannot be read"
        }
    }
}
