import XCTest

final class TokCostCLITestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
