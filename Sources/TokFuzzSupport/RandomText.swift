/// A small, fast, deterministic random number generator (SplitMix64) so that every fuzz run can be
/// reproduced from its seed.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }
    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates random texts that stress the pre-tokenizers: mixed scripts, combining marks, ZWJ/ZWNJ,
/// whitespace runs of every kind, digits (ASCII and not), punctuation, emoji sequences, contractions,
/// special-token text, unassigned and private-use code points, and random scalars from all planes.
public struct RandomText {
    /// Fragments that random texts are built from.
    public static let fragments: [String] = [
        "the", " the", "The", "THE", "camelCase", "XMLHttp", "iPhone", "don't", "I'M", "'s", "'LL", "'ve", "'re", "'ſ",
        " ", "  ", "   ", "\t", "\n", "\r\n", "\r", "\n\n", " \n", "\u{A0}", "\u{3000}", "\u{2028}", "\u{85}", "\u{B}", "\u{C}",
        "0", "12", "123", "1234", "3.14", "1,000", "٣٤٥", "१२३", "௧௨", "½", "Ⅻ", "①",
        "!", "?", ".", ",", "...", "--", "/", "//", "(", ")", "\"", "'", "`", "<", ">", "#", "@", "$", "€", "₹", "→",
        "नमस्ते", "क्षि", "श्री", "क़", "हिन्दी", "क्\u{200D}ष", "क्\u{200C}ष", "বাংলা", "র\u{200D}্যাব", "தமிழ்", "తెలుగు",
        "മലയാളം", "ന്\u{200D}", "ગુજરાતી", "ಕನ್ನಡ", "ਪੰਜਾਬੀ", "ଓଡ଼ିଆ", "اردو", "مَرْحَبًا", "日本語", "テキスト", "한국어", "中文",
        "e\u{301}", "\u{301}", "\u{308}", "\u{93C}", "\u{94D}", "\u{200D}", "\u{200C}", "\u{FEFF}", "\u{200B}",
        "👍", "👍🏽", "👨\u{200D}👩\u{200D}👧", "🏳️\u{200D}🌈", "❤️", "🇮🇳", "1️⃣",
        "<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|", "|>",
        "\u{E000}", "\u{F8FF}", "\u{378}", "\u{FFFF}", "\u{FFFD}", "\u{10FFFD}", "\u{10940}", "\u{1C89}", "ǅ", "ß", "İ", "ı", "Σ", "ς",
    ]

    private var generator: SplitMix64

    /// A generator of texts from `seed`.
    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// A random Unicode scalar from any plane (surrogates excluded).
    public mutating func randomScalar() -> Unicode.Scalar {
        while true {
            let plane = generator.next() % 8
            let value: UInt32
            switch plane {
            case 0, 1: value = UInt32(generator.next() % 0x80)
            case 2, 3: value = UInt32(generator.next() % 0x800)
            case 4, 5: value = UInt32(generator.next() % 0x10000)
            default: value = UInt32(generator.next() % 0x110000)
            }
            if let scalar = Unicode.Scalar(value) { return scalar }
        }
    }

    /// A random text of up to `maxParts` fragments and random scalars.
    public mutating func next(maxParts: Int = 24) -> String {
        let parts = Int(generator.next() % UInt64(maxParts)) + 1
        var text = ""
        for _ in 0..<parts {
            let choice = generator.next() % 10
            if choice < 7 {
                text += RandomText.fragments[Int(generator.next() % UInt64(RandomText.fragments.count))]
            } else if choice < 9 {
                text.unicodeScalars.append(randomScalar())
            } else {
                // A run of one fragment, to reach long pieces and whitespace runs.
                let fragment = RandomText.fragments[Int(generator.next() % UInt64(RandomText.fragments.count))]
                text += String(repeating: fragment, count: Int(generator.next() % 40) + 2)
            }
        }
        return text
    }

