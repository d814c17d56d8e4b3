import Foundation

/// What a site changes of its theme (主题定制): single templates, the main colour, the logo and
/// the banner. Site admins edit a draft, preview it, then publish it. W2.
public struct ThemeOverrides: Sendable, Equatable {
    /// Template name → Mustache source replacing the theme's.
    public var templates: [String: String] = [:]
    /// The main colour (`#rrggbb`), used for the header band, headings and links.
    public var primaryColour: String?
    /// Address of the logo picture shown before the site name (an uploaded file).
    public var logoURL: String?
    /// Address of the banner picture behind the header (an uploaded file).
    public var bannerURL: String?

    public init(templates: [String: String] = [:], primaryColour: String? = nil, logoURL: String? = nil, bannerURL: String? = nil) {
        self.templates = templates; self.primaryColour = primaryColour; self.logoURL = logoURL; self.bannerURL = bannerURL
    }

    public var isEmpty: Bool { templates.isEmpty && primaryColour == nil && logoURL == nil && bannerURL == nil }

    // MARK: Stored form: one row per name

    /// Names of the stored rows: `template:NAME`, `colour`, `logo`, `banner`.
    public static let colourKey = "colour", logoKey = "logo", bannerKey = "banner", templatePrefix = "template:"

    /// Builds overrides from stored name → value pairs.
    public init(values: [String: String]) {
        for (name, value) in values {
            if name.hasPrefix(Self.templatePrefix) {
                templates[String(name.dropFirst(Self.templatePrefix.count))] = value
            } else if name == Self.colourKey {
                primaryColour = value
            } else if name == Self.logoKey {
                logoURL = value
            } else if name == Self.bannerKey {
                bannerURL = value
            }
        }
    }

    /// A stable digest of the template texts (to reuse compiled templates).
    public var templatesKey: String {
        templates.keys.sorted().map { "\($0)\u{1}\(templates[$0]!)" }.joined(separator: "\u{2}")
    }

    // MARK: Checks

    /// The largest template a site may store.
    public static let maxTemplateBytes = 64 * 1024

    /// W2 (contrast ≥ 4.5:1): the main colour is used for text on white and for white text on it,
    /// so it must reach 4.5:1 against white. Returns the problem, or nil.
    public static func colourProblem(_ text: String) -> String? {
        guard let rgb = parseColour(text) else { return "颜色应写成 #RRGGBB，例如 #b3191e" }
        let ratio = contrastRatio(rgb, (255, 255, 255))
        if ratio < 4.5 {
            return String(format: "该颜色与白色的对比度为 %.1f:1，低于 4.5:1，文字会看不清（依据 W2，WCAG 2.1 AA）。请选更深的颜色。", ratio)
        }
        return nil
    }

    /// `#rrggbb` (or `#rgb`) as three bytes.
    public static func parseColour(_ text: String) -> (Int, Int, Int)? {
        var hex = text.trimmed.lowercased()
        guard hex.hasPrefix("#") else { return nil }
        hex.removeFirst()
        if hex.count == 3 { hex = hex.map { "\($0)\($0)" }.joined() }
        guard hex.count == 6, hex.allSatisfy(\.isHexDigit), let value = Int(hex, radix: 16) else { return nil }
        return (value >> 16 & 0xff, value >> 8 & 0xff, value & 0xff)
    }

    /// `#rrggbb` in lower case.
    public static func normalisedColour(_ text: String) -> String? {
        parseColour(text).map { String(format: "#%02x%02x%02x", $0.0, $0.1, $0.2) }
    }

    /// WCAG 2.1 contrast ratio of two sRGB colours.
    public static func contrastRatio(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Double {
        func channel(_ c: Int) -> Double {
            let s = Double(c) / 255
            return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
        }
        func luminance(_ c: (Int, Int, Int)) -> Double { 0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2) }
        let (l1, l2) = (luminance(a), luminance(b))
        return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
    }

    /// Logo and banner are pictures uploaded to the platform (`/files/{id}/{name}`), so a theme never
    /// loads anything from elsewhere.
    public static func isPlatformPicture(_ url: String) -> Bool {
        guard url.hasPrefix("/files/"), !url.contains(where: { $0.isWhitespace || "\"'<>()\\".contains($0) }) else { return false }
        let ext = url.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return ["png", "jpg", "jpeg"].contains(ext)
    }
}
