internal import CLibXML2
import MenhuCore

/// Turns any submitted HTML (typed, pasted from Word or WPS, or converted from .docx) into
/// the allow-listed HTML Menhu stores (DESIGN: stored HTML sanitised on the way in).
///
/// libxml2's HTML parser does the forgiving parsing; this type then rebuilds the text from
/// the tree, keeping only allowed elements and attributes. Styling, classes, scripts,
/// event handlers, frames and forms never survive; unknown elements are unwrapped
/// (their text kept), dangerous ones dropped with their content.
public enum Sanitizer {
    /// Elements kept, after renaming (`b`→`strong`, `h1`→`h2`…).
    static let allowed: Set<String> = [
        "p", "br", "h2", "h3", "h4", "strong", "em", "u", "sub", "sup", "ul", "ol", "li", "blockquote",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "a", "img", "figure", "figcaption", "hr",
        "pre", "code",
    ]
    static let renamed: [String: String] = ["b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"]
    /// Elements removed together with everything inside them.
    static let dropped: Set<String> = [
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "head", "title", "template",
        "noscript", "svg", "math", "form", "input", "button", "select", "textarea", "option", "link", "meta", "base",
        "audio", "video", "canvas", "xml",
    ]
    static let attributes: [String: Set<String>] = [
        "a": ["href", "title"], "img": ["src", "alt", "width", "height"], "td": ["colspan", "rowspan"],
        "th": ["colspan", "rowspan", "scope"], "ol": ["start"],
    ]
    static let voidElements: Set<String> = ["br", "img", "hr"]

    private static let initialised: Bool = {
        xmlInitParser()
        return true
    }()

    /// The allow-listed form of `html`.
    public static func clean(_ html: String) -> String {
        _ = initialised
        let document = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\(html)</body></html>"
        let options = Int32(HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let length = Int32(document.utf8.count)
        let parsed: htmlDocPtr? = document.withCString { pointer in
            htmlReadMemory(pointer, length, nil, "UTF-8", options)
        }
        guard let doc = parsed else { return "" }
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc), let body = child(of: root, named: "body") else { return "" }
        var out = ""
        emitChildren(of: body, into: &out)
        return out.trimmingWhitespace()
    }

    static func child(of node: xmlNodePtr, named name: String) -> xmlNodePtr? {
        var current = node.pointee.children
        while let n = current {
            if n.pointee.type == XML_ELEMENT_NODE, nodeName(n) == name { return n }
            current = n.pointee.next
        }
        return nil
    }

    static func nodeName(_ node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0).lowercased() } ?? ""
    }

    static func emitChildren(of node: xmlNodePtr, into out: inout String) {
        var current = node.pointee.children
        while let n = current {
            emit(n, into: &out)
            current = n.pointee.next
        }
    }

    static func emit(_ node: xmlNodePtr, into out: inout String) {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            if let content = node.pointee.content { out += escape(String(cString: content)) }
        case XML_ELEMENT_NODE:
            let raw = nodeName(node)
            if dropped.contains(raw) { return }
            let name = renamed[raw] ?? raw
            guard allowed.contains(name) else {
                emitChildren(of: node, into: &out)
                if raw == "div" { out += "\n" }
                return
            }
            var inner = ""
            emitChildren(of: node, into: &inner)
            if name == "p" || name == "li" || name.hasPrefix("h"), isBlank(inner), name != "hr" { return }
            var attrs = ""
            for (key, value) in keptAttributes(node, element: name) { attrs += " \(key)=\"\(escape(value, quote: true))\"" }
            if name == "a" && attrs.contains("href=\"http") { attrs += " rel=\"noopener noreferrer\"" }
            if name == "img" && !attrs.contains(" src=") { return }
            if voidElements.contains(name) {
                out += "<\(name)\(attrs)>"
            } else {
                out += "<\(name)\(attrs)>\(inner)</\(name)>"
            }
            if ["p", "h2", "h3", "h4", "ul", "ol", "table", "blockquote", "figure", "pre", "hr", "li", "tr"].contains(name) {
                out += "\n"
            }
        default:
            return
        }
    }

    static func keptAttributes(_ node: xmlNodePtr, element: String) -> [(String, String)] {
        guard let names = attributes[element] else { return [] }
        var kept: [(String, String)] = []
        var attr = node.pointee.properties
        while let a = attr {
            let key = a.pointee.name.map { String(cString: $0).lowercased() } ?? ""
            if names.contains(key), let raw = xmlNodeGetContent(UnsafeMutableRawPointer(a).assumingMemoryBound(to: xmlNode.self)) {
                let value = String(cString: raw)
                menhu_xml_free(raw)
                if let safe = safeValue(key, value, element: element) { kept.append((key, safe)) }
            }
            attr = a.pointee.next
        }
        return kept
    }

    static func safeValue(_ key: String, _ value: String, element: String) -> String? {
        // Whitespace and control characters are dropped scalar by scalar (a space plus a
        // combining mark is one Character that is not whitespace).
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: value.unicodeScalars.filter { !$0.properties.isWhitespace && $0.value >= 0x20 && $0.value != 0x7F })
        let trimmed = String(kept)
        switch key {
        case "href", "src":
            return isSafeURL(trimmed, image: key == "src") ? trimmed : nil
        case "width", "height", "colspan", "rowspan", "start":
            guard let n = Int(trimmed), n > 0, n <= 5000 else { return nil }
            return String(n)
        case "scope":
            return ["row", "col", "rowgroup", "colgroup"].contains(trimmed.lowercased()) ? trimmed.lowercased() : nil
        default:
            return value.unicodeScalars.count <= 500 ? value : String(String.UnicodeScalarView(value.unicodeScalars.prefix(500)))
        }
    }

    /// Web addresses, site-relative paths, anchors and (for links) mail addresses only (Core's check).
    public static func isSafeURL(_ url: String, image: Bool) -> Bool {
        SafeURL.allowed(url, image: image)
    }

    static func isBlank(_ html: String) -> Bool {
        !html.contains("<img")
            && html.split(separator: "<br>", omittingEmptySubsequences: true).joined()
                .allSatisfy { $0.isWhitespace || $0 == "\u{00A0}" || $0 == "\u{3000}" }
    }

    /// Escapes text for HTML content or attribute values (Core's escaper, on UTF-8 bytes).
    public static func escape(_ text: String, quote: Bool = false) -> String {
        HTMLText.escape(text, quotes: quote)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
