import Foundation

/// W5: a 办事指南 as structured data: the ten elements the national checklist (国办秘函〔2019〕19号,
/// 服务不实用) looks for. An item in a 办事服务 column is a guide; its forms are the files its body
/// links to.
public struct ServiceGuide: Sendable, Equatable, Codable {
    /// One element of a guide (办事指南要素).
    public enum Element: String, Sendable, CaseIterable, Codable {
        /// 事项名称.
        case itemName
        /// 设定依据.
        case basis
        /// 申请条件.
        case conditions
        /// 办理材料.
        case materials
        /// 办理地点.
        case place
        /// 办理机构.
        case agency
        /// 收费标准.
        case fees
        /// 办理时间.
        case hours
        /// 联系电话.
        case phone
        /// 办理流程.
        case process

        public var label: String {
            switch self {
            case .itemName: "事项名称"
            case .basis: "设定依据"
            case .conditions: "申请条件"
            case .materials: "办理材料"
            case .place: "办理地点"
            case .agency: "办理机构"
            case .fees: "收费标准"
            case .hours: "办理时间"
            case .phone: "联系电话"
            case .process: "办理流程"
            }
        }

        /// What the editor is asked for.
        public var hint: String {
            switch self {
            case .itemName: "如：义务教育阶段学生转学"
            case .basis: "法律、法规、规章或规范性文件的名称和条款"
            case .conditions: "申请人须具备的条件"
            case .materials: "每份材料的名称、份数和要求，一行一份"
            case .place: "办理窗口的详细地址；可网上办理的写明网址"
            case .agency: "受理和决定的机构"
            case .fees: "收费项目、标准和依据；不收费的写“不收费”"
            case .hours: "工作日的受理时间，以及承诺办结时限"
            case .phone: "咨询电话和监督投诉电话"
            case .process: "从申请到办结的步骤，一行一步"
            }
        }

        /// Kept longest.
        public var maxLength: Int { self == .itemName || self == .phone || self == .agency ? 200 : 4000 }
    }

    /// The elements' texts, by element; a missing one is empty.
    public var texts: [Element: String]

    public init(_ texts: [Element: String] = [:]) {
        self.texts = texts.filter { !$0.value.isEmpty }
    }

    public subscript(_ element: Element) -> String {
        get { texts[element] ?? "" }
        set { texts[element] = newValue.isEmpty ? nil : newValue }
    }

    /// The elements left empty (white space counts as empty), in the checklist's order.
    public var missing: [Element] {
        Element.allCases.filter { self[$0].trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }

    // Stored as an object keyed by element name, in a fixed order (the revision's canonical JSON).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Element.self)
        var texts: [Element: String] = [:]
        for e in Element.allCases { texts[e] = try c.decodeIfPresent(String.self, forKey: e) }
        self.init(texts.compactMapValues { $0 })
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Element.self)
        for e in Element.allCases where !self[e].isEmpty { try c.encode(self[e], forKey: e) }
    }
}

extension ServiceGuide.Element: CodingKey {}

/// 服务不实用 (国办秘函〔2019〕19号): a site with no 办事服务, or whose 办事指南 lack elements. W5.
public enum ServiceRule {
    /// A live guide and the elements it lacks (an item in a 办事服务 column without a structured
    /// guide lacks all ten).
    public struct Guide: Sendable, Equatable {
        public let title: String
        public let missing: [ServiceGuide.Element]

        public init(title: String, missing: [ServiceGuide.Element]) { self.title = title; self.missing = missing }
    }

    /// The checklist's count of how badly a guide may lack elements before the site is vetoed is
    /// not confirmed (regulatory-spec §2: "4 类及以上要素缺失的事项达 5 个"); that reading is used.
    public static let vetoMissingElements = 4, vetoGuides = 5

    public static let threshold = "无办事服务，或办事指南要素缺失（缺 4 类及以上要素的事项达 5 个）"

    /// `serviceColumns`: the site's 办事服务 columns that are not archived.
    public static func evaluate(serviceColumns: Int, guides: [Guide]) -> IndicatorResult {
        guard serviceColumns > 0, !guides.isEmpty else {
            return IndicatorResult(
                indicator: .serviceUseless, verdict: .veto,
                value: serviceColumns == 0 ? "没有办事服务栏目" : "办事服务栏目中没有已发布的办事指南", threshold: threshold,
                findings: [serviceColumns == 0 ? "请设置办事服务栏目并发布办事指南" : "请在办事服务栏目中发布办事指南"])
        }
        let lacking = guides.filter { !$0.missing.isEmpty }
        let badly = lacking.filter { $0.missing.count >= vetoMissingElements }
        let verdict: InspectionVerdict = badly.count >= vetoGuides ? .veto : lacking.isEmpty ? .pass : .atRisk
        return IndicatorResult(
            indicator: .serviceUseless, verdict: verdict,
            value: "办事指南 \(guides.count) 个；要素不全 \(lacking.count) 个，其中缺 4 类及以上 \(badly.count) 个", threshold: threshold,
            findings: lacking.prefix(20).map { g in "「\(g.title)」缺少\(g.missing.map(\.label).joined(separator: "、"))" })
    }
}
