/// Finds many patterns at once in UTF-8 text (Aho–Corasick compiled to a dense DFA over byte
/// classes). UTF-8 is self-synchronising, so a byte-level match always starts and ends on
/// character boundaries. Built once per dictionary; matching allocates only the results.
public struct Matcher: Sendable {
    /// One occurrence: which pattern, and where in the UTF-8 bytes.
    public struct Match: Sendable, Equatable {
        public var pattern: Int
        public var start: Int
        public var end: Int
    }

    /// The patterns, in the order given.
    public let patterns: [String]
    private let classOf: [Int32]
    private let classCount: Int
    /// `next[state * classCount + class]`.
    private let next: [Int32]
    /// For each state, the patterns ending there (own and by suffix links), longest first:
    /// `outputFlat[outputStart[state] ..< outputStart[state + 1]]`.
    private let outputStart: [Int32]
    private let outputFlat: [Int32]
    private let patternLengths: [Int]

    public init(_ patterns: [String]) {
        self.patterns = patterns
        let bytes = patterns.map { Array($0.utf8) }
        patternLengths = bytes.map(\.count)
        // Byte classes: bytes that occur in no pattern share class 0.
        var classOf = [Int32](repeating: 0, count: 256)
        var used = [Bool](repeating: false, count: 256)
        for p in bytes { for b in p { used[Int(b)] = true } }
        var count = 1
        for b in 0..<256 where used[b] {
            classOf[b] = Int32(count)
            count += 1
        }
        self.classOf = classOf
        classCount = count
        // The trie.
        var goto: [[Int32]] = [[Int32](repeating: -1, count: count)]
        var out: [[Int32]] = [[]]
        for (index, p) in bytes.enumerated() where !p.isEmpty {
            var state = 0
            for b in p {
                let c = Int(classOf[Int(b)])
                if goto[state][c] < 0 {
                    goto[state][c] = Int32(goto.count)
                    goto.append([Int32](repeating: -1, count: count))
                    out.append([])
                }
                state = Int(goto[state][c])
            }
            out[state].append(Int32(index))
        }
        // Breadth-first: failure links, then the full transition table.
        var fail = [Int](repeating: 0, count: goto.count)
        var queue: [Int] = []
        var table = [Int32](repeating: 0, count: goto.count * count)
        for c in 0..<count {
            let s = goto[0][c]
            if s >= 0 { queue.append(Int(s)); table[c] = s } else { table[c] = 0 }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            out[state] += out[fail[state]]
            for c in 0..<count {
                let s = goto[state][c]
                if s >= 0 {
                    fail[Int(s)] = Int(table[fail[state] * count + c])
                    table[state * count + c] = s
                    queue.append(Int(s))
                } else {
                    table[state * count + c] = table[fail[state] * count + c]
                }
            }
        }
        let lengths = patternLengths
        var starts: [Int32] = [0], flat: [Int32] = []
        for o in out {
            flat += o.sorted { lengths[Int($0)] > lengths[Int($1)] }
            starts.append(Int32(flat.count))
        }
        outputStart = starts
        outputFlat = flat
        next = table
    }

    /// Every occurrence, overlapping ones included, in order of their end.
    public func allMatches(in utf8: [UInt8]) -> [Match] {
        var result: [Match] = []
        var state = 0
        let width = classCount
        next.withUnsafeBufferPointer { table in
            classOf.withUnsafeBufferPointer { classes in
                outputStart.withUnsafeBufferPointer { starts in
                    for i in 0..<utf8.count {
                        state = Int(table[state * width + Int(classes[Int(utf8[i])])])
                        let from = Int(starts[state]), to = Int(starts[state + 1])
                        if from != to {
                            for k in from..<to {
                                let p = Int(outputFlat[k])
                                result.append(Match(pattern: p, start: i + 1 - patternLengths[p], end: i + 1))
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Leftmost-longest, non-overlapping occurrences (what a reader sees as "the" matches).
    public func matches(in utf8: [UInt8]) -> [Match] {
        let all = allMatches(in: utf8).sorted { ($0.start, -$0.end) < ($1.start, -$1.end) }
        var result: [Match] = []
        var covered = 0
        for m in all where m.start >= covered {
            result.append(m)
            covered = m.end
        }
        return result
    }

    /// How many occurrences, overlapping ones included, without collecting them (benchmarks).
    public func count(in utf8: UnsafeBufferPointer<UInt8>) -> Int {
        var state = 0, total = 0
        let width = classCount
        next.withUnsafeBufferPointer { table in
            classOf.withUnsafeBufferPointer { classes in
                outputStart.withUnsafeBufferPointer { starts in
                    for byte in utf8 {
                        state = Int(table[state * width + Int(classes[Int(byte)])])
                        total &+= Int(starts[state + 1] - starts[state])
                    }
                }
            }
        }
        return total
    }
}
