import Foundation
import MenhuTestSupport
import SQLKit
import Testing

@testable import MenhuStore

/// Every table has one row type, whose coding keys are exactly the table's columns.
@Suite struct RowTypeTests {
    static let rowTypes: [any TableRow.Type] = [
        AccountRow.self, RoleGrantRow.self, SessionRow.self, LoginBackoffRow.self, ColumnRow.self, ArticleRow.self,
        ArticleColumnRow.self, AuditEventRow.self, SiteRow.self, SiteDomainRow.self, DepartmentRow.self, HomeBlockRow.self,
        ThemeOverrideRow.self, CalendarNoticeRow.self, EditorAutosaveRow.self, RevisionRow.self, ApprovalRow.self, RegistryEntryRow.self,
        PageChangeRow.self, FileRow.self,
        PushSystemRow.self, SubmissionRow.self, FeedRow.self, RepostTaskRow.self, DictionaryEntryRow.self, LiveFindingRow.self,
        LinkCheckRow.self, SearchDocumentRow.self, BackgroundTaskRow.self, SiteProbeRow.self, LetterChannelRow.self, LetterRow.self,
        LetterEventRow.self, LetterReminderRow.self, LetterFAQRow.self, LetterAttachmentRow.self, LinkFindingRow.self, RectificationRow.self,
        IncidentNoticeRow.self,
        DutyReadRow.self, DisclosureOfficeRow.self, DisclosureRequestRow.self, DisclosureDocumentRow.self,
        SurveyRow.self, SurveyAnswerRow.self, InterviewRow.self, InterviewQuestionRow.self,
    ]

    /// The schema's own bookkeeping, read and written in `Schema`.
    static let schemaTables: Set<String> = ["schema_migrations", "settings"]

    /// Columns an engine keeps for itself (PostgreSQL's search vector).
    static let engineColumns: Set<String> = ["tsv"]

    @Test(arguments: TestEngine.available)
    func everyTableHasARowTypeWithExactlyItsColumns(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            try await db.read { sql in
                let tables: [String] =
                    db.engine == .sqlite
                    ? try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_fts%'").all()
                        .map { try $0.decode(column: "name", as: String.self) }
                    : try await sql.raw("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()").all()
                        .map { try $0.decode(column: "name", as: String.self) }
                #expect(Set(tables) == Set(Self.rowTypes.map { $0.table }).union(Self.schemaTables))
                for row in Self.rowTypes {
                    let stored: [String] =
                        db.engine == .sqlite
                        ? try await sql.raw("SELECT name FROM pragma_table_info(\(bind: row.table))").all()
                            .map { try $0.decode(column: "name", as: String.self) }
                        : try await sql.raw(
                            "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: row.table)"
                        ).all().map { try $0.decode(column: "name", as: String.self) }
                    #expect(Set(row.columns) == Set(stored).subtracting(Self.engineColumns), "\(row.table)")
                    #expect(row.columns.count == stored.filter { !Self.engineColumns.contains($0) }.count, "\(row.table)")
                }
            }
        }
    }

    @Test func aRowTypeNamesItsColumnsInTheSchemasSpelling() {
        #expect(SiteRow.columns.contains("site_id_code"))
        #expect(ArticleRow.columns.contains("body_html") && ArticleRow.columns.contains("gate_override_reason"))
        #expect(RevisionRow.columns == ["id", "article_id", "number", "content_json", "digest", "author_id", "author_name", "created_at"])
    }
}
