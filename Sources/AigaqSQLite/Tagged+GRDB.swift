import GRDB
import Tagged

// Typed ids bind and read as their raw values. Kept in the adapter: nothing
// outside AigaqSQLite knows GRDB.
extension Tagged: @retroactive SQLExpressible where RawValue: SQLExpressible {}
extension Tagged: @retroactive StatementBinding where RawValue: StatementBinding {}
extension Tagged: @retroactive StatementColumnConvertible where RawValue: StatementColumnConvertible {}
extension Tagged: @retroactive DatabaseValueConvertible where RawValue: DatabaseValueConvertible {}
