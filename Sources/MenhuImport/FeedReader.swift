import Foundation
import MenhuCore

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads RSS 2.0 and Atom feeds: the items' titles and links.
public enum FeedReader {
    public typealias Item = FeedItem

    /// The items of a feed document, or nil when it is neither RSS nor Atom.
    public static func items(_ data: Data) -> [Item]? {
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        guard parser.parse(), delegate.isFeed else { return nil }
        return delegate.items.filter { !$0.title.isEmpty && ($0.link.hasPrefix("http://") || $0.link.hasPrefix("https://")) }
    }

    final class Delegate: NSObject, XMLParserDelegate {
        var items: [Item] = []
        var isFeed = false
        private var current: Item?
        private var text = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            let local = name.split(separator: ":").last.map(String.init) ?? name
            if local == "rss" || local == "feed" || local == "RDF" { isFeed = true }
            if local == "item" || local == "entry" { current = Item(title: "", link: "") }
            if local == "link", current != nil, let href = attributes["href"],
                attributes["rel"] == nil || attributes["rel"] == "alternate"
            {
                current?.link = href
            }
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let local = name.split(separator: ":").last.map(String.init) ?? name
            guard current != nil else { return }
            switch local {
            case "title": current?.title = text.trimmed
            case "link" where current?.link.isEmpty == true: current?.link = text.trimmed
            case "item", "entry": items.append(current!); current = nil
            default: break
            }
        }
    }
}
