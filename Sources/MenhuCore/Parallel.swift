import Foundation

/// CPU work over many elements spread over the machine's cores (the inspection decodes and reads
/// every live item; the export renders every page).
public enum Parallel {
    /// `transform` of every element, in their order, on as many tasks as there are cores (at most
    /// 8); fewer than `minimumChunk` elements a task are not worth a task and are mapped here.
    public static func map<T: Sendable, R: Sendable>(
        _ items: [T], minimumChunk: Int = 1, _ transform: @escaping @Sendable (T) -> R
    ) async -> [R] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        let chunk = max(max(1, minimumChunk), (items.count + workers - 1) / workers)
        if items.count <= chunk { return items.map(transform) }
        return await withTaskGroup(of: (Int, [R]).self) { group in
            for start in stride(from: 0, to: items.count, by: chunk) {
                let part = Array(items[start..<min(items.count, start + chunk)])
                group.addTask { (start, part.map(transform)) }
            }
            var parts: [(Int, [R])] = []
            for await part in group { parts.append(part) }
            return parts.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// The same for a transform that may throw: the first error (in element order) is thrown.
    public static func map<T: Sendable, R: Sendable>(
        _ items: [T], minimumChunk: Int = 1, _ transform: @escaping @Sendable (T) throws -> R
    ) async throws -> [R] {
        try await map(items, minimumChunk: minimumChunk) { item in Result { try transform(item) } }.map { try $0.get() }
    }
}
