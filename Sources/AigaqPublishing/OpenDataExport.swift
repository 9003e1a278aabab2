import AigaqCore
import AigaqStore
import Foundation

/// The open data exports: JSON Lines (lossless) and CSV, of everything or,
/// with `public`, of the public projection only. The command line and the
/// web application's downloads both call these, so that the leak test covers
/// exactly what they publish.
public enum OpenDataExport {
    public struct Options: Sendable {
        /// Apply the public projection.
        public var `public`: Bool
        /// Leave the sources' text out (a dataset that must not hold copied report text).
        public var withoutSourceText: Bool
        public init(public: Bool, withoutSourceText: Bool = false) {
            self.public = `public`; self.withoutSourceText = withoutSourceText
        }
    }

    /// Writes one JSON line per record (``Entity/typeOrder``); returns how many.
    @discardableResult
    public static func jsonl(from store: some KnowledgeStore, _ options: Options, write: (Data) throws -> Void) async throws -> Int {
        let project = try await projector(store, options)
        let encoder = AigaqJSON.encoder()
        var count = 0
        try await store.exportEntities { entity in
            guard let e = project(entity) else { return }
            var line = try encoder.encode(e)
            line.append(0x0A)
            try write(line)
            count += 1
        }
        return count
    }

    /// `persons.csv` and `charges.csv`, and the number of persons.
    public static func csv(from store: some KnowledgeStore, _ options: Options) async throws -> (persons: String, charges: String, personCount: Int) {
        let project = try await projector(store, options)
        var persons: [Person] = []
        var cases: [Case] = []
        try await store.exportEntities { entity in
            switch project(entity) {
            case .person(let p)?: persons.append(p)
            case .case(let c)?: cases.append(c)
            default: break
            }
        }
        return (CSVExport.persons(persons), CSVExport.charges(cases: cases), persons.count)
    }

    /// What `options` let out of each record (nil: left out), for any export format.
    public static func projector(_ store: some KnowledgeStore, _ options: Options) async throws -> (Entity) -> Entity? {
        let projection = options.public ? try await PublicProjection.load(from: store) : nil
        let withoutText = options.withoutSourceText
        return { entity in
            var e: Entity? = projection.map { $0.project(entity) } ?? entity
            if withoutText, case .source(var s)? = e { s.text = nil; e = .source(s) }
            return e
        }
    }
}
