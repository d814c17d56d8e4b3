import ArgumentParser
import Foundation
import MenhuCore
import MenhuJobs
import MenhuWeb

/// `menhu links check INPUT…`: the inspection's link checker from the command line (P11, M1).
struct LinksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "links", abstract: "链接检查。", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "检查 HTML 文件或网页中的链接：失效（404、连接不上、跳转过多……）、提醒（限流、多次跳转、“页面不存在”页面）。",
            discussion: """
                INPUT 是 HTML 文件或网页地址（http/https）。文件中的相对链接按 --base 解析；没有 --base 时按本地文件检查。
                内网、本机和链路本地地址默认不访问（--allow-private 或 MENHU_LINKCHECK_ALLOW 列出的主机除外）。
                退出码：0 没有失效链接；1 有失效链接；2 输入无法读取或参数有误。
                """)

        @Argument(help: "HTML 文件或网页地址") var inputs: [String]
        @Option(help: "输出格式：text 或 json") var format: String = "text"
        @Flag(help: "也访问内网、本机和链路本地地址") var allowPrivate = false
        @Option(help: "文件中相对链接的基准地址，如 https://www.example.gov.cn/") var base: String?
        @Option(help: "同时进行的请求数") var concurrency: Int = LinkCheckOptions().concurrency
        @Option(help: "对同一主机同时进行的请求数") var hostConcurrency: Int = LinkCheckOptions().perOrigin
        @Option(help: "单个请求的超时秒数") var timeout: Int = 15

        /// One distinct address, in the stable JSON shape.
        struct Entry: Encodable {
            let url: String, status: String, code: Int?, reason: String
            let pages: [String]

            enum CodingKeys: String, CodingKey { case url, status, code, reason, pages }

            /// `code` is always there, null when no response came.
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(url, forKey: .url); try c.encode(status, forKey: .status); try c.encode(code, forKey: .code)
                try c.encode(reason, forKey: .reason); try c.encode(pages, forKey: .pages)
            }
        }

        func run() async throws {
            guard format == "text" || format == "json", timeout > 0, concurrency > 0, hostConcurrency > 0 else {
                FileHandle.standardError.write(Data("参数有误：--format 只能是 text 或 json，数值须大于 0\n".utf8))
                throw ExitCode(2)
            }
            let allow: Set<String>
            do {
                allow = try Configuration(environment: ProcessInfo.processInfo.environment).linkCheckAllow
            } catch let problem as Configuration.Problem {
                FileHandle.standardError.write(Data("\(problem.description)\n".utf8))
                throw ExitCode(2)
            }
            let checker = try LinkChecker(
                options: LinkCheckOptions(
                    concurrency: concurrency, perOrigin: hostConcurrency, timeout: .seconds(timeout), allowPrivate: allowPrivate,
                    allowedHosts: allow))
            // Every input's links: web addresses to request, local files to look for.
            var pagesOf: [String: [String]] = [:]
            var localFiles: [String: [String]] = [:], rootRelative: [String: [String]] = [:]
            var unreadable = false
            for input in inputs {
                let lowered = input.lowercased()
                let html: String, page: URL?
                if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
                    guard let fetched = await checker.page(input) else {
                        FileHandle.standardError.write(Data("无法读取网页：\(input)\n".utf8))
                        unreadable = true
                        continue
                    }
                    (html, page) = (fetched, URL(string: input))
                } else {
                    guard let data = FileManager.default.contents(atPath: input) else {
                        FileHandle.standardError.write(Data("无法读取文件：\(input)\n".utf8))
                        unreadable = true
                        continue
                    }
                    html = String(decoding: data, as: UTF8.self)
                    page = base.flatMap(URL.init(string:))
                }
                let found = LinkExtractor.links(inHTML: html)
                let against = found.base.flatMap { URL(string: $0, relativeTo: page)?.absoluteURL } ?? page
                for link in found.links {
                    if let url = LinkExtractor.absolute(link.value, page: against),
                        url.lowercased().hasPrefix("http://") || url.lowercased().hasPrefix("https://")
                    {
                        pagesOf[url, default: []].append(input)
                    } else if against == nil, !link.value.contains(":") {
                        if link.value.hasPrefix("/") {
                            rootRelative[link.value, default: []].append(input)
                            continue
                        }
                        let path = link.value.prefix { $0 != "?" && $0 != "#" }
                        let file = URL(fileURLWithPath: input).deletingLastPathComponent()
                            .appendingPathComponent(path.removingPercentEncoding ?? String(path)).standardizedFileURL.path
                        localFiles[file, default: []].append(input)
                    }
                }
            }
            let outcomes = await checker.check(Array(pagesOf.keys))
            var entries: [Entry] = outcomes.map { url, o in
                Entry(url: url, status: o.verdict.rawValue, code: o.code, reason: o.reason, pages: Array(Set(pagesOf[url] ?? [])).sorted())
            }
            for (file, pages) in localFiles {
                let exists = FileManager.default.fileExists(atPath: file)
                entries.append(
                    Entry(
                        url: file, status: (exists ? LinkVerdict.ok : .broken).rawValue, code: nil,
                        reason: exists ? "" : "文件不存在；请改为正确路径或删除链接", pages: Array(Set(pages)).sorted()))
            }
            for (path, pages) in rootRelative {
                entries.append(
                    Entry(
                        url: path, status: LinkVerdict.caution.rawValue, code: nil, reason: "站内绝对路径，没有 --base 无法检查",
                        pages: Array(Set(pages)).sorted()))
            }
            func rank(_ e: Entry) -> Int { e.status == "broken" ? 0 : e.status == "caution" ? 1 : 2 }
            entries.sort { (rank($0), $0.url) < (rank($1), $1.url) }
            let broken = entries.filter { $0.status == LinkVerdict.broken.rawValue }.count
            if format == "json" {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(entries), as: UTF8.self))
            } else {
                let cautions = entries.filter { $0.status == LinkVerdict.caution.rawValue }.count
                print("检查 \(entries.count) 个链接：失效 \(broken) 个，提醒 \(cautions) 个，正常 \(entries.count - broken - cautions) 个")
                for e in entries where e.status != LinkVerdict.ok.rawValue {
                    let label = LinkVerdict(rawValue: e.status)?.label ?? e.status
                    print("[\(label)] \(e.url)\(e.code.map { "（HTTP \($0)）" } ?? "")：\(e.reason)")
                    print("    出现在：\(e.pages.joined(separator: "、"))")
                }
            }
            if unreadable { throw ExitCode(2) }
            if broken > 0 { throw ExitCode(1) }
        }
    }
}
