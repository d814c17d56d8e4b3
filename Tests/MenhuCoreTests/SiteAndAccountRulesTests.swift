import Foundation
import MenhuCore
import Testing

@Suite struct SiteIdentityTests {
    static let valid: [String: String] = [
        "code": "jyj", "name": "江源市教育局", "kind": "subsite", "sponsor": "江源市教育局", "organizer": "江源市教育局办公室",
        "siteIDCode": "3699000002", "icpFiling": "赣ICP备99000001号-2", "publicSecurityFiling": "赣公网安备 36990002000002号",
        "domains": "jyj.jiangyuan.gov.cn\nJYJ2.jiangyuan.gov.cn", "personInCharge": "办公室主任",
        "contactPhone": "0799-1234601", "contactEmail": "jyj@jiangyuan.gov.cn", "address": "文教路 18 号",
    ]

    @Test func completeFormIsAcceptedAndDomainsAreNormalised() throws {
        let identity = try SiteIdentity.read(Self.valid)
        #expect(identity.domains == ["jyj.jiangyuan.gov.cn", "jyj2.jiangyuan.gov.cn"])
        #expect(identity.kind == .subsite)
    }

    @Test func everyFooterFieldIsRequired() {
        for field in [
            "name", "sponsor", "organizer", "siteIDCode", "icpFiling", "publicSecurityFiling", "domains",
            "personInCharge", "contactPhone", "contactEmail",
        ] {
            var fields = Self.valid
            fields[field] = "  "
            #expect(throws: FieldErrors.self, "\(field) must be required") { try SiteIdentity.read(fields) }
            do { _ = try SiteIdentity.read(fields) } catch let e as FieldErrors {
                #expect(e.message(for: field)?.hasPrefix("请填写") == true)
            } catch { Issue.record("unexpected \(error)") }
        }
    }

    @Test(arguments: ["123456789", "12345678901", "bm1234567", "ab12345678", "36990000０1"])
    func malformedSiteIDCodeIsRejected(code: String) {
        var fields = Self.valid
        fields["siteIDCode"] = code
        #expect(throws: FieldErrors.self) { try SiteIdentity.read(fields) }
    }

    @Test func stateCouncilDepartmentCodeIsAccepted() {
        #expect(SiteIdentity.isValidSiteIDCode("bm55000001"))
        #expect(SiteIdentity.isValidSiteIDCode("1200000052"))
    }

    @Test func badDomainAndEmailAreNamedInTheMessage() throws {
        var fields = Self.valid
        fields["domains"] = "jyj.gov.cn, bad_domain!.cn"
        fields["contactEmail"] = "not-an-email"
        do {
            _ = try SiteIdentity.read(fields)
            Issue.record("should fail")
        } catch let e as FieldErrors {
            #expect(e.message(for: "domains")?.contains("bad_domain!.cn") == true)
            #expect(e.message(for: "contactEmail") != nil)
        }
    }
}

@Suite struct PasswordAndLoginTests {
    let policy = PasswordPolicy()

    @Test func weakPasswordsAreRefusedWithReasons() {
        #expect(!policy.problems(newPassword: "short1A", username: "editor", isSameAsCurrent: false).isEmpty)
        #expect(!policy.problems(newPassword: "alllowercaseletters", username: "editor", isSameAsCurrent: false).isEmpty)
        #expect(
            policy.problems(newPassword: "Editor-2026-x", username: "editor", isSameAsCurrent: false)
                .contains("密码不能包含用户名"))
        #expect(
            policy.problems(newPassword: "Good-Pass-2026", username: "editor", isSameAsCurrent: true)
                .contains("新密码不能与当前密码相同"))
        #expect(policy.problems(newPassword: "Good-Pass-2026", username: "editor", isSameAsCurrent: false).isEmpty)
    }

    func account(
        status: Account.Status = .active,
        mustChange: Bool = false, changedAt: Date = Date(timeIntervalSince1970: 1_772_000_000)
    ) -> Account {
        Account(
            username: "editor", displayName: "信息员", departmentID: nil, passwordHash: "x", mustChangePassword: mustChange,
            passwordChangedAt: changedAt, status: status, createdAt: changedAt)
    }

    @Test func wrongPasswordsNeverLockTheAccountItself() {
        let now = Date(timeIntervalSince1970: 1_772_100_000)
        var failed = account()
        failed.failedLogins = 50
        #expect(LoginDecision.decide(account: failed, passwordMatches: false, policy: policy, now: now) == .rejected)
        #expect(LoginDecision.decide(account: failed, passwordMatches: true, policy: policy, now: now) == .accepted(mustChangePassword: false))
    }

    @Test func backoffLetsThreeTriesThroughThenDoublesTheWait() {
        let backoff = LoginBackoff()
        #expect((0...2).map { backoff.wait(afterFailures: $0) } == [0, 0, 0])
        #expect(backoff.wait(afterFailures: 3) == 30)
        #expect(backoff.wait(afterFailures: 4) == 60)
        #expect(backoff.wait(afterFailures: 6) == 240)
        #expect(backoff.wait(afterFailures: 40) == 15 * 60)
        let last = Date(timeIntervalSince1970: 1_772_100_000)
        #expect(backoff.nextAttempt(failures: 2, lastFailure: last, now: last) == nil)
        #expect(backoff.nextAttempt(failures: 3, lastFailure: last, now: last.addingTimeInterval(10)) == last.addingTimeInterval(30))
        #expect(backoff.nextAttempt(failures: 3, lastFailure: last, now: last.addingTimeInterval(31)) == nil)
        // A day without failures forgets them.
        #expect(backoff.counted(9, lastFailure: last, now: last.addingTimeInterval(25 * 3600)) == 0)
        #expect(backoff.nextAttempt(failures: 9, lastFailure: last, now: last.addingTimeInterval(25 * 3600)) == nil)
        #expect(LoginBackoff.describe(until: last.addingTimeInterval(30.2), now: last) == "30 秒")
        #expect(LoginBackoff.describe(until: last.addingTimeInterval(240), now: last) == "4 分钟")
    }

    @Test func closedAccountCannotLogIn() {
        #expect(
            LoginDecision.decide(account: account(status: .closed), passwordMatches: true, policy: policy, now: Date())
                == .closed)
    }

    @Test func passwordOlderThanNinetyDaysMustBeChanged() {
        let changed = Date(timeIntervalSince1970: 1_772_000_000)
        let day89 = changed.addingTimeInterval(89 * 86_400)
        let day91 = changed.addingTimeInterval(91 * 86_400)
        #expect(
            LoginDecision.decide(account: account(changedAt: changed), passwordMatches: true, policy: policy, now: day89)
                == .accepted(mustChangePassword: false))
        #expect(
            LoginDecision.decide(account: account(changedAt: changed), passwordMatches: true, policy: policy, now: day91)
                == .accepted(mustChangePassword: true))
    }

    @Test func usernamesFollowTheRule() {
        #expect(Account.isValidUsername("zhang.san"))
        #expect(!Account.isValidUsername("Zhang"))
        #expect(!Account.isValidUsername("张三"))
        #expect(!Account.isValidUsername("ab"))
    }
}
