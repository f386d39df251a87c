import XCTest

final class TokUnicodeTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
