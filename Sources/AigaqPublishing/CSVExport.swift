import AigaqCore

/// CSV forms of persons and charges (RFC 4180: quoted where needed, CRLF line ends).
public enum CSVExport {
    public static func persons(_ persons: [Person]) -> String {
        var rows = [["id", "name", "name_cyrillic", "role", "status", "status_as_of", "birth_year", "region", "city", "occupations"]]
        for p in persons {
            let status = p.statuses.max { ($0.asOf?.sortKey ?? 0) < ($1.asOf?.sortKey ?? 0) }
            rows.append([p.id.rawValue, p.displayName, p.cyrillicName ?? "", p.role.rawValue,
                         status?.value.rawValue ?? "", status?.asOf?.description ?? "",
                         p.birthYear.current().map(String.init) ?? "", p.region.current() ?? "",
                         p.city.current() ?? "", p.occupations.map(\.value).joined(separator: ";")])
        }
        return render(rows)
    }

    public static func charges(cases: [Case]) -> String {
        var rows = [["case_id", "person_id", "code", "article", "part", "date"]]
        for c in cases {
            for ch in c.charges {
                rows.append([c.id.rawValue, ch.person.rawValue, ch.code, ch.article, ch.part ?? "", ch.date?.description ?? ""])
            }
        }
        return render(rows)
    }

    static func render(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
