import CYaml

/// Limits on configuration text, checked before any recursion (docs/DESIGN.md: no recursion without a
/// depth limit). Real files are a few kilobytes and nest six levels at most.
public enum YAMLLimits {
    /// Deepest nesting of lists and mappings.
    public static let maxDepth = 64
    /// Largest file, in bytes.
    public static let maxBytes = 16 << 20

    /// libyaml's own nesting limit (a process-wide setting), set once before any parse: the
    /// parser then stops at that depth with an error instead of recursing on.
    static let installed: Bool = {
        yaml_set_max_nest_level(Int32(maxDepth))
        return true
    }()
}

/// What went wrong while composing a document.
enum ComposeFailure: Error {
    /// libyaml's reader, scanner or parser refused the text.
    case syntax(kind: SyntaxKind, problem: String, mark: MarkKey, context: (text: String, mark: MarkKey)?, byteOffset: Int?)
    case secondDocument(MarkKey)
    case undefinedAlias(MarkKey)
    case tooDeep(MarkKey)
    case aliasBomb
    case duplicate(key: String, second: YNode, firstLine: Int)

    enum SyntaxKind { case reader, scanner, parser, memory }
}

/// Composes a YAML document into `YNode`s straight from libyaml's events, with an explicit stack
/// (no recursion, however deep the text), without resolving any types, and finding duplicate
/// keys as they come (the first second occurrence in the text, with the line of the first). An
/// alias shares its anchored node; `budget` bounds the nodes the tree stands for, aliases
/// counted at their full size (a few lines of aliases can stand for billions of nodes).
enum YAMLComposer {
    private final class Frame {
        let isMapping: Bool
        let line: Int, column: Int
        let anchor: String?
        var children: [YNode] = []
        var size = 1
        var keys: [String: Int] = [:]
        init(isMapping: Bool, line: Int, column: Int, anchor: String?) {
            self.isMapping = isMapping
            self.line = line
            self.column = column
            self.anchor = anchor
        }
    }

    static func compose(_ text: String, budget startBudget: Int) -> Result<YNode?, ComposeFailure> {
        _ = YAMLLimits.installed
        var copy = text
        return copy.withUTF8 { bytes -> Result<YNode?, ComposeFailure> in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else {
                return .failure(.syntax(kind: .memory, problem: "out of memory", mark: MarkKey(line: 1, column: 1), context: nil, byteOffset: nil))
            }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var empty: UInt8 = 0
            if let base = bytes.baseAddress, bytes.count > 0 {
                yaml_parser_set_input_string(&parser, base, bytes.count)
            } else {
                yaml_parser_set_input_string(&parser, &empty, 0)
            }
            return run(&parser, budget: startBudget)
        }
    }

    private static func mark(_ m: yaml_mark_t) -> MarkKey {
        MarkKey(line: Int(clamping: m.line) &+ 1, column: Int(clamping: m.column) &+ 1)
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let p else { return nil }
        return String(cString: p)
    }

    private static func failure(_ parser: inout yaml_parser_t) -> ComposeFailure {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown error"
        let context = parser.context.map { (String(cString: $0), mark(parser.context_mark)) }
        switch parser.error {
        case YAML_READER_ERROR:
            return .syntax(kind: .reader, problem: problem, mark: MarkKey(line: 1, column: 1), context: nil,
                           byteOffset: Int(clamping: parser.problem_offset))
        case YAML_SCANNER_ERROR:
            return .syntax(kind: .scanner, problem: problem, mark: mark(parser.problem_mark), context: context, byteOffset: nil)
        case YAML_PARSER_ERROR:
            return .syntax(kind: .parser, problem: problem, mark: mark(parser.problem_mark), context: context, byteOffset: nil)
        default:
            return .syntax(kind: .memory, problem: problem, mark: mark(parser.problem_mark), context: context, byteOffset: nil)
        }
    }

    private static func run(_ parser: inout yaml_parser_t, budget startBudget: Int) -> Result<YNode?, ComposeFailure> {
        var budget = startBudget
        var stack: [Frame] = []
        var anchors: [String: (node: YNode, size: Int)] = [:]
        var root: YNode?
        var documents = 0
        var duplicate: ComposeFailure?
        var event = yaml_event_t()

        /// Adds a finished node to its parent (or makes it the root).
        /// `size`: the nodes `node` stands for; `cost`: those new to the tree (all of them for an alias).
        func add(_ node: YNode, size: Int, cost: Int, anchor: String?) -> ComposeFailure? {
            budget -= cost
            if budget < 0 { return .aliasBomb }
            if let anchor { anchors[anchor] = (node, size) }
            guard let top = stack.last else {
                root = node
                return nil
            }
            if top.isMapping && top.children.count % 2 == 0, duplicate == nil, let key = node.keyText {
                if let first = top.keys[key] {
                    duplicate = .duplicate(key: key, second: node, firstLine: first)
                } else {
                    top.keys[key] = Int(node.line)
                }
            }
            top.children.append(node)
            top.size = top.size &+ size
            return nil
        }

        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else { return .failure(failure(&parser)) }
            defer { yaml_event_delete(&event) }
            let at = mark(event.start_mark)
            switch event.type {
            case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT, YAML_NO_EVENT:
                continue
            case YAML_STREAM_END_EVENT:
                if let duplicate { return .failure(duplicate) }
                return .success(root)
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 { return .failure(.secondDocument(at)) }
            case YAML_SCALAR_EVENT:
                let s = event.data.scalar
                let style: YNode.Style
                switch s.style {
                case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .quoted
                case YAML_LITERAL_SCALAR_STYLE, YAML_FOLDED_SCALAR_STYLE: style = .block
                default: style = .plain
                }
                let value = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self) } ?? ""
                let node = YNode(kind: .scalar, style: style, line: at.line, column: at.column, string: value)
                if let f = add(node, size: 1, cost: 1, anchor: string(s.anchor)) { return .failure(f) }
            case YAML_ALIAS_EVENT:
                guard let name = string(event.data.alias.anchor), let target = anchors[name] else {
                    return .failure(.undefinedAlias(at))
                }
                if let f = add(target.node, size: target.size, cost: target.size, anchor: nil) { return .failure(f) }
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                guard stack.count < YAMLLimits.maxDepth else { return .failure(.tooDeep(at)) }
                let isMapping = event.type == YAML_MAPPING_START_EVENT
                let anchor = isMapping ? string(event.data.mapping_start.anchor) : string(event.data.sequence_start.anchor)
                stack.append(Frame(isMapping: isMapping, line: at.line, column: at.column, anchor: anchor))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let frame = stack.popLast() else { continue }
                let node = YNode(kind: frame.isMapping ? .mapping : .sequence, line: frame.line, column: frame.column,
                                 children: frame.children)
                if let f = add(node, size: frame.size, cost: 1, anchor: frame.anchor) { return .failure(f) }
            default:
                continue
            }
        }
    }
}
