import Foundation
import XCTest
@testable import TokEstimate

final class ChatTests: XCTestCase {
    /// The example of the OpenAI Cookbook "How to count tokens with tiktoken": 129 prompt tokens for
    /// gpt-3.5-turbo / gpt-4 (cl100k_base). The per-string cl100k_base counts below were computed with a
    /// reference BPE over the bundled cl100k_base vocabulary.
    func testOpenAICookbookExample() {
        let messages = [
            ChatMessage(role: "system", content: "You are a helpful, pattern-following assistant that translates corporate jargon into plain English."),
            ChatMessage(role: "system", content: "New synergies will help drive top-line growth.", name: "example_user"),
            ChatMessage(role: "system", content: "Things working well together will increase revenue.", name: "example_assistant"),
            ChatMessage(role: "system", content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.", name: "example_user"),
            ChatMessage(role: "system", content: "Let's talk later when we're less busy about how to do better.", name: "example_assistant"),
            ChatMessage(role: "user", content: "This late pivot means we don't have time to boil the ocean for the client deliverable."),
        ]
        let cl100k: [String: Int] = [
            "system": 1, "user": 1, "example_user": 2, "example_assistant": 3,
            "You are a helpful, pattern-following assistant that translates corporate jargon into plain English.": 18,
            "New synergies will help drive top-line growth.": 10,
            "Things working well together will increase revenue.": 8,
            "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage.": 18,
            "Let's talk later when we're less busy about how to do better.": 15,
            "This late pivot means we don't have time to boil the ocean for the client deliverable.": 19,
        ]
        let total = chatTokenCount(messages: messages, family: .openAI) { s in
            guard let n = cl100k[s] else { XCTFail("unexpected string \(s)"); return 0 }
            return n
        }
        XCTAssertEqual(total, 129)
        // Overhead alone: 6 messages × 3 + 4 names × 1 + 3 priming = 25.
        XCTAssertEqual(chatTokenCount(messages: messages, family: .openAI) { _ in 0 }, 25)
        XCTAssertEqual(chatTokenCount(messages: [], family: .openAI) { _ in 0 }, 3)
        XCTAssertEqual(chatTokenCount(messages: messages, family: .none) { _ in 0 }, 0)
    }

    func testParseMessagesFile() throws {
        let json = #"[{"role":"system","content":"Be brief."},{"role":"user","name":"amy","content":[{"type":"text","text":"Hi "},{"type":"image_url","image_url":{"url":"x"}},{"type":"text","text":"there"}]},{"role":"assistant","content":null}]"#
        let m = try ChatInput.parseMessages(Data(json.utf8), file: "m.json")
        XCTAssertEqual(m, [ChatMessage(role: "system", content: "Be brief."),
                           ChatMessage(role: "user", content: "Hi there", name: "amy"),
                           ChatMessage(role: "assistant", content: "")])
        let body = #"{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}"#
        XCTAssertEqual(try ChatInput.parseMessages(Data(body.utf8), file: "b.json").count, 1)
        XCTAssertThrowsError(try ChatInput.parseMessages(Data(#"[{"content":"x"}]"#.utf8), file: "m.json")) { e in
            XCTAssertEqual("\(e)", "m.json: [0].role: missing")
        }
        XCTAssertThrowsError(try ChatInput.parseMessages(Data(#"[{"role":"user","content":5}]"#.utf8), file: "m.json")) { e in
            XCTAssertEqual("\(e)", "m.json: [0].content: expected a string or an array of parts, found number")
        }
    }

    func testParseBatchFile() throws {
        let text = """
        {"custom_id": "req-1", "method": "POST", "url": "/v1/chat/completions", "body": {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Hello"}], "max_tokens": 100}}

        {"model": "gpt-4o", "messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]}
        """
        let requests = try ChatInput.parseBatch(text, file: "batch.jsonl")
        XCTAssertEqual(requests, [
            BatchRequest(line: 1, customID: "req-1", model: "gpt-4o-mini", messages: [ChatMessage(role: "user", content: "Hello")], maxOutputTokens: 100),
            BatchRequest(line: 3, model: "gpt-4o", messages: [ChatMessage(role: "system", content: "S"), ChatMessage(role: "user", content: "U")]),
        ])
    }

    func testBatchErrorsCarryLineNumbers() {
        let cases: [(String, String)] = [
            ("{\"model\":\"a\",\"messages\":[]}\n{oops", "b.jsonl:2: not valid JSON"),
            ("{\"messages\":[]}", "b.jsonl:1: model: missing"),
            ("{\"custom_id\":\"x\",\"body\":{\"model\":\"a\"}}", "b.jsonl:1: body.messages: missing"),
            ("\n\n{\"model\":\"a\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"content\":\"y\"}]}", "b.jsonl:3: messages[1].role: missing"),
            ("{\"model\":7,\"messages\":[]}", "b.jsonl:1: model: expected a string, found number"),
            ("[1]", "b.jsonl:1: expected a JSON object, found array"),
            ("{\"model\":\"a\",\"messages\":[],\"max_tokens\":-1}", "b.jsonl:1: max_tokens: expected a non-negative integer, found -1.0"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try ChatInput.parseBatch(text, file: "b.jsonl"), message) { e in
                XCTAssertEqual("\(e)", message)
            }
        }
    }
}
