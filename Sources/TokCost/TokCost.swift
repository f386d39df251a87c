@_exported import TokBPE
@_exported import TokUnicode
@_exported import TokEstimate
@_exported import TokTrainer
@_exported import TokHuggingFace
