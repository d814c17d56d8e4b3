import Foundation
import Logging
import MenhuCore
import MenhuStore
import ServiceLifecycle

/// I2: reminds the people who must act of letters' deadlines, before they end and when they have
/// passed (`LetterReminderRecords.scan`), every few minutes. The reminders are in the database, so
/// with several instances each is made once.
public struct LetterReminderScan: Service {
    let database: Database
    let clock: any WallClock
    let logger: Logger
    let interval: Duration
    /// Where reminders are also e-mailed to people with an address; nil: in the console only.
    let smtp: SMTPSettings?

    public init(
        database: Database, clock: any WallClock, logger: Logger, interval: Duration = .seconds(300), smtp: SMTPSettings? = nil
    ) {
        self.database = database; self.clock = clock; self.logger = logger; self.interval = interval; self.smtp = smtp
    }

    /// One pass; returns how many reminders were made.
    @discardableResult
    public func runOnce() async -> Int {
        do {
            let now = clock.now()
            let made = try await database.write { db in try await LetterReminderRecords.scan(now: now, on: db) }
            if made > 0 { logger.info("留言到期提醒：\(made) 条") }
            if let smtp {
                await mail(via: smtp, now: now)
                await mailIncidents(via: smtp, now: now)
            }
            return made
        } catch {
            logger.error("留言到期提醒失败，将在下一轮重试：\(error)")
            return 0
        }
    }

    /// I2: e-mails the reminders claimed by this instance; one that the relay defers or cannot take
    /// now is tried again on the next pass, one it refuses for good is not.
    func mail(via smtp: SMTPSettings, now: Date) async {
        await send(
            "提醒邮件", via: smtp, now: now,
            claim: { try await database.write { try await LetterReminderRecords.claimMail(limit: 50, now: now, on: $0) } },
            message: { Self.message($0) },
            unclaim: { mail in try await database.write { try await LetterReminderRecords.unclaimMail(id: mail.reminder.id, on: $0) } })
    }

    /// M3: e-mails the incident notices (a veto indicator turned red) claimed by this instance, the
    /// same way as the reminders.
    func mailIncidents(via smtp: SMTPSettings, now: Date) async {
        await send(
            "告警邮件", via: smtp, now: now, claim: { try await database.write { try await IncidentRecords.claimMail(limit: 50, now: now, on: $0) } },
            message: { Self.message($0) },
            unclaim: { mail in try await database.write { try await IncidentRecords.unclaimMail(id: mail.id, on: $0) } })
    }

    /// Sends what `claim` took for this instance (each claimed by one instance only); a mail the
    /// relay defers or cannot take now is given back to be tried on the next pass, one it refuses
    /// for good is not.
    func send<Mail: Sendable>(
        _ what: String, via smtp: SMTPSettings, now: Date, claim: () async throws -> [Mail],
        message: (Mail) -> MailMessage, unclaim: (Mail) async throws -> Void
    ) async {
        do {
            let mails = try await claim()
            for mail in mails {
                let message = message(mail)
                do {
                    try await Mailer.send(message, via: smtp, now: now)
                } catch MailError.refused(let why) {
                    logger.warning("\(what)被邮件服务器拒收（\(message.to)）：\(why)")
                } catch {
                    logger.warning("\(what)暂未发出，下一轮重试（\(message.to)）：\(error)")
                    try await unclaim(mail)
                }
            }
        } catch {
            logger.error("\(what)发送失败，将在下一轮重试：\(error)")
        }
    }

    /// The e-mail of one incident notice, in Chinese.
    public static func message(_ mail: IncidentRecords.Mail) -> MailMessage {
        MailMessage(
            to: mail.email, subject: "【网站健康告警】\(mail.siteName)：\(mail.title)",
            body: """
                \(mail.name)：

                \(ChinaTime.minute(mail.raisedAt)) 日常自查发现\(mail.siteName)\(mail.title)。
                \(mail.detail)

                全国政府网站抽查中单项否决指标不合格即判定网站不合格（国办秘函〔2019〕19号），请立即组织整改。
                网站健康：/admin/sites/\(mail.siteCode)/health　整改事项：/admin/sites/\(mail.siteCode)/rectifications

                （本邮件由政府网站集约化平台自动发送，请勿回复。）
                """)
    }

    /// The e-mail of one reminder, in Chinese.
    public static func message(_ mail: LetterReminderRecords.Mail) -> MailMessage {
        let (r, l) = (mail.reminder, mail.letter)
        let due = ChinaTime.minute(r.dueAt)
        return MailMessage(
            to: mail.email, subject: "【留言\(r.kind.label)】\(l.number)“\(l.title)” \(r.step.label)时限 \(due)",
            body: """
                \(mail.name)：

                留言 \(l.number)“\(l.title)”的\(r.step.label)环节\(r.kind == .overdue ? "已于 \(due) 超期" : "将于 \(due) 到期")，请及时办理。

                请登录政府网站管理后台，在“留言办理”中打开这件留言：/admin/letters/\(l.id)

                （本邮件由政府网站集约化平台自动发送，请勿回复。）
                """)
    }

    public func run() async throws {
        await runPeriodically(every: interval) { await self.runOnce() }
    }
}
