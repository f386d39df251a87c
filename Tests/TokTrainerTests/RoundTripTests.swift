import Foundation
import TokBPE
import TokTrainer
import TokUnicode
import XCTest

/// The ids tiktoken and Hugging Face tokenizers give with vocabularies trained by tokcost, recorded by
/// `Fixtures/make_roundtrip_fixtures.py`, checked here without Python.
final class RoundTripTests: XCTestCase {
    struct Expected: Decodable {
        struct Vocabulary: Decodable {
            let name: String
            let pattern: String
            let vocabulary_size: Int
            let special_tokens: [String]
            let options: [String]
            let cases: [Case]
        }
        struct Case: Decodable {
            let name: String
            let text: String
            let allowed_special: Bool?
            let tiktoken: [Int]
            let hf: [Int]
        }
        let tiktoken_version: String
        let tokenizers_version: String
        let vocabularies: [Vocabulary]
    }

    static let expected: Expected = {
        let url = try! TestSupport.fixture("roundtrip_expected.json")
        return try! JSONDecoder().decode(Expected.self, from: Data(contentsOf: url))
    }()

    func testTokcostGivesTiktokensAndHuggingFacesIDs() throws {
        XCTAssertEqual(Self.expected.vocabularies.count, 3)
        var checked = 0
        for vocabulary in Self.expected.vocabularies {
            let (encoding, definition) = try VocabularyDefinition.loadEncoding(ranksURL: try TestSupport.fixture("\(vocabulary.name).tiktoken"))
            XCTAssertEqual(definition.vocabularySize, vocabulary.vocabulary_size)
            let normalizer = try definition.normalizationForm().map { try Normalizer($0) }
            for item in vocabulary.cases {
                let text = try normalizer?.normalize(item.text) ?? item.text
                let ids = item.allowed_special == true && !encoding.specialTokens.isEmpty
                    ? try encoding.encode(text, allowedSpecial: .all)
                    : encoding.encodeOrdinary(text)
                XCTAssertEqual(ids, item.tiktoken, "\(vocabulary.name) \(item.name): tiktoken")
                XCTAssertEqual(ids, item.hf, "\(vocabulary.name) \(item.name): Hugging Face")
                XCTAssertEqual(try encoding.decode(ids).text, text)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 200)
    }

    func testRetrainingGivesByteIdenticalVocabularies() throws {
        let documents = try TestSupport.parallelCorpus()
        for vocabulary in Self.expected.vocabularies {
            let definition = try VocabularyDefinition.load(contentsOf: try TestSupport.fixture("\(vocabulary.name).json"))
            let training = try XCTUnwrap(definition.training)
            let settings = TrainerSettings(
                vocabularySize: vocabulary.vocabulary_size, minimumFrequency: training.minimumFrequency,
                pattern: try XCTUnwrap(definition.preTokenizer), normalization: try definition.normalizationForm(),
                specialTokens: vocabulary.special_tokens, maximumTokenLength: training.maximumTokenLength,
                scriptBalanceTemperature: training.scriptBalanceTemperature, threads: 2)
            let trained = try BPETrainer(settings: settings).train(documents: documents)
            let committed = try Data(contentsOf: try TestSupport.fixture("\(vocabulary.name).tiktoken"))
            XCTAssertEqual(trained.tiktokenData(), committed, vocabulary.name)
            XCTAssertEqual(trained.specialTokens, definition.specialTokens)
        }
    }

    func testHuggingFaceExportMatchesTheCommittedFile() throws {
        for vocabulary in Self.expected.vocabularies {
            let (encoding, definition) = try VocabularyDefinition.loadEncoding(ranksURL: try TestSupport.fixture("\(vocabulary.name).tiktoken"))
            let data = try HuggingFaceExport.tokenizerJSON(
                ranks: encoding.ranks, pattern: encoding.pattern, normalization: try definition.normalizationForm(),
                specialTokens: encoding.specialTokens)
            let committed = try Data(contentsOf: try TestSupport.fixture("\(vocabulary.name).tokenizer.json"))
            XCTAssertEqual(data, committed, vocabulary.name)
            let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let model = try XCTUnwrap(json["model"] as? [String: Any])
            XCTAssertEqual((model["vocab"] as? [String: Int])?.count, encoding.ranks.count)
        }
    }

    func testDefinitionFileIsReadBack() throws {
        let definition = try VocabularyDefinition.load(contentsOf: try TestSupport.fixture("rt_cl100k_1k.json"))
        XCTAssertEqual(definition.pattern, "cl100k")
        XCTAssertEqual(definition.normalization, "nfc")
        XCTAssertEqual(definition.specialTokens, ["<|endoftext|>": 1022, "<|fim_prefix|>": 1023])
        XCTAssertEqual(definition.mergeableRanks, 1022)
        XCTAssertEqual(definition.regex, PreTokenizerPattern.cl100k.regex)
    }
}
