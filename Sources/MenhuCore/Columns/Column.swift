import Foundation

/// The kind of a column, shown as the national `ColumnType` meta tag.
public enum ColumnKind: String, Sendable, CaseIterable {
    case news, notice, policy, interpretation, disclosure, service, topic, interaction, download, overview, other

    /// The Chinese name, used as the ColumnType meta value.
    public var label: String {
        switch self {
        case .news: "政务动态"
        case .notice: "通知公告"
        case .policy: "政策文件"
        case .interpretation: "政策解读"
        case .disclosure: "政府信息公开"
        case .service: "办事服务"
        case .topic: "专题专栏"
        case .interaction: "互动交流"
        case .download: "下载中心"
        case .overview: "概况信息"
        case .other: "其他"
        }
    }
}

/// A column of a site (栏目), owned by a department with an update rule. O1, F1, S5.
///
/// What the column form sets lives in `settings` and reads as properties of the
/// column: `column.name`, `column.updateRule`.
@dynamicMemberLookup
public struct Column: Sendable, Equatable, Identifiable {
    public var id: String
    public var siteID: String
    /// O1, F1: name, place in the tree, owner department, update rule, requirements.
    public var settings: ColumnSettings
    /// S5: columns that can no longer be kept up are archived, never deleted.
    public var archivedAt: Date?
    public var createdAt: Date

    public init(id: String = RecordID.make(), siteID: String, settings: ColumnSettings, archivedAt: Date? = nil, createdAt: Date) {
        self.id = id; self.siteID = siteID; self.settings = settings; self.archivedAt = archivedAt; self.createdAt = createdAt
    }

    /// The settings, as properties of the column.
    public subscript<T>(dynamicMember path: WritableKeyPath<ColumnSettings, T>) -> T {
        get { settings[keyPath: path] }
        set { settings[keyPath: path] = newValue }
    }

    public var isArchived: Bool { archivedAt != nil }

    /// Path segments that public URLs use for other things.
    public static let reservedSlugs: Set<String> = [
        "admin", "api", "static", "sites", "healthz", "metrics", "a", "search", "sitemap", "feedback", "disclosure",
    ]

