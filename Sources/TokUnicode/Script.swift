import CICU

/// A Unicode script (the `Script` property, UAX #24), identified by ICU's `UScriptCode` value.
public struct Script: Hashable, Sendable, Codable, CustomStringConvertible {
    /// ICU's `UScriptCode` value (e.g. 10 for Devanagari).
    public let code: Int32

    /// A script from its ICU `UScriptCode` value.
    public init(code: Int32) { self.code = code }

    /// A script from its long name ("Devanagari", "Oriya") or ISO 15924 code ("Deva", "Orya"),
    /// matched loosely as ICU does (case and `_`/space/`-` ignored); `nil` if unknown.
    public init?(named name: String) {
        let c = cicu_script_from_name(name)
        if c < 0 { return nil }
        self.code = c
    }

    /// The long name, as ICU spells it: "Latin", "Devanagari", "Bengali", "Common", "Inherited".
    public var name: String {
        cicu_script_name(code).map { String(cString: $0) } ?? "Unknown(\(code))"
    }

    /// The ISO 15924 four-letter code: "Latn", "Deva", "Beng", "Zyyy" (Common), "Zinh" (Inherited).
    public var shortName: String {
        cicu_script_short_name(code).map { String(cString: $0) } ?? "Zzzz"
    }

    /// The long name.
    public var description: String { name }

    /// Whether this is Common or Inherited, the scripts of characters shared by many scripts.
    public var isCommonOrInherited: Bool { code == Script.common.code || code == Script.inherited.code }

    /// The `Script` property value of `scalar` (ICU `uscript_getScript`).
    public static func of(_ scalar: Unicode.Scalar) -> Script {
        Script(code: cicu_script_of(Int32(bitPattern: scalar.value)))
    }

    /// The `Script_Extensions` of `scalar` (ICU `uscript_getScriptExtensions`): e.g. DEVANAGARI DANDA U+0964 has
    /// Script=Common but is used by Devanagari, Bengali, Tamil, …; most characters give just their own script.
    public static func extensions(of scalar: Unicode.Scalar) -> [Script] {
        var buf = [Int32](repeating: 0, count: 64)
        let n = buf.withUnsafeMutableBufferPointer { cicu_script_extensions(Int32(bitPattern: scalar.value), $0.baseAddress, 64) }
        return buf.prefix(Int(min(n, 64))).map(Script.init(code:))
    }

    /// Common (Zyyy): spaces, ASCII digits and punctuation, symbols.
    public static let common = Script(code: 0)
    /// Inherited (Zinh): combining marks, ZWJ and ZWNJ, that take the script of their base.
    public static let inherited = Script(code: 1)
    /// Arabic (Arab).
    public static let arabic = Script(code: 2)
    /// Bengali (Beng), also used for Assamese.
    public static let bengali = Script(code: 4)
    /// Cyrillic (Cyrl).
    public static let cyrillic = Script(code: 8)
    /// Devanagari (Deva): Hindi, Marathi, Nepali, Sanskrit.
    public static let devanagari = Script(code: 10)
    /// Greek (Grek).
    public static let greek = Script(code: 14)
    /// Gujarati (Gujr).
    public static let gujarati = Script(code: 15)
    /// Gurmukhi (Guru): Punjabi.
    public static let gurmukhi = Script(code: 16)
    /// Han (Hani): Chinese ideographs, kanji.
    public static let han = Script(code: 17)
    /// Hangul (Hang).
    public static let hangul = Script(code: 18)
    /// Hiragana (Hira).
    public static let hiragana = Script(code: 20)
    /// Kannada (Knda).
    public static let kannada = Script(code: 21)
    /// Katakana (Kana).
    public static let katakana = Script(code: 22)
    /// Latin (Latn).
    public static let latin = Script(code: 25)
    /// Malayalam (Mlym).
    public static let malayalam = Script(code: 26)
    /// Oriya (Orya): Odia.
    public static let oriya = Script(code: 31)
    /// Sinhala (Sinh).
    public static let sinhala = Script(code: 33)
    /// Tamil (Taml).
    public static let tamil = Script(code: 35)
    /// Telugu (Telu).
    public static let telugu = Script(code: 36)
    /// Thai (Thai).
    public static let thai = Script(code: 38)
}
