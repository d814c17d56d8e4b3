import Foundation
import Mustache
import Synchronization

/// Finds the names a template uses that its view does not have: a misspelt `{{artcle.title}}`,
/// or a field a view lost, would otherwise render as nothing on a 200 page.
///
/// The check is by type, on a real view: a name is found when some object on the section stack
/// has a stored property (or, for a `Layers`, one of its layers has) of that name, whether or not
/// it holds a value now. Dictionaries are open (form values and errors come and go); the words of
/// a page language are closed (`UIWords`). Inside a list the first element stands for all; an
/// empty list or an absent value cannot be looked into, and is skipped.
struct TemplateCheck {
    /// Template sources by name, for partials and parents.
    let sources: [String: String]
    /// For views made to fill every name (the theme's mock views): a name holding nothing, or an
    /// empty list, is a problem too, since the template's use of it went unchecked.
    var strict = false

    /// The names of `template` that resolve to nothing on `view`, as `template: name`.
    func unresolved(_ template: String, view: Any) -> [String] {
        guard let source = sources[template] else { return ["\(template): 模板不存在"] }
        var problems: [String] = [], looked: Set<String> = []
        check(Self.parse(source), stack: [view], in: template, depth: 0, problems: &problems, looked: &looked)
        // A list seen empty is unchecked only if it was never seen with elements (a tree's leaves).
        return problems.filter { p in !(p.hasSuffix("（空列表）") && looked.contains(String(p.dropLast(5)))) }
    }

    // MARK: Templates as a tree

    indirect enum Node {
        case variable(String)
        case section(String, inverted: Bool, [Node])
        case partial(String)
        /// `{{<parent}}` with its block overrides.
        case parent(String, [Node])
        /// `{{$block}}` with its default content.
        case block(String, [Node])
    }

    /// The tags of a template as a tree (text is left out: only names matter here).
    static func parse(_ text: String) -> [Node] {
        let tags = tags(text)
        var index = 0
        return parse(tags, &index, closing: nil)
    }

    private static func parse(_ tags: [(kind: Character?, name: String)], _ index: inout Int, closing: String?) -> [Node] {
        var nodes: [Node] = []
        while index < tags.count {
            let (kind, name) = tags[index]
            index += 1
            switch kind {
            case "/": if name == closing { return nodes }
            case "#", "^": nodes.append(.section(name, inverted: kind == "^", parse(tags, &index, closing: name)))
            case "<": nodes.append(.parent(name, parse(tags, &index, closing: name)))
            case "$": nodes.append(.block(name, parse(tags, &index, closing: name)))
            case ">": nodes.append(.partial(name))
            case "!", "%", "=": break
            default: nodes.append(.variable(name))
            }
        }
        return nodes
    }

