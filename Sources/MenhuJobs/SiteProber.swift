import Foundation
import Logging
import MenhuCore
import MenhuStore
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// 可用性监测 (M1, 站点无法访问): every site's homepage is fetched once per 30-minute slot, as a
/// visitor would, and the time, status, duration and a digest of the body are stored. With several
/// instances the slot's row decides who probes (`ProbeRecords.claim`). A page that has not loaded
/// within 15 s is a failure.
public struct SiteProber: Service {
    let database: Database
    let clock: any WallClock
    let logger: Logger
    /// The addresses of a site's homepage: this server on loopback by the site's code, and those
    /// configured (ProbeTargets).
    let addresses: @Sendable (Site) -> [String]
    /// How often to look for an unprobed slot.
    let interval: Duration

    public init(
        database: Database, clock: any WallClock, logger: Logger, interval: Duration = .seconds(60),
        addresses: @escaping @Sendable (Site) -> [String]
    ) {
        self.database = database; self.clock = clock; self.logger = logger; self.interval = interval; self.addresses = addresses
    }

    /// One pass: probes every site whose current slot nobody has claimed; returns how many it probed.
    @discardableResult
    public func runOnce() async -> Int {
        do {
            let sites = try await database.read { db in try await SiteRecords.all(on: db) }
            var probed = 0
            for site in sites {
                for url in addresses(site) where try await probe(site, url) { probed += 1 }
            }
            return probed
        } catch {
            logger.error("可用性监测失败，将在下一轮重试：\(error)")
            return 0
        }
    }

    /// Probes one address of a site when nobody has claimed its slot; whether it did.
    func probe(_ site: Site, _ url: String) async throws -> Bool {
        let now = clock.now()
        guard try await database.write({ db in try await ProbeRecords.claim(siteID: site.id, address: url, at: now, on: db) })
        else { return false }
        let (probe, digest) = await Self.probe(url, at: now, clock: clock)
        try await database.write { db in
            try await ProbeRecords.record(siteID: site.id, address: url, at: now, probe: probe, bodyDigest: digest, on: db)
        }
        if probe.failed { logger.warning("可用性监测：\(site.name)（\(url)）访问失败（\(probe.error ?? probe.status.map { "HTTP \($0)" } ?? "无响应")）") }
        return true
    }

    public func run() async throws {
        await runPeriodically(every: interval) { await self.runOnce() }
    }

    /// Fetches `url` once, giving up at 15 s; a blank body is a failure too.
    public static func probe(_ url: String, at start: Date, clock: any WallClock) async -> (SiteProbe, String?) {
        guard let target = URL(string: url) else {
            return (SiteProbe(at: start, status: nil, durationMillis: 0, error: "监测地址无效"), nil)
        }
        let began = ContinuousClock.now
        func elapsed() -> Int {
            let d = ContinuousClock.now - began
            return Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000)
        }
        var request = URLRequest(url: target, timeoutInterval: Double(SiteProbe.timeoutMillis) / 1000)
        request.setValue("Menhu availability probe", forHTTPHeaderField: "User-Agent")
        do {
            let (data, response) = try await withCheckedThrowingContinuation { (c: CheckedContinuation<(Data, URLResponse), any Error>) in
                session.dataTask(with: request) { data, response, error in
                    if let error { return c.resume(throwing: error) }
                    guard let response else { return c.resume(throwing: URLError(.badServerResponse)) }
                    c.resume(returning: (data ?? Data(), response))
                }.resume()
            }
            let status = (response as? HTTPURLResponse)?.statusCode
            let blank = data.isEmpty ? "页面内容为空" : nil
            return (SiteProbe(at: start, status: status, durationMillis: elapsed(), error: blank), Digest.hex(data))
        } catch let error as URLError where error.code == .timedOut {
            return (SiteProbe(at: start, status: nil, durationMillis: max(elapsed(), SiteProbe.timeoutMillis), error: "超过 15 秒未打开"), nil)
        } catch {
            return (SiteProbe(at: start, status: nil, durationMillis: elapsed(), error: "无法连接：\(error.localizedDescription)"), nil)
        }
    }

    static let session = URLSession(configuration: .ephemeral)
}
