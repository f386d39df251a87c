import XCTest

final class TokBPETestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
