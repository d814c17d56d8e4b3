import Foundation
import MenhuCore
import SQLKit

extension PlatformService {
    /// Creates a column from the column form (O1, F1).
    public func createColumn(siteID: String, _ fields: [String: String], by actor: Actor) async throws -> Column {
        let now = clock.now()
        return try await database.write { db in
            let columns = try await ColumnRecords.all(siteID: siteID, on: db)
            let departments = Set(try await DepartmentRecords.all(on: db).map(\.id))
            let s = try ColumnSettings.read(fields, editing: nil, columns: columns, departmentIDs: departments)
            let column = Column(siteID: siteID, settings: s, createdAt: now)
            try await ColumnRecords.insert(column, on: db)
            try await AuditRecords.append(
                actor.event(
                    "column.create", "column", column.id, siteID: siteID,
                    summary: "新建栏目“\(column.name)”，更新要求：\(column.updateRule.label)", requirement: "O1", at: now), on: db)
            return column
        }
    }

    /// Edits a column: rename, move, owner, update rule, requirements (O1).
    public func updateColumn(id: String, siteID: String, _ fields: [String: String], by actor: Actor) async throws -> Column {
        let now = clock.now()
        return try await database.write { db in
            let columns = try await ColumnRecords.all(siteID: siteID, on: db)
            guard var column = columns.first(where: { $0.id == id }) else { throw ServiceError.notFound("栏目不存在") }
            let departments = try await DepartmentRecords.all(on: db)
            let s = try ColumnSettings.read(fields, editing: column, columns: columns, departmentIDs: Set(departments.map(\.id)))
            let before = column
            column.settings = s
            try await ColumnRecords.update(column, on: db)
            let names = departments.byID().mapValues(\.name)
            let colNames = columns.byID().mapValues(\.name)
            var changes: [String] = []
            if before.name != column.name { changes.append("名称由“\(before.name)”改为“\(column.name)”") }
            if before.slug != column.slug { changes.append("路径由 \(before.slug) 改为 \(column.slug)") }
            if before.parentID != column.parentID {
                changes.append("移至“\(column.parentID.flatMap { colNames[$0] } ?? "顶级")”下")
            }
            if before.ownerDepartmentID != column.ownerDepartmentID {
                changes.append("责任处室改为“\(column.ownerDepartmentID.flatMap { names[$0] } ?? "")”")
            }
            if before.updateRule != column.updateRule { changes.append("更新要求改为“\(column.updateRule.label)”") }
            if before.contentRequirements != column.contentRequirements || before.qualityRequirements != column.qualityRequirements {
                changes.append("修改了内容或质量要求")
            }
            try await AuditRecords.append(
                actor.event(
                    "column.update", "column", column.id, siteID: siteID,
                    summary: "修改栏目“\(column.name)”：\(changes.isEmpty ? "其他设置" : changes.joined(separator: "；"))",
                    requirement: "O1", at: now), on: db)
            return column
        }
    }

    /// S5: archives a column (kept, marked 已归档) or restores it. Columns are never deleted.
    public func setColumnArchived(id: String, siteID: String, archived: Bool, by actor: Actor) async throws -> Column {
        let now = clock.now()
        return try await database.write { db in
            guard var column = try await ColumnRecords.find(id: id, on: db), column.siteID == siteID else {
                throw ServiceError.notFound("栏目不存在")
            }
            if archived == column.isArchived {
                throw ServiceError.refused(archived ? "栏目已归档" : "栏目未归档")
            }
            column.archivedAt = archived ? now : nil
            try await ColumnRecords.update(column, on: db)
            try await AuditRecords.append(
                actor.event(
                    archived ? "column.archive" : "column.restore", "column", column.id,
                    siteID: siteID, summary: archived ? "归档栏目“\(column.name)”" : "恢复栏目“\(column.name)”",
                    requirement: "S5", at: now), on: db)
            return column
        }
    }
}
