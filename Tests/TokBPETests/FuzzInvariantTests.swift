import TokBPE
import TokFuzzSupport
import XCTest

/// A short seeded run of the invariants that `tokcost-fuzz invariants` checks millions of times:
/// round trip, count == encode.count, no special ids from ordinary text, concatenation at safe split
/// points, the special-token policy, and invalid UTF-8 rejected at the right offset.
final class FuzzInvariantTests: XCTestCase {
    func testSeededInvariants() {
        for encoding in SharedEncodings.all {
            var checker = InvariantChecker(encoding: encoding)
            var texts = RandomText(seed: 20_261_123)
            for i in 0..<400 {
                checker.check(texts.next())
                if i % 2 == 0 { checker.check(bytes: texts.nextBytes()) }
            }
            XCTAssertEqual(checker.failures, [], encoding.name)
            XCTAssertEqual(checker.cases, 600)
        }
    }
}
