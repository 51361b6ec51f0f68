/// Follows bash's quoting state through the literal text of a shell template, so that each
/// expanded value can be spliced in as exactly one word whatever quotes surround it.
///
/// Understands `'…'`, `"…"`, `$'…'`, backslash escapes, comments, `$( … )` and backticks (each of
/// which starts a fresh quoting context). Here-documents are not followed. A mistake here can
/// only make a value split into words or stay unexpanded — values are passed in environment
/// variables and never become shell syntax.
struct ShellQuoteTracker {
    /// The quoting context at the current point of the script.
    enum Context: Equatable {
        /// Outside quotes.
        case unquoted
        /// Inside `'…'`.
        case single
        /// Inside `"…"`.
        case double
        /// Inside `$'…'`.
        case ansiC
    }

    private enum FrameKind { case top, commandSubstitution, backtick }

    private struct Frame {
        var kind: FrameKind
        var context: Context = .unquoted
        var escaped = false
        var inComment = false
        var atWordStart = true
        var parenDepth = 0
        var previous: Unicode.Scalar = " "
    }

    private var frames = [Frame(kind: .top)]

    private var top: Frame {
        get { frames[frames.count - 1] }
        set { frames[frames.count - 1] = newValue }
    }

    /// The context a value spliced in now would land in.
    var context: Context { top.context }

    /// Whether the current point is inside an old-style `` `…` `` command substitution, where
    /// backslashes and backticks are processed once more before the inner command is parsed.
    var isInsideBackticks: Bool { frames.contains { $0.kind == .backtick } }

    /// Whether the previous character is a backslash that escapes whatever comes next.
    var isEscaped: Bool { top.escaped }

    /// Whether the text so far ends in an unescaped `$` that would combine with what follows.
    var endsInBareDollar: Bool {
        !top.escaped && !top.inComment && top.previous == "$" && (top.context == .unquoted || top.context == .double)
    }

    /// Follows the state through literal script text.
    mutating func consume(_ text: String) {
        for c in text.unicodeScalars { consume(c) }
    }

    /// Records that a value was spliced in at this point (it is part of the current word).
    mutating func didSplice() {
        top.escaped = false
        top.atWordStart = false
        top.previous = "x"
    }

    private mutating func consume(_ c: Unicode.Scalar) {
        defer { top.previous = c }
        if top.inComment {
            if c == "\n" {
                top.inComment = false
                top.atWordStart = true
            }
            return
        }
        if top.escaped {
            top.escaped = false
            top.atWordStart = false
            return
        }
        switch top.context {
        case .single:
            if c == "'" { top.context = .unquoted }
        case .ansiC:
            if c == "\\" { top.escaped = true } else if c == "'" { top.context = .unquoted }
        case .double:
            consumeInDoubleQuotes(c)
        case .unquoted:
            consumeUnquoted(c)
        }
    }

    private mutating func consumeInDoubleQuotes(_ c: Unicode.Scalar) {
        switch c {
        case "\\": top.escaped = true
        case "\"": top.context = .unquoted
        case "`": frames.append(Frame(kind: .backtick))
        case "(" where top.previous == "$": frames.append(Frame(kind: .commandSubstitution))
        default: break
        }
    }

    private mutating func consumeUnquoted(_ c: Unicode.Scalar) {
        let wordStart = top.atWordStart
        top.atWordStart =
            c == " " || c == "\t" || c == "\n" || c == ";" || c == "&" || c == "|" || c == "("
            || c == ")" || c == "<" || c == ">"
        switch c {
        case "\\": top.escaped = true
        case "'": top.context = top.previous == "$" ? .ansiC : .single
        case "\"": top.context = .double
        case "#" where wordStart: top.inComment = true
        case "`":
            if top.kind == .backtick { frames.removeLast() } else { frames.append(Frame(kind: .backtick)) }
        case "(":
            if top.previous == "$" { frames.append(Frame(kind: .commandSubstitution)) } else { top.parenDepth += 1 }
        case ")":
            if top.parenDepth > 0 {
                top.parenDepth -= 1
            } else if top.kind == .commandSubstitution {
                frames.removeLast()
            }
        default: break
        }
    }
}
