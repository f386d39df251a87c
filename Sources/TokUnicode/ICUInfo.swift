import CICU

/// Versions of the ICU library linked at run time, for reports ("counted with ICU 72.1, Unicode 15.0").
public enum ICUInfo {
    /// The ICU version, e.g. "72.1".
    public static var version: String { format(cicu_version) }
    /// The Unicode version of ICU's character data, e.g. "15.0".
    public static var unicodeVersion: String { format(cicu_unicode_version) }

    /// Formats a 4-part ICU version as "major.minor" (plus ".patch" when it is not 0).
    private static func format(_ get: (UnsafeMutablePointer<UInt8>?) -> Void) -> String {
        var v = [UInt8](repeating: 0, count: 4)
        v.withUnsafeMutableBufferPointer { get($0.baseAddress) }
        return v[2] == 0 ? "\(v[0]).\(v[1])" : "\(v[0]).\(v[1]).\(v[2])"
    }
}
