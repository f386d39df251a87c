import CICU

/// An Oniguruma pattern (the syntax Hugging Face `tokenizers` uses) compiled with ICU's `uregex`
/// after a checked translation: constructs whose meaning differs between the two engines are
/// rewritten (`\s`, `\S`, `\w`, `\W`, `\d`, `\D`, `\h`, `\H`), and constructs tokcost cannot
/// translate faithfully are rejected with an error naming them, never run with a different meaning.
///
/// The compiled pattern is immutable and shared; each encode call matches through its own clone
/// (``Matcher``), so the value is safe to use from several threads.
final class ICURegex: @unchecked Sendable {
    /// The pattern as written in the file.
    let source: String
    /// The ICU pattern it was translated to.
    let translated: String
    private let handle: UnsafeMutableRawPointer

    /// Compiles `pattern`; `ComponentError.keyPath` is empty (the caller prefixes it).
    init(oniguruma pattern: String) throws {
        source = pattern
        translated = try ICURegex.translate(pattern)
        var err: Int32 = 0
        var offset: Int32 = -1
        let bytes = Array(translated.utf8)
        // Oniguruma's Ruby syntax: ^ and $ are line anchors and only \n ends a line.
        let flags = Int32(CICU_REGEX_MULTILINE | CICU_REGEX_UNIX_LINES)
        let opened = bytes.withUnsafeBufferPointer {
            cicu_regex_open($0.baseAddress, Int32($0.count), flags, &offset, &err)
        }
        guard let opened, err <= 0 else {
            throw ComponentError("", "ICU cannot compile the regular expression \(pattern.debugDescription) "
                + "(translated to \(translated.debugDescription)): \(String(cString: cicu_error_name(err)))"
                + (offset >= 0 ? " at offset \(offset)" : ""))
        }
        handle = opened
    }

    deinit { cicu_regex_close(handle) }

    /// A single-threaded matcher over this pattern; close it with ``Matcher/close()``.
    func makeMatcher() throws -> Matcher {
        var err: Int32 = 0
        guard let clone = cicu_regex_clone(handle, &err), err <= 0 else {
            throw HFTokenizerError(source: "ICU", keyPath: "", reason: "cannot clone a regular expression: \(String(cString: cicu_error_name(err)))")
        }
        return Matcher(handle: clone)
    }

    /// One thread's use of the pattern.
    struct Matcher {
        let handle: UnsafeMutableRawPointer

        func close() { cicu_regex_close(handle) }

