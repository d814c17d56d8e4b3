import Foundation
import MenhuCore
import MenhuDemo
import MenhuTestSupport
import SQLKit
import Testing

@testable import MenhuStore

func service(_ db: Database, clock: ManualClock = ManualClock(testNow)) -> PlatformService {
    PlatformService(database: db, clock: clock, hasher: .fastForTests)
}

let siteForm: [String: String] = [
    "code": "tjj", "name": "江源市统计局", "kind": "subsite", "sponsor": "江源市统计局", "organizer": "江源市统计局办公室",
    "siteIDCode": "3699000009", "icpFiling": "赣ICP备99000001号-9", "publicSecurityFiling": "赣公网安备 36990002000009号",
    "domains": "tjj.jiangyuan.gov.cn", "personInCharge": "办公室主任", "contactPhone": "0799-1234999",
    "contactEmail": "tjj@jiangyuan.gov.cn", "address": "统计路 1 号",
]

func count(_ table: String, _ db: Database) async throws -> Int {
    try await db.read { sql in
        try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
    }
}

@Suite struct StoreTests {
    @Test(arguments: TestEngine.available)
    func migratingTwiceChangesNothing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            #expect(try await db.schemaVersion() == Schema.latestVersion)
            #expect(try await db.migrate().isEmpty)
        }
    }

    @Test(arguments: TestEngine.available)
    func demoSeedBuildsAPortalTwoSubsitesAndPaginatedColumns(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let summary = try await DemoPlatform.seed(into: db, hasher: .fastForTests, now: testNow)
            #expect(summary.articles >= 200)
            #expect(summary.departments >= 8)
            #expect(Set(summary.credentials.map(\.role)) == Set(Role.allCases))
            let sites = try await db.read { sql in try await SiteRecords.all(on: sql) }
            #expect(sites.map(\.kind) == [.portal, .subsite, .subsite, .subsite])
            // W4: the portal's English version, linked to it.
            #expect(sites[3].identity.language == .english && sites[3].identity.variantOf == sites[0].id)
            #expect(sites.allSatisfy { SiteIdentity.isValidSiteIDCode($0.siteIDCode) && !$0.icpFiling.isEmpty })
            let columns = try await db.read { sql in try await ColumnRecords.all(siteID: sites[0].id, on: sql) }
            #expect(columns.allSatisfy { $0.ownerDepartmentID != nil })
            #expect(columns.contains { if case .fixedDates = $0.updateRule { return true } else { return false } })
            #expect(try await db.setting(DemoPlatform.settingKey) == "1")
            // A second seed is refused and writes nothing.
            await #expect(throws: DemoPlatform.SeedError.self) {
                _ = try await DemoPlatform.seed(into: db, hasher: .fastForTests, now: testNow)
            }
            #expect(try await count("sites", db) == 4)
            #expect(try await count("articles", db) == summary.articles)
        }
    }

    @Test(arguments: TestEngine.available)
    func aFailedTransactionLeavesNothingBehind(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await db.write { sql in
                    try await DepartmentRecords.insert(Department(name: "临时单位", parentID: nil, siteID: nil, createdAt: testNow), on: sql)
                    throw Boom()
                }
            }
            #expect(try await count("departments", db) == 0)
        }
    }

    @Test(arguments: TestEngine.available)
    func siteDomainsAreUniqueAcrossThePlatform(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let s = service(db)
            let site = try await s.createSite(siteForm, by: .commandLine())
            var other = siteForm
            other["code"] = "tjj2"
            do {
                _ = try await s.createSite(other, by: .commandLine())
                Issue.record("duplicate domain accepted")
            } catch let e as FieldErrors {
                #expect(e.message(for: "domains")?.contains("tjj.jiangyuan.gov.cn") == true)
            }
            #expect(try await count("sites", db) == 1)
            let found = try await db.read { sql in try await SiteRecords.find(domain: "TJJ.jiangyuan.gov.cn", on: sql) }
            #expect(found?.id == site.id)
        }
    }

    @Test(arguments: TestEngine.available)
    func editingASiteRecordsWhatChanged(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let s = service(db)
            _ = try await s.createSite(siteForm, by: .commandLine())
            var changed = siteForm
            changed["organizer"] = "江源市统计局信息中心"
            _ = try await s.updateSite(code: "tjj", changed, by: .commandLine("测试"))
            let events = try await db.read { sql in try await AuditRecords.recent(siteIDs: nil, limit: 10, offset: 0, on: sql) }.events
            #expect(events.first?.action == "site.update")
            #expect(events.first?.summary.contains("承办单位由“江源市统计局办公室”改为“江源市统计局信息中心”") == true)
        }
    }

    @Test(arguments: TestEngine.available)
    func closingAnAccountNeedsAReasonEndsSessionsAndIsLogged(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let s = service(db)
            let made = try await s.createAccount(username: "zhangsan", displayName: "张三", departmentID: nil, by: .commandLine())
            try await db.write { sql in
                try await SessionRecords.insert(
                    SessionRecord(
                        tokenHash: "h", accountID: made.account.id, csrfToken: "c",
                        createdAt: testNow, expiresAt: testNow.addingTimeInterval(3600), address: "x"), on: sql)
            }
            await #expect(throws: FieldErrors.self) { _ = try await s.closeAccount(id: made.account.id, reason: " ", by: .commandLine()) }
            let closed = try await s.closeAccount(id: made.account.id, reason: "调离", by: .commandLine())
            #expect(closed.status == .closed && closed.closedAt == testNow && closed.closedReason == "调离")
            #expect(try await count("sessions", db) == 0)
            let events = try await db.read { sql in try await AuditRecords.recent(siteIDs: nil, limit: 10, offset: 0, on: sql) }.events
            #expect(events.contains { $0.action == "account.close" && $0.summary.contains("调离") })
            let login = try await s.login(username: "zhangsan", password: made.initialPassword, address: "127.0.0.1")
            guard case .rejected = login else { Issue.record("closed account logged in"); return }
        }
    }

    @Test(arguments: TestEngine.available)
    func wrongPasswordsSlowOnlyThatNameFromThatAddress(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let clock = ManualClock(testNow)
            let s = service(db, clock: clock)
            let made = try await s.createAccount(username: "lisi", displayName: "李四", departmentID: nil, by: .commandLine())
            let attacker = "203.0.113.66"
            #expect(try await s.login(username: "lisi", password: "wrong", address: attacker) == .rejected(retryAt: nil))
            #expect(try await s.login(username: "lisi", password: "wrong", address: attacker) == .rejected(retryAt: nil))
            #expect(try await s.login(username: "lisi", password: "wrong", address: attacker) == .rejected(retryAt: testNow.addingTimeInterval(30)))
            // From the attacker's address even the right password waits; the owner elsewhere signs in.
            #expect(
                try await s.login(username: "lisi", password: made.initialPassword, address: attacker)
                    == .throttled(until: testNow.addingTimeInterval(30)))
            guard case .accepted = try await s.login(username: "lisi", password: made.initialPassword, address: "10.0.0.1") else {
                Issue.record("the owner at another address must not be locked out"); return
            }
            clock.advance(by: 31)
            guard case .accepted = try await s.login(username: "lisi", password: made.initialPassword, address: attacker) else {
                Issue.record("after the wait the right password works"); return
            }
            // The success cleared the count: three more free tries.
            #expect(try await s.login(username: "lisi", password: "wrong", address: attacker) == .rejected(retryAt: nil))
        }
    }

    /// Parallel guesses each count before the password is checked: only three reach bcrypt.
    @Test(arguments: TestEngine.available)
    func parallelGuessesCannotSlipPastTheBackoff(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let s = service(db, clock: ManualClock(testNow))
            _ = try await s.createAccount(username: "lisi", displayName: "李四", departmentID: nil, by: .commandLine())
            let outcomes = try await withThrowingTaskGroup(of: PlatformService.LoginOutcome.self) { group in
                for _ in 0..<12 { group.addTask { try await s.login(username: "lisi", password: "wrong", address: "203.0.113.7") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let checked = outcomes.filter { if case .rejected = $0 { true } else { false } }
            #expect(checked.count == 3, "\(outcomes)")
            #expect(outcomes.count - checked.count == 9)
        }
    }

    @Test func ipv6AddressesAreCountedByTheirNetwork() {
        #expect(PlatformService.addressKey("2001:db8:1:2:aaaa::1") == PlatformService.addressKey("2001:db8:1:2:bbbb::9"))
        #expect(PlatformService.addressKey("2001:db8:1:2::1") != PlatformService.addressKey("2001:db8:1:3::1"))
        #expect(PlatformService.addressKey("203.0.113.7") == "203.0.113.7")
        #expect(PlatformService.addressKey("::1") == "::1")
    }

    @Test(arguments: TestEngine.available)
    func unknownNamesGetTheSameAnswersAsKnownOnes(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let clock = ManualClock(testNow)
            let s = service(db, clock: clock)
            _ = try await s.createAccount(username: "lisi", displayName: "李四", departmentID: nil, by: .commandLine())
            var answers: [String: [PlatformService.LoginOutcome]] = [:]
            for name in ["lisi", "nobody"] {
                for _ in 0..<5 { answers[name, default: []].append(try await s.login(username: name, password: "wrong", address: "10.1.1.1")) }
            }
            #expect(answers["lisi"] == answers["nobody"])
            #expect(answers["lisi"]?.last == .throttled(until: testNow.addingTimeInterval(30)))
        }
    }

    @Test(arguments: TestEngine.available)
    func columnsMoveRenameAndArchiveButAreNeverDeleted(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let s = service(db)
            let site = try await s.createSite(siteForm, by: .commandLine())
            let dept = try await s.createDepartment(name: "江源市统计局", parentID: nil, siteID: site.id, by: .commandLine())
            let base = ["kind": "news", "ownerDepartmentID": dept.id, "updateRule": "weekly"]
            let news = try await s.createColumn(siteID: site.id, base.merging(["name": "统计动态", "slug": "tjdt"]) { $1 }, by: .commandLine())
            let data = try await s.createColumn(
                siteID: site.id, base.merging(["name": "统计数据", "slug": "tjsj", "updateRule": "fixed", "fixedDates": "01-10,07-10"]) { $1 },
                by: .commandLine())
            #expect(data.updateRule.label == "每年1月10日、7月10日更新")
            let moved = try await s.updateColumn(
                id: data.id, siteID: site.id, base.merging(["name": "统计公报", "slug": "tjgb", "parentID": news.id]) { $1 }, by: .commandLine())
            #expect(moved.parentID == news.id && moved.name == "统计公报")
            await #expect(throws: FieldErrors.self) {
                _ = try await s.updateColumn(
                    id: news.id, siteID: site.id, base.merging(["name": "统计动态", "slug": "tjdt", "parentID": data.id]) { $1 }, by: .commandLine())
            }
            let archived = try await s.setColumnArchived(id: news.id, siteID: site.id, archived: true, by: .commandLine())
            #expect(archived.archivedAt == testNow)
            #expect(try await count("site_columns", db) == 2)
        }
    }

    @Test(arguments: TestEngine.available)
    func unitsAndDepartmentsAreNamedUniquelyAndRenamesAreLogged(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { (db: Database) async throws in
            let s = service(db)
            let unit = try await s.createDepartment(name: "江源市统计局", parentID: nil, siteID: nil, by: .commandLine())
            let office = try await s.createDepartment(name: "办公室", parentID: unit.id, siteID: nil, by: .commandLine())
            await #expect(throws: FieldErrors.self) {
                _ = try await s.createDepartment(name: "办公室", parentID: unit.id, siteID: nil, by: .commandLine())
            }
            await #expect(throws: FieldErrors.self) {
                _ = try await s.createDepartment(name: "科室", parentID: office.id, siteID: nil, by: .commandLine())
            }
            let renamed = try await s.renameDepartment(id: unit.id, to: "江源市统计局（普查中心）", by: .commandLine())
            #expect(renamed.name == "江源市统计局（普查中心）")
            let events = try await db.read { sql in try await AuditRecords.recent(siteIDs: nil, limit: 5, offset: 0, on: sql) }.events
            #expect(events.first?.summary == "“江源市统计局”更名为“江源市统计局（普查中心）”")
            #expect(try await count("departments", db) == 2)
        }
    }
}

@Suite struct SchemaTests {
    /// One file per migration: the list names each once, in order, with no gap.
    @Test func migrationsAreNumberedOneAfterAnother() {
        #expect(Schema.migrations.map(\.version) == Array(1...Schema.latestVersion))
        let files =
            (try? FileManager.default.contentsOfDirectory(
                atPath: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/MenhuStore/Schema").path)) ?? []
        #expect(files.filter { $0.hasPrefix("Migration") }.count == Schema.latestVersion)
    }
}
