import Foundation
import TokBPE
import TokTrainer
import TokUnicode
import TokVocabularies
import XCTest

/// The vocabulary trained by tokcost on Corpora/ and shipped in Vocabularies/.
final class ShippedVocabularyTests: XCTestCase {
    func testLoadsAndEncodes() throws {
        let (encoding, definition) = try VocabularyDefinition.loadShipped("tokcost_indic_4k")
        XCTAssertEqual(encoding.vocabularySize, 4096)
        XCTAssertEqual(encoding.specialTokens, ["<|endoftext|>": 4095])
        XCTAssertEqual(definition.pattern, "o200k")
        XCTAssertEqual(definition.normalization, "nfc")
        let text = "नमस्ते दुनिया। Hello world."
        XCTAssertEqual(try encoding.decode(encoding.encodeOrdinary(text)).text, text)
        XCTAssertThrowsError(try VocabularyDefinition.loadShipped("nope"))
    }

    func testRebuildsByteForByteFromCorpora() throws {
        let (_, definition) = try VocabularyDefinition.loadShipped("tokcost_indic_4k")
        let training = try XCTUnwrap(definition.training)
        XCTAssertEqual(training.corpus, ["Corpora/"])
        let files = try CorpusFiles.expand([TestSupport.packageRoot.appendingPathComponent("Corpora").path])
        let settings = TrainerSettings(
            vocabularySize: definition.vocabularySize, minimumFrequency: training.minimumFrequency,
            pattern: .o200k, normalization: .nfc, specialTokens: ["<|endoftext|>"],
            scriptBalanceTemperature: training.scriptBalanceTemperature, threads: 2)
        let trained = try BPETrainer(settings: settings).train(documents: try files.map { try CorpusDocument(contentsOf: $0) })
        let shipped = try Data(contentsOf: try XCTUnwrap(BundledVocabulary.url(forResource: "tokcost_indic_4k.tiktoken")))
        XCTAssertEqual(trained.tiktokenData(), shipped)
    }
}
