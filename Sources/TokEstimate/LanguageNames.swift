/// Readable language names for the file stems of tokcost's parallel corpus (ISO 639-3 codes).
public enum LanguageNames {
    /// `eng` → English, `hin` → Hindi, … for the 12 shipped languages.
    public static let byCode: [String: String] = [
        "eng": "English", "hin": "Hindi", "ben": "Bengali", "guj": "Gujarati", "kan": "Kannada",
        "mal": "Malayalam", "mar": "Marathi", "ori": "Odia", "pan": "Punjabi", "tam": "Tamil",
        "tel": "Telugu", "urd": "Urdu",
    ]

    /// The language of a file: its stem's name when known (`Corpora/parallel/hin.txt` → Hindi), else the file name.
    public static func label(forPath path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        let stem = file.split(separator: ".").first.map(String.init) ?? file
        return byCode[stem.lowercased()] ?? file
    }
}
