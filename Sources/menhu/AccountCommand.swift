import ArgumentParser
import Foundation
import MenhuCore
import MenhuStore

struct AccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account", abstract: RuleBasis.plainText("账号：开通、注销、重置密码（依据 O4、O6）。"),
        subcommands: [Create.self, Close.self, Reset.self])

    /// Runs a service call and turns its errors into readable messages with a non-zero exit.
    static func perform<T>(_ db: DatabaseOptions, _ body: (PlatformService) async throws -> T) async throws -> T {
        let database = try await db.open(logger: makeLogger("menhu"))
        let service = PlatformService(database: database)
        do {
            let result = try await body(service)
            await database.shutdown()
            return result
        } catch let errors as FieldErrors {
            await database.shutdown()
            throw CommandError(errors.problems.map(\.message).joined(separator: "；"))
        } catch let error as ServiceError {
            await database.shutdown()
            throw CommandError(error.description)
        } catch {
            await database.shutdown()
            throw error
        }
    }

    static func account(_ username: String, _ service: PlatformService) async throws -> Account {
        guard let account = try await service.database.read({ db in try await AccountRecords.find(username: username.lowercased(), on: db) }) else {
            throw ServiceError.notFound("账号 \(username) 不存在")
        }
        return account
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "开通账号并授予角色。")
        @Option(help: "用户名") var username: String
        @Option(help: "角色：\(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: String
        @Option(help: "网站代码（按网站授权的角色必填）") var site: String?
        @Option(help: "所在单位或处室名称") var department: String?
        @Option(help: "姓名") var name: String?
        @Flag(name: .customLong("password-stdin"), help: "从标准输入读取初始密码（首次登录须修改）") var passwordStdin = false
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("角色不存在：\(role)。可用：\(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var password: String? = nil
            if passwordStdin {
                password = readLine(strippingNewline: true) ?? ""
            }
            let made = try await AccountCommand.perform(db) { service in
                let (siteID, departmentID) = try await service.database.read { db -> (String?, String?) in
                    var siteID: String? = nil
                    if let site {
                        guard let found = try await SiteRecords.find(code: site, on: db) else { throw ServiceError.notFound("网站 \(site) 不存在") }
                        siteID = found.id
                    }
                    var departmentID: String? = nil
                    if let department {
                        guard let found = try await DepartmentRecords.all(on: db).first(where: { $0.name == department }) else {
                            throw ServiceError.notFound("单位或处室“\(department)”不存在")
                        }
                        departmentID = found.id
                    }
                    return (siteID, departmentID)
                }
                return try await service.createAccount(
                    username: username, displayName: name ?? username,
                    departmentID: departmentID, initialPassword: password,
                    grant: (role, siteID, nil), by: .commandLine())
            }
            print("已开通账号 \(made.account.username)（\(role.label)）")
            if password == nil { print("初始密码（只显示这一次，首次登录须修改）：\(made.initialPassword)") }
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "注销账号（人员离岗当天）。")
        @Option(help: "用户名") var username: String
        @Option(help: "注销原因") var reason: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let closed = try await AccountCommand.perform(db) { service in
                let account = try await AccountCommand.account(username, service)
                return try await service.closeAccount(id: account.id, reason: reason, by: .commandLine())
            }
            print("已注销账号 \(closed.username)")
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重置密码，生成新的初始密码（该账号的所有登录会话随即结束）。")
        @Option(help: "用户名") var username: String
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let made = try await AccountCommand.perform(db) { service in
                let account = try await AccountCommand.account(username, service)
                return try await service.resetPassword(id: account.id, by: .commandLine())
            }
            print("已重置 \(made.account.username) 的密码。新的初始密码（只显示这一次，首次登录须修改）：\(made.initialPassword)")
        }
    }
}
