import Foundation

/// An organisation that owns columns: a unit (单位, e.g. 市教育局) or a department
/// inside one (处室/科室). O1, O4.
public struct Department: Sendable, Equatable, Identifiable {
    public var id: String
    public var name: String
    /// The unit this department belongs to; nil for a unit itself.
    public var parentID: String?
    /// The site this unit mainly publishes on, if any.
    public var siteID: String?
    public var createdAt: Date

    public init(id: String = RecordID.make(), name: String, parentID: String?, siteID: String?, createdAt: Date) {
        self.id = id; self.name = name; self.parentID = parentID; self.siteID = siteID; self.createdAt = createdAt
    }

    /// True for a unit (单位), false for a department inside one (处室).
    public var isUnit: Bool { parentID == nil }

    /// The name with its unit for a department (`江源市教育局／办公室`), the name alone for a unit.
    public func fullName(among all: [String: Department]) -> String {
        parentID.flatMap { all[$0] }.map { "\($0.name)／\(name)" } ?? name
    }

    /// The organ (机关) the department belongs to: the unit at the top of its tree. A disclosed
    /// document's 发布机构 is an organ, never one of its internal offices (政府信息公开条例 art. 10).
    public func organ(among all: [String: Department]) -> Department {
        var unit = self, seen: Set<String> = [id]
        while let parent = unit.parentID.flatMap({ all[$0] }), seen.insert(parent.id).inserted { unit = parent }
        return unit
    }
}
