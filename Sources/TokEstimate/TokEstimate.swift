import TokBPE
