import PostgresNIO

/// A `text[]` bind that may hold NULLs (postgres-nio's `[String]` cannot):
/// batched writes send one array per column and `unnest` them into rows.
struct TextArray: PostgresNonThrowingEncodable {
    var values: [String?]
    static var psqlType: PostgresDataType { .textArray }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<E: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<E>) {
        ArrayHeader.write(into: &buffer, count: values.count, hasNull: values.contains(nil), element: .text)
        for value in values {
            guard let value else { buffer.writeInteger(-1, as: Int32.self); continue }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            let written = buffer.writeString(value)
            buffer.setInteger(Int32(written), at: lengthIndex)
        }
    }
}

/// An `int8[]` bind that may hold NULLs.
struct Int8Array: PostgresNonThrowingEncodable {
    var values: [Int?]
    static var psqlType: PostgresDataType { .int8Array }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<E: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<E>) {
        ArrayHeader.write(into: &buffer, count: values.count, hasNull: values.contains(nil), element: .int8)
        for value in values {
            guard let value else { buffer.writeInteger(-1, as: Int32.self); continue }
            buffer.writeInteger(8, as: Int32.self)
            buffer.writeInteger(Int64(value))
        }
    }
}

/// The binary array header: dimensions, null flag, element type, then one
/// dimension's length and lower bound.
private enum ArrayHeader {
    static func write(into buffer: inout ByteBuffer, count: Int, hasNull: Bool, element: PostgresDataType) {
        buffer.writeInteger(count == 0 ? 0 : 1, as: Int32.self)
        buffer.writeInteger(hasNull ? 1 : 0, as: Int32.self)
        buffer.writeInteger(element.rawValue)
        guard count > 0 else { return }
        buffer.writeInteger(Int32(count))
        buffer.writeInteger(1, as: Int32.self)
    }
}
