import ArgumentParser
import Foundation
import MenhuCore
import MenhuStore

/// `menhu workdays add|explain`: deadlines in working days on the platform's calendar (I2, I3, I7).
struct WorkdaysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workdays",
        abstract: RuleBasis.plainText("按工作日计算期限：法定节假日不计，调休上班的周六、周日计入（依据 I2、I3）。"),
        discussion: "收到当日为第 0 天，不计入。含半天的期限（0.5、1.5）按工作时间自收到时刻起计算。",
        subcommands: [Add.self, Explain.self])

    /// The question and the calendar to answer it on.
    struct Options: ParsableArguments {
        @Option(help: "收到日期 YYYY-MM-DD（第 0 天）") var from: String
        @Option(help: "工作日数：正整数或半天，如 5、0.5、1.5") var days: String
        @Option(help: "收到时间 HH:MM，只影响含半天的期限（默认当日 00:00，即从当日上班起算）") var at: String?
        @Option(help: "按此数据库的工作日历计算（SQLite 文件路径或 postgres:// 地址）；不给则用内置日历")
        var database: String?

        /// The checked question and the calendar: the database's (built-in plus stored notices), else the built-in one.
        func resolve() async throws -> (DeadlineQuestion, WorkingCalendar) {
            let question: DeadlineQuestion
            do { question = try DeadlineQuestion(from: from, days: days, at: at) } catch { throw CommandError(error.description) }
            guard let database else { return (question, WorkingCalendar()) }
            let db = try await DatabaseOptions.open(DatabaseLocation(database), logger: makeLogger("menhu"))
            do {
                let calendar = try await db.read { sql in try await CalendarRecords.effectiveCalendar(on: sql) }
                await db.shutdown()
                return (question, calendar)
            } catch {
                await db.shutdown()
                throw CommandError("无法读取工作日历：\(error)")
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "输出到期日 YYYY-MM-DD。")
        @OptionGroup var options: Options

        func run() async throws {
            let (question, calendar) = try await options.resolve()
            print(question.dueDate(in: calendar))
        }
    }

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出计入的每个工作日（标明调休上班）、其间的放假和到期日。")
        @OptionGroup var options: Options

        func run() async throws {
            let (question, calendar) = try await options.resolve()
            print(question.explanation(in: calendar).text)
        }
    }
}
