import Foundation
import Logging
import MenhuChecks
import MenhuCore
import MenhuStore

/// Everything the web application depends on; tests build one with a fake clock and
/// a fast password hasher.
public struct WebEnvironment: Sendable {
    public let database: Database
    public let service: PlatformService
    public let renderer: Renderer
    public var clock: any WallClock { service.clock }
    /// Three-step publishing, on the same database and clock.
    public var publishing: PublishingService {
        PublishingService(database: database, clock: service.clock, gate: ContentGate.gate(imageByteLimit: imageByteLimit))
    }
    /// Letters from the public (互动交流), with their history and events.
    public var letters: LetterService { LetterService(database: database, clock: service.clock) }
    /// 依申请公开: requests on the legal clock, their documents and events.
    public var disclosure: DisclosureService { DisclosureService(database: database, clock: service.clock) }
    public var surveys: SurveyService { SurveyService(database: database, clock: service.clock) }
    public var interviews: InterviewService { InterviewService(database: database, clock: service.clock) }
    /// Uploads, with their events.
    var files: FileService { FileService(database: database, clock: service.clock) }
    /// A site's theme drafts, with their events.
    var themes: ThemeService { ThemeService(database: database, clock: service.clock) }
    /// The content gate's word lists, with their events and re-checks.
    var dictionaries: DictionaryService { DictionaryService(database: database, clock: service.clock) }
    /// Mark session cookies `Secure` (behind HTTPS). Also set per request by `X-Forwarded-Proto: https`.
    public var secureCookies: Bool
    /// P12: pictures larger than this warn at the content gate (`MENHU_IMAGE_LIMIT_KB`).
    public var imageByteLimit: Int
    /// Whether the database holds the demo platform (pages then say so).
    public var isDemo: Bool
    public var logger: Logger
    /// Reverse proxies whose X-Forwarded-For is believed (`MENHU_TRUSTED_PROXIES`).
    public var trustedProxies: Set<String>
    /// Rendered public pages (dropped by PageChangeRecords).
    public let pageCache: PageCache
    /// Failed logins per client address: 100 within 5 minutes.
    let loginThrottle = FailureThrottle(limit: 100, window: 300)
    /// I1: failed 留言查询 per client address: 20 within 10 minutes.
    let lookupThrottle = FailureThrottle(limit: 20, window: 600)
    /// Header and idle timeouts of every connection (`MENHU_HEADER_TIMEOUT`, `MENHU_IDLE_TIMEOUT`).
    public var connectionTimeouts = ConnectionTimeouts()
    /// `/metrics` answers loopback clients, and others that send this bearer token (`MENHU_METRICS_TOKEN`).
    public var metricsToken: String?

    public init(
        database: Database, service: PlatformService, renderer: Renderer, secureCookies: Bool = false,
        isDemo: Bool = false, trustedProxies: Set<String> = [], imageByteLimit: Int = ContentGate.defaultImageLimit,
        pageCache: PageCache = PageCache(),
        logger: Logger = Logger(label: "menhu.web")
    ) {
        self.imageByteLimit = imageByteLimit
        self.pageCache = pageCache
        self.database = database; self.service = service; self.renderer = renderer
        self.secureCookies = secureCookies; self.isDemo = isDemo; self.trustedProxies = trustedProxies; self.logger = logger
    }
}
