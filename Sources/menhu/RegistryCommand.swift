import ArgumentParser
import Foundation
import MenhuCore
import MenhuStore

/// The text registry (文本登记备案, P6).
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: RuleBasis.plainText("文本登记备案（依据 P6）。"),
        subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "从第一条起逐条校验登记链；发现被修改、删除或插入的登记时指出第一条并以退出码 1 结束。")
        @OptionGroup var db: DatabaseOptions

        func run() async throws {
            let database = try await db.open(logger: makeLogger("menhu"))
            let verifier: RegistryVerifier
            do {
                verifier = try await database.read { db in try await PublishingRecords.verifyRegistry(on: db) }
            } catch {
                await database.shutdown()
                throw error
            }
            await database.shutdown()
            if let broken = verifier.firstBroken {
                throw CommandError("文本登记链在第 \(broken.sequence) 条断开：\(broken.problem)。此前 \(verifier.checked) 条完好。")
            }
            print("文本登记链完好：共 \(verifier.checked) 条，最后一条哈希 \(verifier.previousHash)")
        }
    }
}
