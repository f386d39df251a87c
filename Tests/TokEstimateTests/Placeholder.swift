import XCTest

final class TokEstimateTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
