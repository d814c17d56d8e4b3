import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Why an uploaded Office package is refused before it is read: it would inflate to far more
/// than any real document (a "zip bomb": 1 MB that becomes gigabytes in memory).
public enum PackageError: Error, Equatable, CustomStringConvertible {
    case tooManyParts(Int)
    case partTooLarge(String)
    case packageTooLarge
    case ratio(String)

    public var description: String {
        switch self {
        case .tooManyParts: "文档包含的部件过多，无法读取（可能是恶意构造的压缩文件）。请在 Word、WPS 或 Excel 中另存后重新上传。"
        case .partTooLarge, .packageTooLarge:
            "文档解压后超过 \(OfficePackage.packageLimit / 1024 / 1024) MB，无法读取（可能是恶意构造的压缩文件）。请在 Word、WPS 或 Excel 中另存后重新上传。"
        case .ratio: "文档的压缩比异常（可能是恶意构造的压缩文件），已拒绝。请在 Word、WPS 或 Excel 中另存后重新上传。"
        }
    }
}

/// The bounds every Office Open XML package (.docx, .xlsx) is read within, checked on the
/// sizes the archive declares and again on the bytes it really inflates to (a declared size
/// can lie).
public enum OfficePackage {
    /// At most this many parts.
    public static let partLimit = 5_000
    /// One part inflates to at most this much.
    public static let partSizeLimit = 64 * 1024 * 1024
    /// All parts together inflate to at most this much.
    public static let packageLimit = 128 * 1024 * 1024
    /// A part larger than `ratioFloor` may inflate at most this many times its compressed size
    /// (real XML compresses 5–30 times; the bombs found inflate thousands of times).
    public static let ratioLimit: UInt64 = 200
    public static let ratioFloor: UInt64 = 1024 * 1024
    /// Text read out of a package (what the content gate checks) is at most this many bytes.
    public static let textLimit = 32 * 1024 * 1024
    /// A document embeds at most this many pictures.
    public static let imageLimit = 300

    /// Checks every part of the package in `data` by inflating it into nothing, within the
    /// bounds. Throws `PackageError` for a package that breaks them; does nothing for data that is
    /// not a zip archive (the importer says what is wrong with it).
    public static func check(_ data: Data) throws {
        guard let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else { return }
        var budget = Budget()
        var parts = 0
        for entry in archive {
            parts += 1
            if parts > partLimit { throw PackageError.tooManyParts(parts) }
            try budget.admit(entry)
            do { _ = try archive.extract(entry, skipCRC32: true) { chunk in try budget.consume(chunk.count, of: entry.path) } } catch let error
                as PackageError
            { throw error } catch { continue }
        }
    }

    /// What has been inflated so far, and the checks on it.
    struct Budget {
        var total = 0
        var current = 0

        mutating func admit(_ entry: Entry) throws {
            current = 0
            let declared = entry.uncompressedSize
            if declared > UInt64(partSizeLimit) { throw PackageError.partTooLarge(entry.path) }
            if declared > ratioFloor, declared / max(entry.compressedSize, 1) > ratioLimit { throw PackageError.ratio(entry.path) }
        }

        mutating func consume(_ count: Int, of path: String) throws {
            current += count; total += count
            if current > partSizeLimit { throw PackageError.partTooLarge(path) }
            if total > packageLimit { throw PackageError.packageTooLarge }
        }

        var text = 0
        mutating func consumeText(_ count: Int) throws {
            text += count
            if text > textLimit { throw PackageError.packageTooLarge }
        }
    }
}

/// A package being read: every part it hands out counts against one budget, so reading one
/// part again and again (a document that refers to one picture 5,000 times) is bounded too.
final class OfficePackageReader {
    let archive: Archive
    private var budget = OfficePackage.Budget()

    init?(_ data: Data) {
        guard let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else { return nil }
        self.archive = archive
    }

    /// The bytes of `path` in the package, or nil when it has no such part. Throws `PackageError`
    /// when the part, or everything read so far, goes beyond `OfficePackage`'s bounds.
    func contents(of path: String) throws -> Data? {
        guard let entry = archive[path] else { return nil }
        try budget.admit(entry)
        var out = Data()
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
            try budget.consume(chunk.count, of: path)
            out.append(chunk)
        }
        return out
    }

    /// Counts text made from the parts (shared strings repeated in many cells) against the budget.
    func produced(_ count: Int) throws {
        try budget.consumeText(count)
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