    /// Every `{{…}}` tag: its sigil (nil for a plain variable; `{{{x}}}` and `{{&x}}` are variables) and name.
    private static func tags(_ text: String) -> [(kind: Character?, name: String)] {
        var result: [(Character?, String)] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            let triple = rest.hasPrefix("{")
            if triple { rest = rest.dropFirst() }
            guard let close = rest.range(of: triple ? "}}}" : "}}") else { break }
            var body = rest[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            var kind: Character? = nil
            if let first = body.first, "#^/<$>!%=&".contains(first) {
                kind = first == "&" ? nil : first
                body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            result.append((kind, body))
        }
        return result
    }

    // MARK: Checking

    private func check(
        _ nodes: [Node], stack: [Any], in template: String, depth: Int, problems: inout [String],
        looked: inout Set<String>
    ) {
        guard depth < 20 else { return }  // a recursive partial (the site map's branches) is checked a few levels down
        for node in nodes {
            switch node {
            case .variable(let name):
                switch resolve(name, in: stack) {
                case .missing: problems.append("\(template): \(name)")
                case .unknown where strict: problems.append("\(template): \(name)（没有值）")
                default: break
                }
            case .section(let name, let inverted, let children):
                switch resolve(name, in: stack) {
                case .missing: problems.append("\(template): \(name)")
                case .unknown: if strict { problems.append("\(template): \(name)（没有值）") }
                case .found(let value):
                    if inverted || value is Bool {
                        check(children, stack: stack, in: template, depth: depth + 1, problems: &problems, looked: &looked)
                    } else if let list = value as? [Any] {
                        // An empty list's elements cannot be looked at; its section shows nothing.
                        if let first = list.first {
                            looked.insert("\(template): \(name)")
                            check(children, stack: stack + [first], in: template, depth: depth + 1, problems: &problems, looked: &looked)
                        } else if strict {
                            problems.append("\(template): \(name)（空列表）")
                        }
                    } else {
                        check(children, stack: stack + [value], in: template, depth: depth + 1, problems: &problems, looked: &looked)
                    }
                }
            case .partial(let name):
                guard let text = sources[name] else { problems.append("\(template): 缺少子模板 \(name)"); continue }
                check(Self.parse(text), stack: stack, in: name, depth: depth + 1, problems: &problems, looked: &looked)
            case .parent(let name, let blocks):
                guard let text = sources[name] else { problems.append("\(template): 缺少父模板 \(name)"); continue }
                check(Self.parse(text), stack: stack, in: name, depth: depth + 1, problems: &problems, looked: &looked)
                check(blocks, stack: stack, in: template, depth: depth + 1, problems: &problems, looked: &looked)
            case .block(_, let children):
                check(children, stack: stack, in: template, depth: depth + 1, problems: &problems, looked: &looked)
            }
        }
    }

    enum Resolution {
        /// No object on the stack has the name.
        case missing
        /// The name exists but holds nothing now (or lies beyond what can be looked into).
        case unknown
        case found(Any)
    }

    /// Mustache's lookup: the first part up the stack, the rest from what it found.
    func resolve(_ name: String, in stack: [Any]) -> Resolution {
        if name == "." { return .found(stack.last!) }
        let parts = name.split(separator: ".").map(String.init)
        guard let first = parts.first else { return .missing }
        var current: Resolution = .missing
        for object in stack.reversed() {
            let r = Self.member(first, of: object)
            if case .missing = r { continue }
            current = r
            break
        }
        for part in parts.dropFirst() {
            guard case .found(let object) = current else { return current }
            current = Self.member(part, of: object)
        }
        return current
    }

    /// One step of a lookup on one object.
    static func member(_ name: String, of object: Any) -> Resolution {
        if let layers = object as? Layers {
            var result: Resolution = .missing
            for layer in layers.layers {
                switch member(name, of: layer) {
                case .found(let v): return .found(v)
                case .unknown: result = .unknown
                case .missing: break
                }
            }
            return result
        }
        if let words = object as? UIWords { return words.table[name].map { .found($0) } ?? .missing }
        if let dictionary = object as? [String: Any] { return dictionary[name].map { .found($0) } ?? .unknown }
        let mirror = Mirror(reflecting: object)
        guard mirror.displayStyle == .struct || mirror.displayStyle == .class else { return .missing }
        for child in mirror.children where child.label == name {
            return Views.unwrapped(child.value).map { .found($0) } ?? .unknown
        }
        return .missing
    }
}

/// The words of a page language as templates see them (`{{ui.key}}`): a closed set, so the
/// check finds a misspelt key.
struct UIWords: MustacheParent {
    let table: [String: String]
    func child(named name: String) -> Any? { table[name] }
}

/// What the template check found while pages were rendered (tests turn it on).
public final class TemplateProblems: Sendable {
    private let found = Mutex<Set<String>>([])
    func add(_ problems: [String]) { if !problems.isEmpty { found.withLock { $0.formUnion(problems) } } }
    public var all: [String] { found.withLock { $0.sorted() } }
}
