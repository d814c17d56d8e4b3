/// A readable difference between two texts: lines first, then the characters of
/// changed lines (Chinese has no spaces, so words would not help).
public enum TextDiff {
    /// A run of text that is the same, removed or added.
    public struct Piece: Sendable, Equatable {
        public enum Kind: String, Sendable { case same, removed, added }
        public var kind: Kind
        public var text: String
    }

    /// One line of the diff: its pieces.
    public struct Line: Sendable, Equatable {
        public var kind: Piece.Kind
        public var pieces: [Piece]
    }

    /// Lines of `old` and `new` compared; changed lines paired and compared by character.
    public static func lines(_ old: String, _ new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [Line] = []
        var removed: [String] = [], added: [String] = []
        func flush() {
            let paired = min(removed.count, added.count)
            for i in 0..<paired {
                let pieces = characters(removed[i], added[i])
                out.append(Line(kind: .removed, pieces: pieces.filter { $0.kind != .added }))
                out.append(Line(kind: .added, pieces: pieces.filter { $0.kind != .removed }))
            }
            for line in removed.dropFirst(paired) { out.append(Line(kind: .removed, pieces: [Piece(kind: .removed, text: line)])) }
            for line in added.dropFirst(paired) { out.append(Line(kind: .added, pieces: [Piece(kind: .added, text: line)])) }
            removed = []; added = []
        }
        for op in operations(a, b) {
            switch op {
            case .same(let line): flush(); out.append(Line(kind: .same, pieces: [Piece(kind: .same, text: line)]))
            case .removed(let line): removed.append(line)
            case .added(let line): added.append(line)
            }
        }
        flush()
        return out
    }

    /// Character-level pieces of two lines; very long lines are shown as a whole replacement.
    public static func characters(_ old: String, _ new: String) -> [Piece] {
        let a = Array(old), b = Array(new)
        guard a.count * b.count <= 4_000_000 else {
            return [Piece(kind: .removed, text: old), Piece(kind: .added, text: new)]
        }
        var pieces: [Piece] = []
        for op in operations(a, b) {
            let (kind, ch): (Piece.Kind, Character) =
                switch op {
                case .same(let c): (.same, c)
                case .removed(let c): (.removed, c)
                case .added(let c): (.added, c)
                }
            if let last = pieces.last, last.kind == kind {
                pieces[pieces.count - 1].text.append(ch)
            } else {
                pieces.append(Piece(kind: kind, text: String(ch)))
            }
        }
        return pieces
    }

    enum Op<T> { case same(T), removed(T), added(T) }

    /// Longest-common-subsequence edit script, with the common prefix and suffix trimmed first.
    static func operations<T: Equatable>(_ a: [T], _ b: [T]) -> [Op<T>] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let x = Array(a[prefix..<(a.count - suffix)]), y = Array(b[prefix..<(b.count - suffix)])
        var ops: [Op<T>] = a[0..<prefix].map { .same($0) }
        if x.count * y.count > 4_000_000 {
            ops += x.map { .removed($0) } + y.map { .added($0) }
        } else {
            let n = x.count, m = y.count
            var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i][j] = x[i] == y[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < n || j < m {
                if i < n, j < m, x[i] == y[j] {
                    ops.append(.same(x[i])); i += 1; j += 1
                } else if j < m, i == n || table[i][j + 1] >= table[i + 1][j] {
                    ops.append(.added(y[j])); j += 1
                } else {
                    ops.append(.removed(x[i])); i += 1
                }
            }
        }
        ops += a[(a.count - suffix)...].map { .same($0) }
        return ops
    }
}
