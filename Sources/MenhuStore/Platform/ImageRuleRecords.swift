import Foundation
import MenhuCore
import SQLKit

/// P12: the size a site asks of its pages' pictures (网页图片规格), one `settings` entry per site;
/// no entry means no advice.
public enum ImageRuleRecords {
    static func key(siteID: String) -> String { "image-size-rule:\(siteID)" }

    /// The site's rule, or nil when the site gives no advice on picture sizes.
    public static func rule(siteID: String, on db: any SQLDatabase) async throws -> ImageSizeRule? {
        try await db.setting(key(siteID: siteID)).flatMap(ImageSizeRule.init)
    }
}

extension PlatformService {
    /// P12: sets the site's picture size from what the site admin typed ("500×375"; empty turns
    /// the advice off), with its event. `FieldErrors` on `imageRule` for anything else.
    @discardableResult
    public func setImageRule(siteID: String, _ text: String, by actor: Actor) async throws -> ImageSizeRule? {
        let rule: ImageSizeRule?
        if text.trimmed.isEmpty {
            rule = nil
        } else {
            guard let parsed = ImageSizeRule(text) else {
                throw FieldErrors.single("imageRule", "请按“宽×高”填写像素，如 500×375（16 至 10000）；留空则不提示")
            }
            rule = parsed
        }
        let now = clock.now()
        return try await database.write { db in
            let before = try await ImageRuleRecords.rule(siteID: siteID, on: db)
            guard before != rule else { return rule }
            try await db.setSetting(ImageRuleRecords.key(siteID: siteID), rule?.text ?? "")
            try await AuditRecords.append(
                actor.event(
                    "site.image-rule", "site", siteID, siteID: siteID,
                    summary: rule.map { "网页图片规格：上传图片时按 \($0.text)、宽高比 \($0.ratio) 提示" } ?? "网页图片规格：不再提示",
                    requirement: "P12", at: now), on: db)
            return rule
        }
    }
}
