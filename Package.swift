// swift-tools-version: 6.0
// tokcost: exact byte-level BPE token counting and cost estimates, with an ICU-backed Unicode layer.
//
// Data flows one way through the modules:
//   TokUnicode (normalize, scripts, boundaries, UTF-8 validation; on ICU via CICU)
//   TokBPE     (vocabularies, pre-tokenizers, encoder; category table in CTokCategories)
//   TokEstimate (model catalogue, estimates, budgets, reports)
//   TokCost    (umbrella: `import TokCost` gives all of the above)
//   tokcost    (the command-line tool)
import PackageDescription

let package = Package(
    name: "tokcost",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "TokCost", targets: ["TokCost"]),
        .executable(name: "tokcost", targets: ["tokcost"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // C shim over system ICU (libicu-dev): plain C types in its public header only.
        .target(
            name: "CICU",
            path: "Sources/CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]
        ),
        // Normalization, script runs, grapheme/word/sentence boundaries, text profile.
        .target(name: "TokUnicode", dependencies: ["CICU", "CTokCategories"], exclude: ["README.md"]),
        // Throughput benchmark of the Unicode layer (see Sources/TokUnicode/README.md).
        .executableTarget(name: "TokUnicodeBench", dependencies: ["TokUnicode"]),
        // Generated Unicode 16.0 category table used by the pre-tokenizer scanners.
        .target(name: "CTokCategories", path: "Sources/CTokCategories", exclude: ["generate_categories.py"]),
        // The vocabulary files shipped with the package, exposed through Bundle.module.
        .target(
            name: "TokVocabularies",
            path: "Vocabularies",
            exclude: ["fetch_vocabularies.sh", "PROVENANCE.md"],
            resources: [
                .copy("o200k_base.tiktoken"),
                .copy("cl100k_base.tiktoken"),
                .copy("p50k_base.tiktoken"),
                .copy("r50k_base.tiktoken"),
                .copy("tokcost_indic_4k.tiktoken"),
                .copy("tokcost_indic_4k.json"),
                .copy("deepseek_v3"),
            ]
        ),
        // Byte-level BPE: vocabularies, pre-tokenizers, encoder, decoder, file formats.
        .target(
            name: "TokBPE",
            dependencies: ["CTokCategories", "TokVocabularies", "TokUnicode"]
        ),
        // BPE trainer: piece counting, merges, vocabulary files and Hugging Face export.
        .target(name: "TokTrainer", dependencies: ["TokBPE", "TokUnicode"], exclude: ["README.md"]),
        .testTarget(name: "TokTrainerTests", dependencies: ["TokTrainer"], resources: [.copy("Fixtures")]),
        // Model catalogue, estimates, context budgets, comparisons and report renderers.
        .target(
            name: "TokEstimate",
            dependencies: ["TokBPE", "TokUnicode", "TokHuggingFace"],
            exclude: ["Resources/refresh_catalogue.py", "README.md"],
            resources: [.copy("Resources/models.json")]
        ),
        // Hugging Face tokenizer.json BPE tokenizers (DeepSeek, Llama 3, Qwen, Mistral, …), exact to `tokenizers`.
        .target(
            name: "TokHuggingFace", dependencies: ["TokBPE", "TokUnicode", "TokVocabularies", "CICU", "CTokCategories"],
            exclude: ["README.md", "generate_normalization_gaps.py"]),
        // Umbrella module: `import TokCost`.
        .target(name: "TokCost", dependencies: ["TokBPE", "TokUnicode", "TokEstimate", "TokTrainer", "TokHuggingFace"]),
        // The command-line tool.
        .executableTarget(
            name: "tokcost",
            dependencies: ["TokCost", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // Encoder throughput on files, for the side-by-side benchmark against tiktoken.
        .executableTarget(name: "tokcost-bench", dependencies: ["TokBPE"]),
        // Random text generation and encoder invariants, shared by the fuzz tool and the tests.
        .target(name: "TokFuzzSupport", dependencies: ["TokBPE", "TokUnicode"]),
        // Long seeded fuzz runs and a JSONL encoder for the differential test against tiktoken.
        .executableTarget(name: "tokcost-fuzz", dependencies: ["TokBPE", "TokFuzzSupport", "TokHuggingFace"]),
        // tokenizer.json encoder throughput, for the side-by-side benchmark against Hugging Face tokenizers.
        .executableTarget(name: "tokcost-hf-bench", dependencies: ["TokHuggingFace"]),
        .testTarget(name: "TokBPETests", dependencies: ["TokBPE", "TokFuzzSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TokHuggingFaceTests", dependencies: ["TokHuggingFace"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TokUnicodeTests", dependencies: ["TokUnicode"]),
        .testTarget(name: "TokEstimateTests", dependencies: ["TokEstimate", "TokBPE", "TokUnicode", "TokHuggingFace"]),
        .testTarget(name: "TokCostCLITests", dependencies: ["tokcost"]),
    ]
)