    /// Fragments of mostly ASCII text: every class the cl100k_base and o200k_base patterns tell apart in
    /// ASCII (letters of both cases, digits, white space of every kind, punctuation, slashes,
    /// contractions), and a few non-ASCII characters that end what their block scanners settle.
    public static let asciiFragments: [String] = [
        "the", " the", "The", " THE", "a", "aB", "camelCase", "XMLHttp", " I", "don't", "It'S", "IT'S", "it's's", "'s", "'S",
        "'ll", "'LL", "'lL", "'ve", "'VE", "'re", "'d", "'m", "'t", "'", "''", "'x", "'l", "'v", "'r", "\"", "\"'s", " '", " 's",
        ".", "...", ",", ";", "!?", "(", ")", "-", "--", "_", "$", "#", "/", "//", "@", "[", "`", "{", "~",
        "0", "1", "12", "123", "1234", "12345", " 42", " ", " ", " ", "  ", "   ", "\n", "\n", "\n\n", "\r\n", "\r",
        "\t", "\t\t", " \n", "\n ", " \n ", "\t\n", "\u{B}", "\u{C}", "\u{0}", "\u{1C}", "\u{1F}", "\u{7F}", ".\n",
        ".\n\n", "!\r\n", ".\n/", ".\n/\n/x", ".\n \n", ". ", "\" ", " .", " .x", "a.b", "a/b",
    ]
    /// Non-ASCII characters that turn up now and then in ``nextMostlyASCII()``.
    public static let rareFragments: [String] = [
        "\u{E9}", "\u{A0}", "\u{85}", "\u{2028}", "ſ", "'ſ", "\u{2019}", "\u{301}", "नमस्ते", "١٢", "👍",
    ]

    /// A mostly ASCII text of about 40, 120, 400 or 2,000 bytes (``asciiFragments``, runs of one
    /// fragment longer than 64 bytes, random ASCII bytes, and now and then a ``rareFragments`` character):
    /// long enough that the block scanners of cl100k_base and o200k_base settle pieces at every offset
    /// of their 64-byte blocks.
    public mutating func nextMostlyASCII() -> String {
        let size = [40, 120, 400, 2000][below(4)]
        var text = ""
        while text.utf8.count < size {
            let choice = below(100)
            if choice < 85 {
                text += RandomText.asciiFragments[below(RandomText.asciiFragments.count)]
            } else if choice < 95 {
                text += String(repeating: RandomText.asciiFragments[below(RandomText.asciiFragments.count)], count: below(89) + 2)
            } else if choice < 98 {
                for _ in 0...below(8) { text.unicodeScalars.append(Unicode.Scalar(UInt8(below(0x80)))) }
            } else {
                text += RandomText.rareFragments[below(RandomText.rareFragments.count)]
            }
        }
        return text
    }

    /// Fragments of text in other scripts, as the block scanners meet them: Indic words with their
    /// marks, ZWJ and ZWNJ, dandas, curly quotes and dashes, Latin with accents, Greek, Cyrillic, CJK,
    /// emoji, ASCII spaces, newlines, punctuation and contractions between them, and now and then what
    /// ends what a block settles (numbers and white space outside ASCII, `'ſ`).
    public static let scriptFragments: [String] = [
        "नमस्ते", " नमस्ते", "क्षि", " हिन्दी", "मराठी", " भाषा", "।", "॥", "তেলুগু", "తెలుగు", " తెలుగు", "తెలుగులో", "বাংলা",
        " বাংলা", "தமிழ்", " தமிழ்", "മലയാളം", "ગુજરાતી", "ಕನ್ನಡ", "ਪੰਜਾਬੀ", "ଓଡ଼ିଆ", "ि", "ं", "्", "ाँ", "\u{200D}", "\u{200C}",
        "क्\u{200D}ष", "e\u{301}", "café", " naïve", "Ωμέγα", " Привет", " мир", "日本語", "中文", "。", "、", "👍", "🇮🇳", "€", "→",
        "“", "”", "‘", "’", "—", "…", " ", " ", " ", "  ", "\n", "\n\n", " \n", "\r\n", "\t", ",", ".", "?", "!", "\"", "'", " '",
        "(", ")", "-", "/", "the", " the", "'s", "'ll", "a", "12", " 123", "१२३", "௧௨", "১৯৭১", " ৫", "\u{A0}", "\u{3000}", "\u{85}", "'ſ", "ſ",
    ]

    /// A text of about 40, 120, 400 or 2,000 bytes mostly in other scripts (``scriptFragments`` and
    /// runs of one of them), long enough that the block scanners settle pieces at every offset of
    /// their 64-byte blocks.
    public mutating func nextMostlyOtherScripts() -> String {
        let size = [40, 120, 400, 2000][below(4)]
        var text = ""
        while text.utf8.count < size {
            let fragment = RandomText.scriptFragments[below(RandomText.scriptFragments.count)]
            text += below(10) == 0 ? String(repeating: fragment, count: below(30) + 2) : fragment
        }
        return text
    }

    /// Random bytes (most of them not valid UTF-8).
    public mutating func nextBytes(maxLength: Int = 64) -> [UInt8] {
        let length = Int(generator.next() % UInt64(maxLength + 1))
        return (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    /// A random integer below `bound`.
    public mutating func below(_ bound: Int) -> Int { Int(generator.next() % UInt64(max(bound, 1))) }
}