    /// Slugs: lowercase letters, digits and hyphens, 1–40, not reserved.
    public static func isValidSlug(_ slug: String) -> Bool {
        guard (1...40).contains(slug.count), !reservedSlugs.contains(slug), !slug.hasPrefix("-") else { return false }
        return slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// The fields of the column form, checked. O1, F1.
public struct ColumnSettings: Sendable, Equatable {
    public var name: String
    /// Path segment in public URLs, unique within the site.
    public var slug: String
    /// Shown as the national `ColumnType` meta tag.
    public var kind: ColumnKind
    public var parentID: String?
    /// O1: the department answerable for the column's content.
    public var ownerDepartmentID: String?
    /// F1: required update frequency.
    public var updateRule: UpdateRule
    /// O1: what the column must contain (内容要求).
    public var contentRequirements: String
    /// O1: quality requirements (质量要求).
    public var qualityRequirements: String
    /// One sentence shown under the name on the public page.
    public var summary: String
    /// Whether the column is shown in the site's main navigation.
    public var inNavigation: Bool
    public var sortOrder: Int

    public init(
        name: String, slug: String, kind: ColumnKind, parentID: String? = nil, ownerDepartmentID: String?,
        updateRule: UpdateRule, contentRequirements: String = "", qualityRequirements: String = "",
        summary: String = "", inNavigation: Bool = true, sortOrder: Int = 0
    ) {
        self.name = name; self.slug = slug; self.kind = kind; self.parentID = parentID
        self.ownerDepartmentID = ownerDepartmentID; self.updateRule = updateRule
        self.contentRequirements = contentRequirements; self.qualityRequirements = qualityRequirements
        self.summary = summary; self.inNavigation = inNavigation; self.sortOrder = sortOrder
    }

    /// Reads and validates the column form against the site's existing columns.
    ///
    /// - Parameters:
    ///   - editing: the column being edited, nil when creating.
    ///   - columns: every column of the site.
    ///   - departmentIDs: the departments that may own columns.
    public static func read(
        _ fields: [String: String], editing: Column?, columns: [Column], departmentIDs: Set<String>
    ) throws -> ColumnSettings {
        var form = FormReader(fields)
        let name = form.required("name", label: "栏目名称", maxLength: 30)
        let slug = form.required("slug", label: "栏目路径", maxLength: 40).lowercased()
        if !slug.isEmpty {
            if !Column.isValidSlug(slug) {
                form.errors.add("slug", "栏目路径只能由小写字母、数字和连字符组成，且不能使用保留字")
            } else if columns.contains(where: { $0.slug == slug && $0.id != editing?.id }) {
                form.errors.add("slug", "本网站已有路径为“\(slug)”的栏目")
            }
        }
        if !name.isEmpty,
            columns.contains(where: {
                $0.name == name && $0.id != editing?.id && $0.parentID == (form.optional("parentID").isEmpty ? nil : form.optional("parentID"))
            })
        {
            form.errors.add("name", "同一上级栏目下已有同名栏目")
        }
        let kind = ColumnKind(rawValue: form.optional("kind"))
        if kind == nil { form.errors.add("kind", "请选择栏目类型") }
        let parentText = form.optional("parentID")
        var parentID: String? = nil
        if !parentText.isEmpty {
            let tree = ColumnTree(columns)
            if let parent = columns.first(where: { $0.id == parentText }) {
                if parent.isArchived {
                    form.errors.add("parentID", "不能移到已归档的栏目下")
                } else if let editing, parent.id == editing.id || tree.ancestors(of: parent.id).contains(editing.id) {
                    form.errors.add("parentID", "不能把栏目移到它自己或它的下级栏目下")
                } else if tree.depth(of: parent.id) >= 3 {
                    form.errors.add("parentID", "栏目最多四级")
                } else {
                    parentID = parent.id
                }
            } else {
                form.errors.add("parentID", "上级栏目不存在")
            }
        }
        let owner = form.optional("ownerDepartmentID")
        if owner.isEmpty {
            form.errors.add("ownerDepartmentID", "请选择栏目责任处室（依据 O1）")
        } else if !departmentIDs.contains(owner) {
            form.errors.add("ownerDepartmentID", "所选处室不存在")
        }
        var rule = UpdateRule.none
        switch UpdateRule.fromForm(kind: form.optional("updateRule"), fixedDates: form.optional("fixedDates")) {
        case .success(let r): rule = r
        case .failure(let e): for p in e.problems { form.errors.add(p.field, p.message) }
        }
        let content = form.limited("contentRequirements", label: "内容要求", maxLength: 500)
        let quality = form.limited("qualityRequirements", label: "质量要求", maxLength: 500)
        let summary = form.limited("summary", label: "栏目说明", maxLength: 200)
        let orderText = form.optional("sortOrder")
        let order = orderText.isEmpty ? 0 : Int(orderText)
        if order == nil || !(0...9999).contains(order!) { form.errors.add("sortOrder", "排序应为 0 到 9999 的整数") }
        try form.errors.throwIfAny()
        return ColumnSettings(
            name: name, slug: slug, kind: kind!, parentID: parentID, ownerDepartmentID: owner, updateRule: rule,
            contentRequirements: content, qualityRequirements: quality, summary: summary,
            inNavigation: form.optional("inNavigation") == "on" || form.optional("inNavigation") == "1",
            sortOrder: order ?? 0)
    }
}

/// A site's columns arranged as a tree, in display order.
public struct ColumnTree: Sendable {
    /// A column with its depth (0 for a top-level column).
    public struct Entry: Sendable {
        public var column: Column
        public var depth: Int
    }

    private let byID: [String: Column]
    private let children: [String?: [Column]]

    public init(_ columns: [Column]) {
        let byID = columns.byID()
        self.byID = byID
        var children: [String?: [Column]] = [:]
        for column in columns {
            // A parent outside the set is treated as the root, so nothing is lost from view.
            let parent = column.parentID.flatMap { byID[$0] == nil ? nil : $0 }
            children[parent, default: []].append(column)
        }
        self.children = children.mapValues { $0.sorted { ($0.sortOrder, $0.name) < ($1.sortOrder, $1.name) } }
    }

    /// Every column, depth first, siblings by sort order then name.
    public var entries: [Entry] {
        var result: [Entry] = []
        func walk(_ parent: String?, _ depth: Int) {
            for column in children[parent] ?? [] {
                result.append(Entry(column: column, depth: depth))
                walk(column.id, depth + 1)
            }
        }
        walk(nil, 0)
        return result
    }

    /// Direct children of `id` (or top-level columns for nil).
    public func children(of id: String?) -> [Column] { children[id] ?? [] }

    /// Ancestors of `id`, nearest first.
    public func ancestors(of id: String) -> [String] {
        var result: [String] = []
        var current = byID[id]?.parentID
        while let c = current, byID[c] != nil, !result.contains(c) {
            result.append(c)
            current = byID[c]?.parentID
        }
        return result
    }

    /// The column and every column below it (a parent column lists its sub-columns' items).
    public func subtree(of id: String) -> [String] {
        var result = [id]
        var queue = [id]
        while let next = queue.popLast() {
            for child in children(of: next) where !result.contains(child.id) {
                result.append(child.id); queue.append(child.id)
            }
        }
        return result
    }

    /// The column and its ancestors, used for access checks on column grants.
    public func path(of id: String) -> [String] { [id] + ancestors(of: id) }

    /// 0 for a top-level column.
    public func depth(of id: String) -> Int { ancestors(of: id).count }

    /// The column with `id`.
    public func column(_ id: String) -> Column? { byID[id] }
}
