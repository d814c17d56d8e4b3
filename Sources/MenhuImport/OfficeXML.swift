import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation

/// Reading the parts of an Office Open XML package (.docx, .xlsx): a part's bytes, and XML parsed
/// without ever resolving external entities.
extension Archive {
    /// The bytes of `path` in the package, or nil when it has no such part.
    func contents(of path: String) throws -> Data? {
        guard let entry = self[path] else { return nil }
        var out = Data()
        _ = try extract(entry, skipCRC32: false) { out.append($0) }
        return out
    }
}

enum OfficeXML {
    /// Parses `data` with `delegate`; false when it is not well-formed XML.
    @discardableResult
    static func parse(_ data: Data, _ delegate: any XMLParserDelegate) -> Bool {
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        return parser.parse()
    }
}