        /// Calls `body(start, end)` for each match in `text` (UTF-8 byte offsets), in order.
        func forEachMatch(
            in text: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) throws -> Void
        ) throws {
            var err: Int32 = 0
            // ICU's regex engine indexes text with 32-bit lengths.
            guard text.count < Int(Int32.max) else { throw ICURegex.textTooLong(text.count) }
            cicu_regex_set_text(handle, text.baseAddress, Int32(text.count), &err)
            defer { cicu_regex_clear_text(handle) }
            guard err <= 0 else { throw ICURegex.runtimeError(err) }
            try withUnsafeTemporaryAllocation(of: Int32.self, capacity: 256) { out in
                while true {
                    let n = Int(cicu_regex_next_matches(handle, out.baseAddress, 128, &err))
                    guard err <= 0 else { throw ICURegex.runtimeError(err) }
                    for k in 0..<n { try body(Int(out[2 * k]), Int(out[2 * k + 1])) }
                    if n < 128 { break }
                }
            }
        }
    }

    /// Text longer than ICU's 32-bit lengths allow (one stretch between added tokens of 2 GiB or more).
    static func textTooLong(_ bytes: Int) -> HFTokenizerError {
        HFTokenizerError(source: "ICU", keyPath: "", reason: "a text of \(bytes) bytes is too long for ICU's regular expressions (2 GiB at most)")
    }

    static func runtimeError(_ err: Int32) -> HFTokenizerError {
        HFTokenizerError(source: "ICU", keyPath: "", reason: "regular expression matching failed: \(String(cString: cicu_error_name(err)))")
    }

    // MARK: Translation

    /// Rewrites an Oniguruma (Ruby syntax, Unicode) pattern for ICU, or throws naming the first
    /// construct that cannot be carried over exactly.
    static func translate(_ pattern: String) throws -> String {
        let scalars = Array(pattern.unicodeScalars)
        var out = ""
        var i = 0
        var classDepth = 0
        func fail(_ what: String) -> ComponentError {
            ComponentError("", "the regular expression \(pattern.debugDescription) uses \(what), which tokcost cannot run "
                + "with Oniguruma's exact meaning")
        }
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "\\":
                guard i + 1 < scalars.count else { throw fail("a trailing backslash") }
                let e = scalars[i + 1]
                i += 2
                switch e {
                // White_Space in both engines once spelled as a property (ICU's \s is [\t\n\f\r\p{Z}]).
                case "s": out += "\\p{White_Space}"
                case "S": out += "\\P{White_Space}"
                // ICU's \w and Oniguruma's are both UTS #18's: Alphabetic, Mark, Decimal_Number,
                // Connector_Punctuation, Join_Control.
                case "w", "W": out += "\\" + String(e)
                case "d": out += "\\p{Nd}"
                case "D": out += "\\P{Nd}"
                // Oniguruma's \h is a hexadecimal digit (ICU's is horizontal space).
                case "h": out += classDepth > 0 ? "0-9a-fA-F" : "[0-9a-fA-F]"
                case "H":
                    guard classDepth == 0 else { throw fail("\\H inside a character class") }
                    out += "[^0-9a-fA-F]"
                case "p", "P":
                    // \p{Name} / \p{^Name}: general categories and scripts have the same names.
                    guard i < scalars.count, scalars[i] == "{" else { throw fail("\\\(e) without braces") }
                    var j = i + 1
                    var name = ""
                    while j < scalars.count && scalars[j] != "}" {
                        name.unicodeScalars.append(scalars[j])
                        j += 1
                    }
                    guard j < scalars.count else { throw fail("an unterminated \\\(e){") }
                    var negated = e == "P"
                    if name.hasPrefix("^") {
                        negated.toggle()
                        name.removeFirst()
                    }
                    out += (negated ? "\\P{" : "\\p{") + name + "}"
                    i = j + 1
                case "n", "t", "r", "f", "v", "e", "a", "x", "u", "0", "A", "z", "Z", "b", "B", "G":
                    if e == "v" {
                        out += "\\x{0B}"
                    } else if e == "b" && classDepth > 0 {
                        out += "\\x{08}"
                    } else {
                        out += "\\" + String(e)
                    }
                default:
                    let ascii = e.isASCII ? Character(e) : "\u{0}"
                    if ascii.isLetter || ascii.isNumber {
                        throw fail("the escape \\\(e)")
                    }
                    out += "\\" + String(e)  // an escaped punctuation or non-ASCII character is literal in both
                }
                continue
            case "[":
                if i + 1 < scalars.count && scalars[i + 1] == ":" { throw fail("a POSIX bracket expression [:…:]") }
                // A class nested in a class is a union in both engines.
                classDepth += 1
                out += "["
                // A ']' right after '[' or '[^' is literal in Oniguruma.
                if i + 1 < scalars.count && scalars[i + 1] == "^" {
                    out += "^"
                    i += 1
                }
                if i + 1 < scalars.count && scalars[i + 1] == "]" {
                    out += "\\]"
                    i += 1
                }
            case "]":
                if classDepth > 0 { classDepth -= 1; out += "]" } else { out += "\\]" }
            case "&" where classDepth > 0:
                if i + 1 < scalars.count && scalars[i + 1] == "&" { throw fail("character class intersection &&") }
                out += "\\&"
            case "-" where classDepth > 0:
                if i + 1 < scalars.count && scalars[i + 1] == "[" { throw fail("a class difference -[…]") }
                out += "-"
            case "(":
                if i + 1 < scalars.count && scalars[i + 1] == "?" {
                    // Allowed: (?: (?= (?! (?<= (?<! (?> and inline flags (?i) (?i: (?-i) — but not named
                    // groups, conditionals, absent operators or option letters whose meaning differs.
                    let rest = String(String.UnicodeScalarView(scalars[(i + 2)...].prefix(3)))
                    if rest.hasPrefix(":") || rest.hasPrefix("=") || rest.hasPrefix("!") || rest.hasPrefix(">")
                        || rest.hasPrefix("<=") || rest.hasPrefix("<!")
                    {
                        out += "(?"
                        i += 2
                        continue
                    }
                    var j = i + 2
                    var flags = ""
                    while j < scalars.count && (scalars[j] == "i" || scalars[j] == "-") {
                        flags.unicodeScalars.append(scalars[j])
                        j += 1
                    }
                    if !flags.isEmpty && j < scalars.count && (scalars[j] == ":" || scalars[j] == ")") {
                        out += "(?" + flags + String(scalars[j])
                        i = j + 1
                        continue
                    }
                    throw fail("the group syntax (?\(rest)")
                }
                out += "("
            case " ", "#":
                // Literal (ICU too, without the COMMENTS flag); escape to be explicit.
                out += "\\" + String(c)
            default:
                out.unicodeScalars.append(c)
            }
            i += 1
        }
        return out
    }
}
